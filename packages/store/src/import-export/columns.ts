/**
 * The columns of the company and licence spreadsheets: their zh and en header names (either is accepted on
 * import, column by column, in any order; spaces, case and full-width forms do not matter), which are read
 * on import and which are written by the export only (ignored on import, so an exported file imports back),
 * and how a cell becomes a value, with a code and a zh/en message when it cannot.
 */
import { validateDate, validateMoney } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import { COMPANY_LIMITS } from '../companies.ts';
import type { Cell, SheetRow } from './sheet.ts';
import { IMPORT_LIMITS } from './sheet.ts';

export type ColumnType = 'text' | 'date' | 'money' | 'count' | 'area' | 'list' | 'timestamp';

export interface Column<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  /** more header names accepted on import */
  aliases?: readonly string[];
  type: ColumnType;
  /** read on import; false: written by the export only and ignored on import */
  imported: boolean;
  /** the column must be there on import (and a value in every row, unless `optionalValue`) */
  required?: boolean;
  note?: string;
}

export const companyColumns = [
  { key: 'id', zh: 'ID', en: 'ID', type: 'text', imported: false },
  {
    key: 'name',
    zh: '名称',
    en: 'Name',
    aliases: ['公司名称', '企业名称'],
    type: 'text',
    imported: true,
    required: true,
  },
  {
    key: 'uscc',
    zh: '统一社会信用代码',
    en: 'USCC',
    aliases: ['unified social credit code'],
    type: 'text',
    imported: true,
    required: true,
  },
  {
    key: 'legalRepresentative',
    zh: '法定代表人',
    en: 'Legal representative',
    type: 'text',
    imported: true,
  },
  { key: 'address', zh: '住所', en: 'Address', aliases: ['地址', '注册地址'], type: 'text', imported: true },
  {
    key: 'registeredCapitalCny',
    zh: '注册资本（元）',
    en: 'Registered capital (CNY)',
    aliases: ['注册资本'],
    type: 'money',
    imported: true,
    note: 'yuan: 1000000, 1,000,000 or 100万',
  },
  {
    key: 'staffCount',
    zh: '员工人数',
    en: 'Staff count',
    aliases: ['人数', 'headcount'],
    type: 'count',
    imported: true,
    note: `a whole number, 0 to ${COMPANY_LIMITS.maxStaffCount.toLocaleString('en-US')}`,
  },
  {
    key: 'premisesAddress',
    zh: '经营场所',
    en: 'Business premises',
    aliases: ['经营场所地址', 'premises address'],
    type: 'text',
    imported: true,
    note: 'the address where the company works; it may be the registered one',
  },
  {
    key: 'premisesAreaSqm',
    zh: '经营场所面积（平方米）',
    en: 'Premises area (m²)',
    aliases: ['经营场所面积', 'premises area'],
    type: 'area',
    imported: true,
    note: 'square metres, more than 0: 120, 120.5, 120㎡ or 120平方米',
  },
  { key: 'createdAt', zh: '创建时间', en: 'Created at', type: 'timestamp', imported: false },
  { key: 'updatedAt', zh: '更新时间', en: 'Updated at', type: 'timestamp', imported: false },
] as const satisfies readonly Column[];

export const licenceColumns = [
  { key: 'id', zh: 'ID', en: 'ID', type: 'text', imported: false },
  {
    key: 'number',
    zh: '许可证编号',
    en: 'Licence number',
    aliases: ['经营许可证编号', 'number'],
    type: 'text',
    imported: true,
    required: true,
  },
  {
    key: 'companyUscc',
    zh: '公司统一社会信用代码',
    en: 'Company USCC',
    aliases: ['统一社会信用代码', 'USCC'],
    type: 'text',
    imported: true,
    note: 'the company, by USCC or by ID (one of the two columns is required; the USCC wins when both are filled, so a file exported from another organisation imports)',
  },
  { key: 'companyId', zh: '公司ID', en: 'Company ID', type: 'text', imported: true },
  {
    key: 'companyName',
    zh: '公司名称',
    en: 'Company name',
    type: 'text',
    imported: false,
  },
  {
    key: 'codes',
    zh: '业务种类',
    en: 'Service codes',
    aliases: ['codes'],
    type: 'list',
    imported: true,
    required: true,
    note: 'catalogue codes separated by ; , 、 or spaces: B25:internet; B11',
  },
  {
    key: 'coverage',
    zh: '覆盖范围',
    en: 'Coverage',
    type: 'list',
    imported: true,
    note: 'province codes (CN-GD) or CN; default: the province of a provincial authority',
  },
  {
    key: 'authority',
    zh: '发证机关',
    en: 'Authority',
    type: 'text',
    imported: true,
    required: true,
    note: 'MIIT or CN-XX, or the authority’s full name as in kb/authorities.yaml',
  },
  { key: 'authorityName', zh: '发证机关名称', en: 'Authority name', type: 'text', imported: false },
  { key: 'issuedOn', zh: '发证日期', en: 'Issued on', type: 'date', imported: true, required: true },
  {
    key: 'expiresOn',
    zh: '有效期至',
    en: 'Expires on',
    aliases: ['到期日期'],
    type: 'date',
    imported: true,
    note: 'default: issued on plus the kb licence-validity-years, less a day',
  },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    type: 'text',
    imported: true,
    note: 'active 有效, suspended 暂停, expired 已过期, revoked 已吊销, cancelled 已注销; default active',
  },
  { key: 'applicationId', zh: '申请ID', en: 'Application ID', type: 'text', imported: false },
  { key: 'createdAt', zh: '创建时间', en: 'Created at', type: 'timestamp', imported: false },
  { key: 'updatedAt', zh: '更新时间', en: 'Updated at', type: 'timestamp', imported: false },
] as const satisfies readonly Column[];

