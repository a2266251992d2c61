/**
 * ICP filing numbers (ICP备案号, e.g. 粤ICP备2024012345号-1) and VATS licence numbers (经营许可证编号, e.g.
 * 粤B2-20090059, 合字B2-20190051). Whether a number is valid is decided ONLY by the regular expressions kept in
 * the knowledge base (parameters icp-filing-number-pattern and licence-number-pattern, in force on asOf):
 * this file holds no legal format. It only splits a number that the kb pattern accepted into its parts
 * (province character, category classes, year, serial, 合字, site suffix) and maps the province character to
 * an authority through kb.authorities (licencePrefix, filingPrefixes).
 *
 * The older display form "京ICP证030173号" is verified against the kb parameter icp-certificate-number-pattern
 * when the kb has one; while it has none, the form is reported as recognised but unverifiable.
 */
import { type Authority, inForce, type Kb } from '@icpdesk/kb';
import { isIsoDateString } from './date.ts';
import {
  asOfInvalidResult,
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const numberCodes = [
  'ICP_FILING_OK',
  'ICP_FILING_TYPE',
  'ICP_FILING_EMPTY',
  'ICP_FILING_PROVINCE',
  'ICP_FILING_MISSING_HAO',
  'ICP_FILING_IS_LICENCE',
  'ICP_FILING_LICENSEE_FORM',
  'ICP_FILING_PUBLIC_SECURITY',
  'ICP_FILING_PATTERN',
  'ICP_FILING_YEAR_AFTER_AS_OF',
  'LICENCE_OK',
  'LICENCE_TYPE',
  'LICENCE_EMPTY',
  'LICENCE_PROVINCE',
  'LICENCE_HYPHEN',
  'LICENCE_IS_FILING',
  'LICENCE_DISPLAY_FORM_UNVERIFIABLE',
  'LICENCE_PATTERN',
  'LICENCE_YEAR_AFTER_AS_OF',
  'NUMBER_PATTERN_MISSING',
  'NUMBER_PATTERN_INVALID',
  'AS_OF_INVALID',
] as const;
export type NumberCode = (typeof numberCodes)[number];

/** kb parameter ids read by this file */
export const NUMBER_PATTERN_PARAMETERS = {
  filing: 'icp-filing-number-pattern',
  licence: 'licence-number-pattern',
  certificate: 'icp-certificate-number-pattern',
} as const;

interface Text {
  zh: string;
  en: string;
}

/** Where a pattern came from, reported in details. */
export interface PatternProvenance {
  parameter: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  confidence?: string;
  /** the kb's explanation of the format, used in messages when a number does not match */
  note?: Text;
}

export interface NumberPatternSource {
  /** RegExp source for ICP filing numbers */
  filingPattern?: string;
  /** RegExp source for licence numbers */
  licencePattern?: string;
  /** RegExp source for the older "京ICP证030173号" form, if known */
  certificatePattern?: string;
  /** authorities, for mapping a province character to the authority (kb.authorities.values()) */
  authorities?: Iterable<Authority>;
  /** YYYY-MM-DD: authorities must be in force then, and a number's year may not be after it */
  asOf?: string;
  provenance?: { filing?: PatternProvenance; licence?: PatternProvenance; certificate?: PatternProvenance };
}

/** Either pattern strings (and optionally authorities), or a loaded kb and the date to read it as of. */
export type NumberRules = NumberPatternSource | { kb: Kb; asOf: string };

const fromKbCache = new WeakMap<Kb, Map<string, NumberPatternSource>>();

/** Reads the patterns in force on asOf from the kb (cached per kb and date). */
export function numberPatternsFromKb(kb: Kb, asOf: string): NumberPatternSource {
  let byDate = fromKbCache.get(kb);
  if (!byDate) {
    byDate = new Map();
    fromKbCache.set(kb, byDate);
  }
  const hit = byDate.get(asOf);
  if (hit) return hit;
  const read = (id: string): { pattern?: string; provenance?: PatternProvenance } => {
    const p = kb.parameterAt(id, asOf);
    if (!p || typeof p.value !== 'string') return {};
    return {
      pattern: p.value,
      provenance: {
        parameter: id,
        effectiveFrom: p.effective.from,
        ...(p.effective.to ? { effectiveTo: p.effective.to } : {}),
        confidence: p.confidence,
        ...(p.note ? { note: p.note } : {}),
      },
    };
  };
  const f = read(NUMBER_PATTERN_PARAMETERS.filing);
  const l = read(NUMBER_PATTERN_PARAMETERS.licence);
  const c = read(NUMBER_PATTERN_PARAMETERS.certificate);
  const src: NumberPatternSource = {
    ...(f.pattern ? { filingPattern: f.pattern } : {}),
    ...(l.pattern ? { licencePattern: l.pattern } : {}),
    ...(c.pattern ? { certificatePattern: c.pattern } : {}),
    authorities: [...kb.authorities.values()],
    asOf,
    provenance: {
      ...(f.provenance ? { filing: f.provenance } : {}),
      ...(l.provenance ? { licence: l.provenance } : {}),
      ...(c.provenance ? { certificate: c.provenance } : {}),
    },
  };
  if (byDate.size > 1000) byDate.clear();
  byDate.set(asOf, src);
  return src;
}

function isKb(v: unknown): v is Kb {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Kb).parameterAt === 'function' &&
    (v as Kb).authorities instanceof Map
  );
}

