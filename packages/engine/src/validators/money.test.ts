import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moneyCodes, validateMoney } from './money.ts';

describe('validateMoney: accepted', () => {
  const ok: [unknown, number, number, string | null][] = [
    [1000000, 1_000_000, 100_000_000, null],
    [0, 0, 0, null],
    [0.1 + 0.2, 0.3, 30, null],
    [1234.5, 1234.5, 123_450, null],
    ['1000000', 1_000_000, 100_000_000, null],
    ['1,000,000.00', 1_000_000, 100_000_000, null],
    ['¥1,000', 1000, 100_000, null],
    ['￥ 1,000.5', 1000.5, 100_050, null],
    ['RMB 500', 500, 50_000, null],
    ['500元', 500, 50_000, null],
    ['100万', 1_000_000, 100_000_000, '万'],
    ['1000万元', 10_000_000, 1_000_000_000, '万'],
    ['1.5亿元', 150_000_000, 15_000_000_000, '亿'],
    ['1.23456万', 12_345.6, 1_234_560, '万'],
    ['0.001万', 10, 1000, '万'],
    ['１００万', 1_000_000, 100_000_000, '万'],
    ['-0', 0, 0, null],
  ];
  it.each(ok)('%s', (input, yuan, fen, unit) => {
    expect(validateMoney(input)).toMatchObject({
      ok: true,
      code: 'MONEY_OK',
      value: yuan,
      details: { fen, unit },
    });
  });
  it('message shows the amount', () => {
    expect(validateMoney('100万').message).toEqual({
      zh: '金额有效：¥1,000,000.00',
      en: 'the amount is valid: CNY 1,000,000.00',
    });
  });
  it('any fen amount written with thousands separators reads back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        const yuan = Math.floor(fen / 100);
        const text = `${yuan.toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
        const r = validateMoney(text);
        expect(r.details?.fen).toBe(fen);
        expect(r.value).toBe(fen / 100);
      }),
    );
  });
  it('万 and 亿 scale exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        expect(validateMoney(`${n}万`).details?.fen).toBe(n * 1_000_000);
      }),
    );
  });
});

describe('validateMoney: rejected', () => {
  const bad: [unknown, string, { zh: string; en: string }?][] = [
    [null, 'MONEY_TYPE'],
    [
      true,
      'MONEY_TYPE',
      {
        zh: '金额应为数字或文本（如 "100万"），收到的是 boolean；请以数字或文本（如 "100万"）形式提供',
        en: 'The amount must be a number or text (such as "1,000,000.00"), but got boolean; pass it as a number or text (such as "1,000,000.00")',
      },
    ],
    ['', 'MONEY_EMPTY'],
    [Number.NaN, 'MONEY_NOT_FINITE'],
    [Number.POSITIVE_INFINITY, 'MONEY_NOT_FINITE'],
    [
      -1,
      'MONEY_NEGATIVE',
      {
        zh: '金额不能为负数；请填写零或正数',
        en: 'the amount cannot be negative; give zero or a positive amount',
      },
    ],
    ['-100万', 'MONEY_NEGATIVE'],
    [
      1.005,
      'MONEY_DECIMALS',
      {
        zh: '金额 1.005 的小数超过两位（最小单位是分）；请四舍五入到分',
        en: 'the amount 1.005 has more than two decimals (the smallest unit is the fen); round it to two decimals',
      },
    ],
    ['1.001', 'MONEY_DECIMALS'],
    ['0.0000001万', 'MONEY_DECIMALS'],
    ['1,00,000', 'MONEY_GROUPING'],
    ['1000,000', 'MONEY_GROUPING'],
    [
      '$100',
      'MONEY_CURRENCY',
      {
        zh: '金额 "$100" 不是人民币；请换算成人民币元后填写',
        en: 'the amount "$100" is not in yuan (CNY); convert it to yuan first',
      },
    ],
    ['100 USD', 'MONEY_CURRENCY'],
    ['100港元', 'MONEY_CURRENCY'],
    [
      '一百万',
      'MONEY_FORMAT',
      {
        zh: '无法识别金额 "一百万"；请用阿拉伯数字填写，例如 1000000、1,000,000.00、100万 或 1000万元',
        en: '"一百万" is not an amount icpdesk can read; write it in digits, e.g. 1000000, 1,000,000.00, 100万 或 1000万元'.replace(
          '或',
          'or',
        ),
      },
    ],
    ['1e6', 'MONEY_FORMAT'],
    ['100千', 'MONEY_FORMAT'],
    ['1.', 'MONEY_FORMAT'],
    [1e20, 'MONEY_TOO_LARGE'],
    ['100000000万亿', 'MONEY_TOO_LARGE'],
  ];
  it.each(bad)('%s → %s', (input, code, message) => {
    const r = validateMoney(input);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    expect(r.value).toBeUndefined();
    if (message) expect(r.message).toEqual(message);
    expect(moneyCodes).toContain(code);
  });
});