export type CompanyColumnKey = (typeof companyColumns)[number]['key'];
export type LicenceColumnKey = (typeof licenceColumns)[number]['key'];

/** zh labels of the licence statuses, written by a zh export and read back */
export const statusLabels = {
  active: '有效',
  suspended: '暂停',
  expired: '已过期',
  revoked: '已吊销',
  cancelled: '已注销',
} as const;

// ------------------------------------------------------------------ errors of a report

export interface RowError {
  /** the row as the spreadsheet numbers it */
  row: number;
  /** the column's header as written in the file; null for the row as a whole */
  column: string | null;
  /** the column's key (the API's field name); null for the row as a whole */
  field: string | null;
  code: string;
  message: Text;
}

// ------------------------------------------------------------------ header

const normalHeader = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s*]+/g, '')
    .toLowerCase();

export interface HeaderMap<K extends string> {
  /** the imported columns found: the index of their cell and the header as written */
  at: Map<K, { index: number; header: string }>;
  errors: RowError[];
}

/** where each imported column is; unknown, repeated and missing required columns are errors */
export function mapHeader<K extends string>(
  columns: readonly Column<K>[],
  header: SheetRow,
  extraRequired?: { anyOf: readonly K[]; code: string; message: Text },
): HeaderMap<K> {
  const names = new Map<string, Column<K>>();
  for (const c of columns)
    for (const n of [c.zh, c.en, c.key, ...(c.aliases ?? [])]) names.set(normalHeader(n), c);
  const at = new Map<K, { index: number; header: string }>();
  const errors: RowError[] = [];
  const seen = new Set<K>();
  header.cells.forEach((cell, index) => {
    const text = cellText(cell)?.trim() ?? '';
    if (text === '') return;
    const c = names.get(normalHeader(text));
    if (!c) {
      errors.push({
        row: header.row,
        column: text,
        field: null,
        code: 'COLUMN_UNKNOWN',
        message: {
          zh: `未知的列名 "${text}"；可用的列名：${columns.map((x) => x.zh).join('、')}`,
          en: `unknown column "${text}"; the columns are: ${columns.map((x) => x.en).join(', ')}`,
        },
      });
      return;
    }
    if (seen.has(c.key)) {
      errors.push({
        row: header.row,
        column: text,
        field: c.key,
        code: 'COLUMN_REPEATED',
        message: { zh: `列 "${c.zh}" 出现了两次`, en: `the column "${c.en}" appears twice` },
      });
      return;
    }
    seen.add(c.key);
    if (c.imported) at.set(c.key, { index, header: text });
  });
  for (const c of columns)
    if (c.required && !seen.has(c.key))
      errors.push({
        row: header.row,
        column: null,
        field: c.key,
        code: 'COLUMN_MISSING',
        message: {
          zh: `缺少必需的列 "${c.zh}"（或 "${c.en}"）`,
          en: `the required column "${c.en}" (or "${c.zh}") is missing`,
        },
      });
  if (extraRequired && !extraRequired.anyOf.some((k) => seen.has(k)))
    errors.push({
      row: header.row,
      column: null,
      field: null,
      code: extraRequired.code,
      message: extraRequired.message,
    });
  return { at, errors };
}

// ------------------------------------------------------------------ cells

export type Read<T> = { ok: true; value: T } | { ok: false; code: string; message: Text };

const fail = <T>(code: string, message: Text): Read<T> => ({ ok: false, code, message });

/** the text of a cell for header matching and plain text columns */
function cellText(c: Cell): string | null {
  if (c === null) return null;
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return String(c);
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return null;
}

function errorCell(c: Cell): Read<never> | undefined {
  if (c !== null && typeof c === 'object' && !(c instanceof Date))
    return fail('CELL_ERROR', {
      zh: `单元格是错误值 ${c.error}；请填写实际的值`,
      en: `the cell holds the error ${c.error}; enter the actual value`,
    });
  return undefined;
}

/** C0 control characters other than tab, line feed and carriage return */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