/** Sorts out the two call forms: (input, rules) and (kb, input, asOf). */
function callForm(args: unknown[]): [unknown, NumberRules] {
  const [a, b, c] = args;
  if (args.length >= 3 && isKb(a)) return [b, { kb: a, asOf: c as string }];
  return [a, b as NumberRules];
}

function resolve(rules: NumberRules): NumberPatternSource {
  if (rules === null || typeof rules !== 'object') return {};
  if (!('kb' in rules)) return rules;
  // an invalid date is reported by the caller's AS_OF_INVALID check, not read from the kb
  return isIsoDateString(rules.asOf)
    ? numberPatternsFromKb(rules.kb, rules.asOf)
    : { asOf: String(rules.asOf) };
}

const compiled = new Map<string, RegExp | null>();
/** Compiles a pattern once; null when it is not a valid regular expression. */
function compile(source: string): RegExp | null {
  let re = compiled.get(source);
  if (re !== undefined) return re;
  try {
    re = new RegExp(source, 'u');
  } catch {
    try {
      re = new RegExp(source);
    } catch {
      re = null;
    }
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(source, re);
  return re;
}

/** Trim, fold full-width forms and dashes, drop inner spaces, upper-case ASCII letters. */
export function normaliseNumber(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63]/g, '-')
    .replace(/\s+/g, '')
    .replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** inputs longer than this are far longer than any real number: they are not diagnosed part by part */
const MAX_DIAGNOSED = 64;
const FILING_SHAPE = /^(\p{Script=Han})ICP备(\d+)号(?:-(\d+)([A-Z])?)?$/u;
const LICENCE_SHAPE = /^(合字)?(\p{Script=Han})?((?:[A-Z]\d\.)*[A-Z]\d)-(\d+)$/u;
const CERTIFICATE_SHAPE = /^(\p{Script=Han})ICP证(\d+)号$/u;
const LICENSEE_FILING_SHAPE = /^(.+)-(\d+)([A-Z])?$/u;

interface AuthorityRef {
  id: string;
  name: Text;
}

function authorityFor(
  src: NumberPatternSource,
  match: (a: Authority) => boolean,
): AuthorityRef | null | undefined {
  if (!src.authorities) return undefined;
  for (const a of src.authorities) {
    if (src.asOf && !inForce(a.effective, src.asOf)) continue;
    if (match(a)) return { id: a.id, name: a.name };
  }
  return null;
}

function knownPrefixes(src: NumberPatternSource, kind: 'filing' | 'licence'): string[] {
  const out = new Set<string>();
  for (const a of src.authorities ?? []) {
    if (src.asOf && !inForce(a.effective, src.asOf)) continue;
    if (kind === 'licence' && a.licencePrefix) out.add(a.licencePrefix);
    if (kind === 'filing') for (const p of a.filingPrefixes ?? []) out.add(p);
  }
  return [...out];
}

