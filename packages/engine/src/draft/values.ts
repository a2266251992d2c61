/**
 * Fact values as the drafting engine takes them, and how each type reads in a formal Chinese document.
 * Values are plain data: the resolver (resolve-facts.ts) or a caller supplies them by the catalogue's ids.
 */
import type { Shareholder } from '../manifest.ts';

export type FactCell = string | number | boolean | null | undefined;
export type FactRow = Readonly<Record<string, unknown>>;
export type FactValue = string | number | readonly string[] | readonly FactRow[] | readonly Shareholder[];
/** values by fact id (kb/templates/facts.yaml); a missing or empty value is a gap */
export type FactValues = Readonly<Record<string, FactValue | null | undefined>>;

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (section numbers; up to 99) */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones ? CHINESE_DIGITS[ones] : ''}`;
}

/** 2026-12-07 → 2026年12月7日 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** yuan: 1000000 → 人民币100万元, 1234.5 → 人民币1234.5元 */
export function chineseMoney(yuan: number): string {
  return yuan >= 10_000 && yuan % 100 === 0 ? `人民币${yuan / 10_000}万元` : `人民币${yuan}元`;
}

/** codes that stored data keeps and a document spells out */
const WORDS: Record<string, string> = {
  'natural-person': '自然人',
  company: '企业法人',
  state: '国有',
  true: '是',
  false: '否',
};

/** one cell or list item as it reads in the document ('' for nothing) */
export function cellText(v: unknown, key?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return WORDS[String(v)]!;
  if (typeof v === 'number') return key === 'percent' ? `${v}%` : String(v);
  if (typeof v === 'string') return (key === 'kind' && WORDS[v]) || v;
  return '';
}

/** a scalar fact as it reads in running text, by its catalogue type; null when it has no value */
export function scalarText(type: string, v: FactValue | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'object' ? '' : cellText(x))).filter(Boolean);
    return items.length ? items.join('、') : null;
  }
  if (typeof v === 'number') return type === 'money' ? chineseMoney(v) : String(v);
  const s = String(v).trim();
  if (!s) return null;
  return type === 'date' ? chineseDate(s) : s;
}

/** a list fact's items; null when it has none */
export function listItems(v: FactValue | null | undefined): string[] | null {
  if (!Array.isArray(v)) return typeof v === 'string' && v.trim() ? [v.trim()] : null;
  const items = v.map((x) => (typeof x === 'object' && x ? cellText((x as FactRow).name) : cellText(x)));
  const kept = items.filter(Boolean);
  return kept.length ? kept : null;
}

/** a table fact's rows; null when it has none */
export function tableRows(v: FactValue | null | undefined): FactRow[] | null {
  if (!Array.isArray(v)) return null;
  const rows = v.filter((x): x is FactRow => typeof x === 'object' && x !== null);
  return rows.length ? rows : null;
}