/** trimmed text, null when blank; numbers too large to be exact are refused (a code typed as a number) */
export function readText(c: Cell, max: number = IMPORT_LIMITS.maxCellChars): Read<string | null> {
  const err = errorCell(c);
  if (err) return err;
  if (typeof c === 'number' && !Number.isSafeInteger(c) && Math.abs(c) >= 1e15)
    return fail('CELL_NUMBER_NOT_TEXT', {
      zh: '这个值被 Excel 存成了数字，已丢失位数；请把该列设为"文本"格式后重新填写',
      en: 'Excel stored this value as a number and lost digits; format the column as Text and enter it again',
    });
  const s = cellText(c)?.normalize('NFC').trim() ?? '';
  if (s === '') return { ok: true, value: null };
  if (s.length > max)
    return fail('CELL_TOO_LONG', { zh: `超过 ${max} 个字符`, en: `longer than ${max} characters` });
  if (hasControlCharacter(s))
    return fail('CELL_CONTROL_CHARACTER', {
      zh: '含有控制字符；请删除',
      en: 'holds control characters; remove them',
    });
  return { ok: true, value: s };
}

/** a date cell, or text YYYY-MM-DD (2026/1/5, 2026年1月5日 and 20260105 are read as the date they spell) */
export function readDate(c: Cell): Read<string | null> {
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return fail('DATE_NOT_REAL', { zh: '日期无效', en: 'not a valid date' });
    return { ok: true, value: c.toISOString().slice(0, 10) };
  }
  const t = readText(c, 40);
  if (!t.ok || t.value === null) return t;
  const r = validateDate(t.value);
  if (r.ok && r.value) return { ok: true, value: r.value };
  const suggestion = r.details?.suggestion;
  if (typeof suggestion === 'string') return { ok: true, value: suggestion };
  return fail(r.code, r.message);
}

/** an amount in yuan (the engine's validateMoney: 1000000, 1,000,000.00, 100万) */
export function readMoney(c: Cell): Read<number | null> {
  const err = errorCell(c);
  if (err) return err;
  if (c === null || (typeof c === 'string' && c.trim() === '')) return { ok: true, value: null };
  if (c instanceof Date) return fail('MONEY_TYPE', { zh: '应为金额，不是日期', en: 'an amount, not a date' });
  const r = validateMoney(c);
  if (!r.ok || r.value === undefined) return fail(r.code, r.message);
  if (r.value < 0 || r.value > 1e15)
    return fail('MONEY_RANGE', {
      zh: '金额应在 0 到 10^15 元之间',
      en: 'the amount must be 0 to 10^15 yuan',
    });
  return { ok: true, value: r.value };
}

/** a number cell, or its text with thousands separators and `unit` words after it; null when blank */
function readNumber(c: Cell, unit: RegExp): Read<number | null> {
  const err = errorCell(c);
  if (err) return err;
  if (c instanceof Date) return fail('NUMBER_TYPE', { zh: '应为数字，不是日期', en: 'a number, not a date' });
  if (typeof c === 'number') return { ok: true, value: c };
  const t = readText(c, 40);
  if (!t.ok) return t;
  if (t.value === null) return { ok: true, value: null };
  const s = t.value.normalize('NFKC').replace(unit, '').replace(/[,\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(s))
    return fail('NUMBER_FORMAT', {
      zh: `"${t.value}" 不是数字；请填写阿拉伯数字，如 120`,
      en: `"${t.value}" is not a number; write digits, such as 120`,
    });
  return { ok: true, value: Number(s) };
}

/** a headcount: a whole number from 0 to COMPANY_LIMITS.maxStaffCount (人 after it is read) */
export function readCount(c: Cell): Read<number | null> {
  const r = readNumber(c, /(人|名)$/u);
  if (!r.ok || r.value === null) return r;
  const max = COMPANY_LIMITS.maxStaffCount;
  if (!Number.isInteger(r.value) || r.value < 0 || r.value > max)
    return fail('COUNT_RANGE', {
      zh: `应为 0 到 ${max} 之间的整数`,
      en: `a whole number from 0 to ${max}`,
    });
  return r;
}

/** a floor area in m²: more than 0, at most COMPANY_LIMITS.maxPremisesAreaSqm (㎡, m2, 平方米 after it are read) */
export function readArea(c: Cell): Read<number | null> {
  const r = readNumber(c, /(㎡|m2|m²|平方米|平米)$/iu);
  if (!r.ok || r.value === null) return r;
  const max = COMPANY_LIMITS.maxPremisesAreaSqm;
  if (!(r.value > 0) || r.value > max)
    return fail('AREA_RANGE', {
      zh: `面积应大于 0、不超过 ${max} 平方米`,
      en: `the area must be more than 0 and at most ${max} m²`,
    });
  return r;
}

/** items separated by ; , 、 or white space (ASCII or full-width) */
export function readList(c: Cell): Read<string[]> {
  const t = readText(c);
  if (!t.ok) return t;
  return { ok: true, value: (t.value ?? '').split(/[;；,，、\s]+/u).filter((x) => x !== '') };
}

/** the cell of a column in a row, null when the column is absent or the row is short */
export const cellAt = <K extends string>(h: HeaderMap<K>, row: SheetRow, key: K): Cell =>
  row.cells[h.at.get(key)?.index ?? -1] ?? null;