function patternMissing(what: Text, parameter: string, asOf: string | undefined): Validation {
  return validationFail(
    'NUMBER_PATTERN_MISSING',
    {
      zh: `知识库中没有${asOf ? ` ${asOf} 时有效的` : ''}${what.zh}格式（参数 ${parameter}），无法校验；请补充知识库或换一个参照日期`,
      en: `the knowledge base has no ${what.en} format${asOf ? ` in force on ${asOf}` : ''} (parameter ${parameter}), so the number cannot be checked; add it to the kb or use another reference date`,
    },
    { parameter },
  );
}

function patternInvalid(parameter: string, pattern: string): Validation {
  return validationFail(
    'NUMBER_PATTERN_INVALID',
    {
      zh: `知识库参数 ${parameter} 的值不是有效的正则表达式，无法校验；请修正知识库`,
      en: `the kb parameter ${parameter} is not a valid regular expression, so nothing can be checked; fix the kb`,
    },
    { parameter, pattern },
  );
}

function formatNote(p: PatternProvenance | undefined): Text {
  return p?.note
    ? { zh: `格式说明：${p.note.zh}`, en: `About the format: ${p.note.en}` }
    : { zh: '', en: '' };
}

function yearAfter(code: string, year: number, asOf: string): Validation {
  return validationFail(
    code,
    {
      zh: `编号中的年份 ${year} 晚于参照日期 ${asOf}；请核对年份数字`,
      en: `the year in the number, ${year}, is after the reference date ${asOf}; check the year digits`,
    },
    { year, asOf },
  );
}

// ---------------------------------------------------------------- ICP filing numbers

const FILING = { zh: 'ICP备案号', en: 'ICP filing number' };
const FILING_SUBJECT = { zh: 'ICP备案号', en: 'The ICP filing number' };

export type FilingKind = 'entity' | 'website' | 'app' | 'mini-program';

/**
 * Validates an ICP filing number against the kb pattern: (input, rules) or (kb, input, asOf). `value` is the normalised number. Details when ok:
 * province, authority ({ id, name } or null when the character maps to none), year, serial, site (the -N
 * suffix or null), kind ('entity' with no suffix, 'website' -N, 'app' -NA, 'mini-program' -NX), pattern.
 */
