/**
 * Checking a register entry's fields and turning them into a row and back. One check for the API and the
 * import, so that both refuse the same things with the same codes and zh/en messages.
 */
import {
  validateDate,
  validateDomain,
  validateIcpFilingNumber,
  validateIp,
  validateLicenceNumber,
} from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import type {
  Checked,
  EntryIssue,
  FieldSpec,
  FieldValue,
  RegisterContext,
  RegisterKind,
  Values,
} from './kind.ts';

const TEXT_MAX = 200;
const LIST_MAX = 50;

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);

const fromValidation = (r: { ok: boolean; code: string; message: Text; value?: unknown }): Checked =>
  r.ok && typeof r.value === 'string'
    ? { ok: true, value: r.value }
    : { ok: false, code: r.code, message: r.message };

// ------------------------------------------------------------------ the engine's validators as checks

export const checkDomain = (s: string): Checked => fromValidation(validateDomain(s));

export const checkFilingNumber = (s: string, ctx: RegisterContext): Checked =>
  fromValidation(validateIcpFilingNumber(ctx.kb, s, ctx.today));

export const checkLicenceNumber = (s: string, ctx: RegisterContext): Checked =>
  fromValidation(validateLicenceNumber(ctx.kb, s, ctx.today));

export const checkIp = (s: string): Checked => fromValidation(validateIp(s));

/**
 * A public-security filing number (京公网安备11010502030143号). The kb has no pattern for it, so the
 * engine's filing validator decides only that the text has that form (its ICP_FILING_PUBLIC_SECURITY answer):
 * spaces and full-width forms are folded, and anything else is refused.
 */
export function checkPublicSecurityNumber(s: string, ctx: RegisterContext): Checked {
  const folded = s.normalize('NFKC').replace(/\s+/g, '');
  const r = validateIcpFilingNumber(ctx.kb, folded, ctx.today);
  if (r.code === 'ICP_FILING_PUBLIC_SECURITY' && /^\p{Script=Han}公网安备\d+号$/u.test(folded))
    return { ok: true, value: folded };
  return {
    ok: false,
    code: 'PUBLIC_SECURITY_NUMBER_FORM',
    message: {
      zh: `${show(s)} 不是公安联网备案号；其形式为 省简称 + 公网安备 + 数字 + 号`,
      en: `${show(s)} is not a public-security filing number, which is a province character, 公网安备, digits and 号`,
    },
  };
}

/** a kb authority id (MIIT, CN-GD) */
export function checkAuthority(s: string, ctx: RegisterContext): Checked {
  const id = s.normalize('NFKC').trim().toUpperCase();
  if (ctx.kb.authorities.has(id)) return { ok: true, value: id };
  return {
    ok: false,
    code: 'AUTHORITY_UNKNOWN',
    message: {
      zh: `${show(s)} 不是知识库中的机关；请填写如 MIIT 或 CN-GD`,
      en: `${show(s)} is not an authority of the kb; give one such as MIIT or CN-GD`,
    },
  };
}

/** a province code of the kb (CN-GD) for the mainland, else a two-letter country or region code */
export function checkLocation(s: string, ctx: RegisterContext): Checked {
  const code = s.normalize('NFKC').trim().toUpperCase();
  if (code === 'CN' || ctx.kb.authorities.get(code)?.kind === 'provincial-ca' || /^[A-Z]{2}$/.test(code))
    return { ok: true, value: code };
  return {
    ok: false,
    code: 'LOCATION_UNKNOWN',
    message: {
      zh: `位置 ${show(s)} 无效；境内填写省级行政区代码（如 CN-GD），境外填写国家或地区代码（如 HK、US）`,
      en: `the location ${show(s)} is not valid; give a province code (CN-GD) for the mainland, else a country or region code (HK, US)`,
    },
  };
}

// ------------------------------------------------------------------ one field

function checkOne(f: FieldSpec, raw: unknown, ctx: RegisterContext): Checked {
  if (typeof raw !== 'string')
    return { ok: false, code: 'FIELD_TYPE', message: { zh: '应为文本', en: 'expected text' } };
  const s = raw.normalize('NFC').trim();
  const max = f.max ?? TEXT_MAX;
  if (s.length > max)
    return {
      ok: false,
      code: 'FIELD_TOO_LONG',
      message: { zh: `超过 ${max} 个字符`, en: `longer than ${max} characters` },
    };
  if (f.type === 'date') return fromValidation(validateDate(s));
  if (f.values) {
    const v = s.toLowerCase();
    if (f.values?.includes(v)) return { ok: true, value: v };
    return {
      ok: false,
      code: 'FIELD_VALUE_UNKNOWN',
      message: {
        zh: `${show(s)} 无效；可选 ${f.values?.join('、')}`,
        en: `${show(s)} is not valid; use one of ${f.values?.join(', ')}`,
      },
    };
  }
  return f.check ? f.check(s, ctx) : { ok: true, value: s };
}

