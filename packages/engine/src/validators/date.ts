/**
 * Calendar dates written YYYY-MM-DD (ISO 8601 calendar date, extended format), with an optional inclusive
 * range. Pure: no clock; a range bound such as "today" is passed in.
 */
import {
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const dateCodes = [
  'DATE_OK',
  'DATE_TYPE',
  'DATE_EMPTY',
  'DATE_FORMAT',
  'DATE_NOT_REAL',
  'DATE_BEFORE_MIN',
  'DATE_AFTER_MAX',
  'DATE_RANGE_INVALID',
] as const;
export type DateCode = (typeof dateCodes)[number];

export interface DateRange {
  /** earliest allowed date, inclusive, YYYY-MM-DD */
  min?: string;
  /** latest allowed date, inclusive, YYYY-MM-DD */
  max?: string;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const SUBJECT = { zh: '日期', en: 'The date' };

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True when year 1–9999, month 1–12 and day exist in the proleptic Gregorian calendar. */
export function isRealDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1 &&
    y <= 9999 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** Reads digits s[from, to) as a number, or -1 when any is not an ASCII digit. */
export function readDigits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = digit(s, i);
    if (c < 0) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Parses exactly YYYY-MM-DD into numbers (not checking that the date is real), or undefined. */
export function parseYmd(s: string): Ymd | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const year = readDigits(s, 0, 4);
  const month = readDigits(s, 5, 7);
  const day = readDigits(s, 8, 10);
  if (year < 0 || month < 0 || day < 0) return undefined;
  return { year, month, day };
}

/** True for a real YYYY-MM-DD date. */
export function isIsoDateString(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const p = parseYmd(s);
  return p !== undefined && isRealDate(p.year, p.month, p.day);
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const formatYmd = (y: number, m: number, d: number): string =>
  `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;

/** A common non-ISO spelling (2026/11/29, 2026.11.29, 2026年11月29日, 20261129) turned into YYYY-MM-DD. */
function suggestIso(s: string): string | undefined {
  const m = /^(\d{4})(?:[/.年](\d{1,2})[/.月](\d{1,2})日?|(\d{2})(\d{2}))$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2] ?? m[4]);
  const d = Number(m[3] ?? m[5]);
  return isRealDate(y, mo, d) ? formatYmd(y, mo, d) : undefined;
}

/**
 * Validates a YYYY-MM-DD date; surrounding spaces are removed. With `range`, the date must lie within
 * [min, max] (inclusive). The normalised value is the date string.
 */
export function validateDate(input: unknown, range?: DateRange): Validation {
  if (typeof input !== 'string') return wrongTypeResult('DATE_TYPE', SUBJECT, input, dateExpected);
  const s = input.trim();
  if (s === '') return emptyResult('DATE_EMPTY', SUBJECT, '2026-11-29');
  const min = range?.min;
  const max = range?.max;
  if (
    (min !== undefined && !isIsoDateString(min)) ||
    (max !== undefined && !isIsoDateString(max)) ||
    (min !== undefined && max !== undefined && min > max)
  ) {
    return validationFail('DATE_RANGE_INVALID', {
      zh: `日期范围参数无效（min=${showInput(min)}，max=${showInput(max)}）；调用方应传入 YYYY-MM-DD 日期且 min 不晚于 max`,
      en: `the date range is invalid (min=${showInput(min)}, max=${showInput(max)}); the caller must pass YYYY-MM-DD dates with min not after max`,
    });
  }
  const p = parseYmd(s);
  if (!p) {
    const suggestion = suggestIso(s);
    return validationFail(
      'DATE_FORMAT',
      suggestion
        ? {
            zh: `日期 ${showInput(s)} 的写法不对；请写成 YYYY-MM-DD，即 ${suggestion}`,
            en: `the date ${showInput(s)} is written the wrong way; write it as YYYY-MM-DD, i.e. ${suggestion}`,
          }
        : {
            zh: `日期 ${showInput(s)} 不是 YYYY-MM-DD 格式；请写成四位年、两位月、两位日，以连字符分隔，例如 2026-11-29`,
            en: `the date ${showInput(s)} is not YYYY-MM-DD; write a 4-digit year, 2-digit month and 2-digit day joined by hyphens, e.g. 2026-11-29`,
          },
      suggestion ? { suggestion } : undefined,
    );
  }
  if (!isRealDate(p.year, p.month, p.day)) {
    const why =
      p.month < 1 || p.month > 12
        ? { zh: `月份 ${pad(p.month, 2)} 不在 01–12 之间`, en: `month ${pad(p.month, 2)} is not 01–12` }
        : p.year < 1
          ? { zh: '年份不能为 0000', en: 'the year cannot be 0000' }
          : {
              zh: `${p.year}年${p.month}月只有${daysInMonth(p.year, p.month)}天`,
              en: `${p.year}-${pad(p.month, 2)} has only ${daysInMonth(p.year, p.month)} days`,
            };
    return validationFail('DATE_NOT_REAL', {
      zh: `日期 ${s} 不存在：${why.zh}；请核对日期`,
      en: `the date ${s} does not exist: ${why.en}; check the date`,
    });
  }
  if (min !== undefined && s < min) {
    return validationFail(
      'DATE_BEFORE_MIN',
      {
        zh: `日期 ${s} 早于允许的最早日期 ${min}；请填写 ${min} 或之后的日期`,
        en: `the date ${s} is before the earliest allowed, ${min}; give ${min} or later`,
      },
      { min },
    );
  }
  if (max !== undefined && s > max) {
    return validationFail(
      'DATE_AFTER_MAX',
      {
        zh: `日期 ${s} 晚于允许的最晚日期 ${max}；请填写 ${max} 或之前的日期`,
        en: `the date ${s} is after the latest allowed, ${max}; give ${max} or earlier`,
      },
      { max },
    );
  }
  return validationOk('DATE_OK', { zh: `日期 ${s} 有效`, en: `the date ${s} is valid` }, s, {
    year: p.year,
    month: p.month,
    day: p.day,
  });
}

const dateExpected = { zh: 'YYYY-MM-DD 格式的文本', en: 'text in the form YYYY-MM-DD' };