export function validateIcpFilingNumber(input: unknown, rules: NumberRules): Validation;
export function validateIcpFilingNumber(kb: Kb, input: unknown, asOf: string): Validation;
export function validateIcpFilingNumber(...args: unknown[]): Validation {
  const [input, rules] = callForm(args);
  const src = resolve(rules);
  if (src.asOf !== undefined && !isIsoDateString(src.asOf)) return asOfInvalidResult(src.asOf);
  if (typeof input !== 'string') return wrongTypeResult('ICP_FILING_TYPE', FILING_SUBJECT, input);
  const s = normaliseNumber(input);
  if (s === '') return emptyResult('ICP_FILING_EMPTY', FILING_SUBJECT, '粤ICP备2024012345号-1');
  const param = NUMBER_PATTERN_PARAMETERS.filing;
  if (!src.filingPattern) return patternMissing(FILING, param, src.asOf);
  const re = compile(src.filingPattern);
  if (!re) return patternInvalid(param, src.filingPattern);
  const pattern = src.provenance?.filing ?? { parameter: param };

  if (re.test(s)) {
    const m = FILING_SHAPE.exec(s);
    if (!m) return validationOk('ICP_FILING_OK', filingOkMessage(s, null), s, { pattern, parsed: false });
    const [, province, digits, site, suffix] = m;
    const year =
      digits!.length === 10
        ? Number(digits!.slice(0, 4))
        : digits!.length === 8
          ? 2000 + Number(digits!.slice(0, 2))
          : null;
    const serial =
      digits!.length === 10 ? digits!.slice(4) : digits!.length === 8 ? digits!.slice(2) : digits!;
    if (year !== null && src.asOf && year > Number(src.asOf.slice(0, 4))) {
      return yearAfter('ICP_FILING_YEAR_AFTER_AS_OF', year, src.asOf);
    }
    const authority = authorityFor(src, (a) => (a.filingPrefixes ?? []).includes(province!)) ?? null;
    const kind: FilingKind =
      site === undefined ? 'entity' : suffix === 'A' ? 'app' : suffix === 'X' ? 'mini-program' : 'website';
    return validationOk('ICP_FILING_OK', filingOkMessage(s, authority, province), s, {
      province,
      authority,
      year,
      serial,
      site: site === undefined ? null : Number(site),
      kind,
      pattern,
    });
  }

  // not accepted: say why, as precisely as the kb patterns allow (real numbers are short: diagnose only those)
  if (s.length > MAX_DIAGNOSED) return filingMismatch(s, param, pattern);
  if (s.includes('公网安备')) {
    return validationFail('ICP_FILING_PUBLIC_SECURITY', {
      zh: `${showInput(s)} 是公安联网备案号（公网安备），不是 ICP 备案号；ICP 备案号形如 粤ICP备2024012345号`,
      en: `${showInput(s)} is a public-security filing number (公网安备), not an ICP filing number, which looks like 粤ICP备2024012345号`,
    });
  }
  const licenceRe = src.licencePattern ? compile(src.licencePattern) : null;
  if (CERTIFICATE_SHAPE.test(s) || licenceRe?.test(s)) {
    return validationFail('ICP_FILING_IS_LICENCE', {
      zh: `${showInput(s)} 是增值电信业务经营许可证编号，不是 ICP 备案号；请在许可证编号一栏填写，或另填备案号`,
      en: `${showInput(s)} is a VATS licence number, not an ICP filing number; enter it as a licence number, or give the filing number`,
    });
  }
  const licensee = LICENSEE_FILING_SHAPE.exec(s);
  if (licensee && licenceRe?.test(licensee[1]!)) {
    return validationFail(
      'ICP_FILING_LICENSEE_FORM',
      {
        zh: `${showInput(s)} 是持证单位以许可证号加序号组成的备案号；其中许可证号部分格式正确，但知识库没有这种备案号的格式，无法确认，请到工信部备案系统核实`,
        en: `${showInput(s)} is a filing number made of a licence number plus a serial, as licensees have; the licence part is well formed, but the kb has no format for this kind of filing number, so confirm it in MIIT's filing system`,
      },
      { licenceNumber: licensee[1], site: Number(licensee[2]), recognised: true, verifiable: false },
    );
  }
  const shape = FILING_SHAPE.exec(s);
  if (shape) {
    const prefixes = knownPrefixes(src, 'filing');
    if (!prefixes.includes(shape[1]!) && prefixes.some((p) => re.test(p + s.slice(shape[1]!.length)))) {
      return validationFail(
        'ICP_FILING_PROVINCE',
        {
          zh: `开头的省份简称 "${shape[1]}" 不是备案号使用的省份简称（如 ${prefixes.slice(0, 6).join('、')}）；请核对第一个字`,
          en: `the leading character "${shape[1]}" is not a province abbreviation used in filing numbers (such as ${prefixes.slice(0, 6).join(', ')}); check the first character`,
        },
        { province: shape[1], validProvinces: prefixes },
      );
    }
  }
  const noHao = /^(\p{Script=Han}ICP备\d+)(-\d+[A-Z]?)?$/u.exec(s);
  if (noHao && re.test(`${noHao[1]}号${noHao[2] ?? ''}`)) {
    const fixed = `${noHao[1]}号${noHao[2] ?? ''}`;
    return validationFail(
      'ICP_FILING_MISSING_HAO',
      {
        zh: `备案号数字之后缺少"号"字；应为 ${fixed}`,
        en: `the filing number lacks 号 after the digits; it should read ${fixed}`,
      },
      { suggestion: fixed },
    );
  }
  return filingMismatch(s, param, pattern);
}

function filingMismatch(s: string, param: string, pattern: PatternProvenance): Validation {
  const note = formatNote(pattern);
  return validationFail(
    'ICP_FILING_PATTERN',
    {
      zh: `${showInput(s)} 不符合知识库中的 ICP 备案号格式（参数 ${param}）；请对照备案信息核对，例如 粤ICP备2024012345号-1。${note.zh}`,
      en: `${showInput(s)} does not match the ICP filing number format in the kb (parameter ${param}); check it against the filing record, e.g. 粤ICP备2024012345号-1. ${note.en}`,
    },
    { pattern },
  );
}

function filingOkMessage(s: string, authority: AuthorityRef | null, province?: string): Text {
  if (!authority) {
    return province
      ? {
          zh: `ICP备案号 ${s} 格式有效；知识库未把省份简称"${province}"对应到通信管理局`,
          en: `the ICP filing number ${s} is well formed; the kb maps the province character "${province}" to no communications administration`,
        }
      : { zh: `ICP备案号 ${s} 格式有效`, en: `the ICP filing number ${s} is well formed` };
  }
  return {
    zh: `ICP备案号 ${s} 格式有效，备案省份对应 ${authority.name.zh}`,
    en: `the ICP filing number ${s} is well formed and belongs to ${authority.name.en}`,
  };
}