const blank = (v: unknown) =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && !v.length);

/** the field's value checked and normalised, or its issue */
export function checkField(
  f: FieldSpec,
  raw: unknown,
  ctx: RegisterContext,
): { ok: true; value: FieldValue } | { ok: false; issue: EntryIssue } {
  const fail = (code: string, message: Text) => ({
    ok: false as const,
    issue: { field: f.key, code, message },
  });
  if (blank(raw)) {
    if (f.type === 'list') return { ok: true, value: [] };
    if (f.type === 'enum' && f.defaultValue) return { ok: true, value: f.defaultValue };
    if (f.required) return fail('REQUIRED', { zh: `请填写${f.zh}`, en: `${f.en} is required` });
    return { ok: true, value: null };
  }
  if (f.type === 'int') {
    const n = typeof raw === 'string' && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      return fail('FIELD_NOT_INTEGER', { zh: '应为整数', en: 'expected a whole number' });
    return { ok: true, value: n };
  }
  if (f.type === 'list') {
    if (!Array.isArray(raw)) return fail('FIELD_TYPE', { zh: '应为列表', en: 'expected a list' });
    if (raw.length > LIST_MAX)
      return fail('LIST_TOO_LONG', { zh: `最多 ${LIST_MAX} 项`, en: `at most ${LIST_MAX} items` });
    const out: string[] = [];
    for (const item of raw) {
      const r = checkOne(f, item, ctx);
      if (!r.ok) return fail(r.code, r.message);
      if (!out.includes(r.value)) out.push(r.value);
    }
    return { ok: true, value: out };
  }
  const r = checkOne(f, raw, ctx);
  return r.ok ? { ok: true, value: r.value } : fail(r.code, r.message);
}

/** every field of the kind checked (a missing one is blank), and the kind's checks across fields */
export function checkValues(
  kind: RegisterKind,
  input: Record<string, unknown>,
  ctx: RegisterContext,
  licence?: Parameters<NonNullable<RegisterKind['crossCheck']>>[2],
): { ok: true; values: Values } | { ok: false; issues: EntryIssue[] } {
  const values: Values = {};
  const issues: EntryIssue[] = [];
  for (const f of kind.fields) {
    if (f.readOnly) continue;
    const r = checkField(f, input[f.key], ctx);
    if (r.ok) values[f.key] = r.value;
    else issues.push(r.issue);
  }
  if (!issues.length && kind.crossCheck) issues.push(...kind.crossCheck(values, ctx, licence));
  return issues.length ? { ok: false, issues } : { ok: true, values };
}

/** "to is after from" as an issue of `to`, when both are given */
export function notBefore(
  v: Values,
  from: string,
  to: string,
  names: { from: Text; to: Text },
): EntryIssue[] {
  const a = v[from];
  const b = v[to];
  if (typeof a !== 'string' || typeof b !== 'string' || b > a) return [];
  return [
    {
      field: to,
      code: 'DATES_OUT_OF_ORDER',
      message: {
        zh: `${names.to.zh} ${b} 不晚于${names.from.zh} ${a}；请核对日期`,
        en: `${names.to.en} ${b} is not after ${names.from.en} ${a}; check the dates`,
      },
    },
  ];
}

// ------------------------------------------------------------------ rows

export type AnyRow = Record<string, string | number | null>;

/** the columns of checked values */
export function columnsOf(kind: RegisterKind, values: Values): AnyRow {
  const row: AnyRow = {};
  for (const f of kind.fields) {
    const v = values[f.key];
    if (v === undefined) continue;
    row[f.column] = Array.isArray(v) ? JSON.stringify(v) : v;
  }
  return row;
}

/** the fields of a row, as the API shows them */
export function valuesOf(kind: RegisterKind, row: AnyRow): Values {
  const values: Values = {};
  for (const f of kind.fields) {
    const v = row[f.column] ?? null;
    values[f.key] =
      f.type === 'list'
        ? (JSON.parse(String(v ?? '[]')) as string[])
        : f.type === 'int' && v !== null
          ? Number(v)
          : v;
  }
  return values;
}
