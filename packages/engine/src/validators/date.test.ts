import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateCodes,
  daysInMonth,
  isIsoDateString,
  isLeapYear,
  isRealDate,
  parseYmd,
  validateDate,
} from './date.ts';

/** Reference: a date is real when Date round-trips it (years 1000–9999, where the ISO text is plain). */
const reference = (y: number, m: number, d: number) => {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(s);
};

describe('calendar helpers', () => {
  it('leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2026].map(isLeapYear)).toEqual([false, true, true, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
  it('isRealDate agrees with Date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          expect(isRealDate(y, m, d)).toBe(reference(y, m, d));
        },
      ),
    );
  });
  it('parseYmd is strict about the layout', () => {
    expect(parseYmd('2026-11-29')).toEqual({ year: 2026, month: 11, day: 29 });
    for (const s of ['2026-1-29', '2026/11/29', '20261129', '2026-11-2a', ' 2026-11-29'])
      expect(parseYmd(s)).toBeUndefined();
    expect(isIsoDateString('2026-02-29')).toBe(false);
    expect(isIsoDateString(20261129)).toBe(false);
  });
});

describe('validateDate', () => {
  it('accepts a real date, trimmed', () => {
    expect(validateDate(' 2024-02-29 ')).toEqual({
      ok: true,
      code: 'DATE_OK',
      message: { zh: '日期 2024-02-29 有效', en: 'the date 2024-02-29 is valid' },
      value: '2024-02-29',
      details: { year: 2024, month: 2, day: 29 },
    });
  });
  const cases: [unknown, string, { zh: string; en: string }?][] = [
    [
      new Date(0),
      'DATE_TYPE',
      {
        zh: '日期应为YYYY-MM-DD 格式的文本，收到的是 Date；请以YYYY-MM-DD 格式的文本形式提供',
        en: 'The date must be text in the form YYYY-MM-DD, but got Date; pass it as text in the form YYYY-MM-DD',
      },
    ],
    [20261129, 'DATE_TYPE'],
    ['', 'DATE_EMPTY'],
    [
      '2026/11/29',
      'DATE_FORMAT',
      {
        zh: '日期 "2026/11/29" 的写法不对；请写成 YYYY-MM-DD，即 2026-11-29',
        en: 'the date "2026/11/29" is written the wrong way; write it as YYYY-MM-DD, i.e. 2026-11-29',
      },
    ],
    ['2026年1月9日', 'DATE_FORMAT'],
    [
      'tomorrow',
      'DATE_FORMAT',
      {
        zh: '日期 "tomorrow" 不是 YYYY-MM-DD 格式；请写成四位年、两位月、两位日，以连字符分隔，例如 2026-11-29',
        en: 'the date "tomorrow" is not YYYY-MM-DD; write a 4-digit year, 2-digit month and 2-digit day joined by hyphens, e.g. 2026-11-29',
      },
    ],
    [
      '2026-02-29',
      'DATE_NOT_REAL',
      {
        zh: '日期 2026-02-29 不存在：2026年2月只有28天；请核对日期',
        en: 'the date 2026-02-29 does not exist: 2026-02 has only 28 days; check the date',
      },
    ],
    [
      '2026-13-01',
      'DATE_NOT_REAL',
      {
        zh: '日期 2026-13-01 不存在：月份 13 不在 01–12 之间；请核对日期',
        en: 'the date 2026-13-01 does not exist: month 13 is not 01–12; check the date',
      },
    ],
    ['0000-01-01', 'DATE_NOT_REAL'],
  ];
  it.each(cases)('%s → %s', (input, code, message) => {
    const r = validateDate(input);
    expect(r.code).toBe(code);
    expect(r.ok).toBe(false);
    if (message) expect(r.message).toEqual(message);
    expect(dateCodes).toContain(code);
  });
  it('checks an inclusive range', () => {
    const range = { min: '2026-01-01', max: '2026-12-31' };
    expect(validateDate('2026-01-01', range).code).toBe('DATE_OK');
    expect(validateDate('2026-12-31', range).code).toBe('DATE_OK');
    expect(validateDate('2025-12-31', range)).toMatchObject({
      code: 'DATE_BEFORE_MIN',
      message: {
        zh: '日期 2025-12-31 早于允许的最早日期 2026-01-01；请填写 2026-01-01 或之后的日期',
        en: 'the date 2025-12-31 is before the earliest allowed, 2026-01-01; give 2026-01-01 or later',
      },
    });
    expect(validateDate('2027-01-01', range).code).toBe('DATE_AFTER_MAX');
    expect(validateDate('2027-01-01', { min: '2026-01-01' }).code).toBe('DATE_OK');
  });
  it('reports a bad range instead of throwing', () => {
    expect(validateDate('2026-01-01', { min: '2026-12-31', max: '2026-01-01' }).code).toBe(
      'DATE_RANGE_INVALID',
    );
    expect(validateDate('2026-01-01', { max: 'today' }).code).toBe('DATE_RANGE_INVALID');
  });
  it('a generated real date passes and round-trips', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (d) => {
          const s = d.toISOString().slice(0, 10);
          expect(validateDate(s).value).toBe(s);
        },
      ),
    );
  });
});