// ---------------------------------------------------------------- licence numbers

const LICENCE = { zh: '经营许可证编号', en: 'licence number' };
const LICENCE_SUBJECT = { zh: '经营许可证编号', en: 'The licence number' };

/**
 * Validates a VATS licence number against the kb pattern: (input, rules) or (kb, input, asOf). `value` is the
 * normalised number. Details when ok: foreignInvested (合字), province (or null), authority ({ id, name }: the
 * provincial administration, or the ministry when there is no province character), classes (e.g.
 * ['B1', 'B2']), hasB1, hasB2, year, serial, pattern.
 */
export function validateLicenceNumber(input: unknown, rules: NumberRules): Validation;
export function validateLicenceNumber(kb: Kb, input: unknown, asOf: string): Validation;
export function validateLicenceNumber(...args: unknown[]): Validation {
  const [input, rules] = callForm(args);
  const src = resolve(rules);
  if (src.asOf !== undefined && !isIsoDateString(src.asOf)) return asOfInvalidResult(src.asOf);
  if (typeof input !== 'string') return wrongTypeResult('LICENCE_TYPE', LICENCE_SUBJECT, input);
  const s = normaliseNumber(input);
  if (s === '') return emptyResult('LICENCE_EMPTY', LICENCE_SUBJECT, '粤B2-20090059');

  const cert = CERTIFICATE_SHAPE.exec(s);
  if (cert) return certificateForm(s, cert[1]!, cert[2]!, src);

  const param = NUMBER_PATTERN_PARAMETERS.licence;
  if (!src.licencePattern) return patternMissing(LICENCE, param, src.asOf);
  const re = compile(src.licencePattern);
  if (!re) return patternInvalid(param, src.licencePattern);
  const pattern = src.provenance?.licence ?? { parameter: param };

  if (re.test(s)) {
    const m = LICENCE_SHAPE.exec(s);
    if (!m) return validationOk('LICENCE_OK', licenceOkMessage(s, null), s, { pattern, parsed: false });
    const [, he, province, classPart, digits] = m;
    const classes = classPart!.split('.');
    const year = digits!.length >= 8 ? Number(digits!.slice(0, 4)) : null;
    if (year !== null && src.asOf && year > Number(src.asOf.slice(0, 4))) {
      return yearAfter('LICENCE_YEAR_AFTER_AS_OF', year, src.asOf);
    }
    const authority =
      (province
        ? authorityFor(src, (a) => a.licencePrefix === province)
        : authorityFor(src, (a) => a.kind === 'ministry')) ?? null;
    return validationOk('LICENCE_OK', licenceOkMessage(s, authority), s, {
      foreignInvested: he !== undefined,
      province: province ?? null,
      authority,
      classes,
      hasB1: classes.includes('B1'),
      hasB2: classes.includes('B2'),
      year,
      serial: digits!.length >= 8 ? digits!.slice(4) : digits,
      pattern,
    });
  }

  if (s.length > MAX_DIAGNOSED) return licenceMismatch(s, param, pattern);
  const filingRe = src.filingPattern ? compile(src.filingPattern) : null;
  if (filingRe?.test(s) || FILING_SHAPE.test(s)) {
    return validationFail('LICENCE_IS_FILING', {
      zh: `${showInput(s)} 是 ICP 备案号，不是经营许可证编号；备案不等于取得许可证，请填写许可证上的编号（形如 粤B2-20090059）`,
      en: `${showInput(s)} is an ICP filing number, not a licence number; a filing is not a licence, so give the number on the licence (like 粤B2-20090059)`,
    });
  }
  const shape = LICENCE_SHAPE.exec(s);
  if (shape?.[2]) {
    const prefixes = knownPrefixes(src, 'licence');
    const rest = s.slice((shape[1] ?? '').length + 1);
    if (!prefixes.includes(shape[2]) && prefixes.some((p) => re.test(`${shape[1] ?? ''}${p}${rest}`))) {
      return validationFail(
        'LICENCE_PROVINCE',
        {
          zh: `省份简称 "${shape[2]}" 不是许可证编号使用的简称（如 ${prefixes.slice(0, 6).join('、')}）；请核对`,
          en: `"${shape[2]}" is not a province abbreviation used in licence numbers (such as ${prefixes.slice(0, 6).join(', ')}); check it`,
        },
        { province: shape[2], validProvinces: prefixes },
      );
    }
  }
  const noHyphen = /^(.*?[A-Z]\d)(\d+)$/u.exec(s);
  if (noHyphen && re.test(`${noHyphen[1]}-${noHyphen[2]}`)) {
    const fixed = `${noHyphen[1]}-${noHyphen[2]}`;
    return validationFail(
      'LICENCE_HYPHEN',
      {
        zh: `业务类别与数字之间缺少连字符；应为 ${fixed}`,
        en: `the hyphen between the category and the digits is missing; it should read ${fixed}`,
      },
      { suggestion: fixed },
    );
  }
  return licenceMismatch(s, param, pattern);
}

function licenceMismatch(s: string, param: string, pattern: PatternProvenance): Validation {
  const note = formatNote(pattern);
  return validationFail(
    'LICENCE_PATTERN',
    {
      zh: `${showInput(s)} 不符合知识库中的经营许可证编号格式（参数 ${param}）；请对照许可证核对，例如 粤B2-20090059。${note.zh}`,
      en: `${showInput(s)} does not match the licence number format in the kb (parameter ${param}); check it against the licence, e.g. 粤B2-20090059. ${note.en}`,
    },
    { pattern },
  );
}

function licenceOkMessage(s: string, authority: AuthorityRef | null): Text {
  return authority
    ? {
        zh: `经营许可证编号 ${s} 格式有效，发证机关对应 ${authority.name.zh}`,
        en: `the licence number ${s} is well formed and was issued by ${authority.name.en}`,
      }
    : { zh: `经营许可证编号 ${s} 格式有效`, en: `the licence number ${s} is well formed` };
}

/** "京ICP证030173号": verified only against a kb pattern; otherwise recognised, not verified. */
function certificateForm(s: string, province: string, serial: string, src: NumberPatternSource): Validation {
  const authority = authorityFor(src, (a) => a.licencePrefix === province) ?? null;
  const details = { form: 'icp-certificate', province, authority, serial };
  const param = NUMBER_PATTERN_PARAMETERS.certificate;
  if (src.certificatePattern) {
    const re = compile(src.certificatePattern);
    if (!re) return patternInvalid(param, src.certificatePattern);
    const pattern = src.provenance?.certificate ?? { parameter: param };
    if (re.test(s))
      return validationOk('LICENCE_OK', licenceOkMessage(s, authority), s, { ...details, pattern });
    return validationFail(
      'LICENCE_PATTERN',
      {
        zh: `${showInput(s)} 不符合知识库中"ICP证"旧式编号的格式（参数 ${param}）；请对照许可证核对`,
        en: `${showInput(s)} does not match the kb format of the older "ICP证" numbers (parameter ${param}); check it against the licence`,
      },
      { ...details, pattern },
    );
  }
  return validationFail(
    'LICENCE_DISPLAY_FORM_UNVERIFIABLE',
    {
      zh: `${showInput(s)} 是较早的"ICP证"编号样式；知识库中没有这种编号的格式，icpdesk 无法校验，请到工信部或发证通信管理局的许可证查询系统核实`,
      en: `${showInput(s)} is the older "ICP证" numbering style; the kb has no format for it, so icpdesk cannot verify it: confirm it in the licence lookup of MIIT or the issuing communications administration`,
    },
    { ...details, recognised: true, verifiable: false },
  );
}

/** Dispatches on the form: a number containing "ICP备" is a filing number, anything else a licence number. */
export function validateIcpNumber(input: unknown, rules: NumberRules): Validation;
export function validateIcpNumber(kb: Kb, input: unknown, asOf: string): Validation;
export function validateIcpNumber(...args: unknown[]): Validation {
  const [input, rules] = callForm(args);
  if (typeof input === 'string' && /ICP备/i.test(normaliseNumber(input)))
    return validateIcpFilingNumber(input, rules);
  return validateLicenceNumber(input, rules);
}
