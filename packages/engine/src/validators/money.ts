/**
 * Amounts of Chinese yuan (CNY), as numbers or as text: "1000000", "1,000,000.00", "¥1,000,000",
 * "100万", "1000万元", "1.5亿元", "RMB 500". Non-negative, at most two decimals (fen) once the 万/亿 unit is
 * applied. `value` is the amount in yuan as a number; details.fen is the exact amount in fen (an integer).
 */
import {
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const moneyCodes = [
  'MONEY_OK',
  'MONEY_TYPE',
  'MONEY_EMPTY',
  'MONEY_NOT_FINITE',
  'MONEY_NEGATIVE',
  'MONEY_DECIMALS',
  'MONEY_GROUPING',
  'MONEY_CURRENCY',
  'MONEY_FORMAT',
  'MONEY_TOO_LARGE',
] as const;
export type MoneyCode = (typeof moneyCodes)[number];

const SUBJECT = { zh: '金额', en: 'The amount' };
/** the largest amount whose fen count is still an exact integer in a JavaScript number */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

/** currency marks that are not CNY */
const FOREIGN =
  /^(?:US\$|HK\$|NT\$|\$|€|£|₩|USD|HKD|EUR|GBP|JPY|TWD|MOP)|(?:USD|HKD|EUR|GBP|JPY|TWD|MOP|美元|美金|港币|港元|欧元|英镑|日元|台币|澳门元|澳元)$/i;
/** [currency] [sign] number [万|亿|万亿] [元…] — every part is a fixed alternative or a simple run: no backtracking */
const AMOUNT =
  /^(?:(?:¥|RMB|CNY|人民币)\s*)?([+-])?(\d[\d,]*)(?:\.(\d+))?\s*(万亿|万|亿)?\s*(?:元整|元人民币|元|圆|人民币|RMB|CNY|yuan)?$/i;
const UNIT_EXP: Record<string, number> = { 万: 4, 亿: 8, 万亿: 12 };

function okResult(fen: number, extra: Record<string, unknown>): Validation<number> {
  const yuan = fen / 100;
  const shown = yuan.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return validationOk(
    'MONEY_OK',
    { zh: `金额有效：¥${shown}`, en: `the amount is valid: CNY ${shown}` },
    yuan,
    { fen, ...extra },
  );
}

function negative(): Validation<number> {
  return validationFail('MONEY_NEGATIVE', {
    zh: '金额不能为负数；请填写零或正数',
    en: 'the amount cannot be negative; give zero or a positive amount',
  });
}

function tooManyDecimals(shown: string): Validation<number> {
  return validationFail(
    'MONEY_DECIMALS',
    {
      zh: `金额 ${shown} 的小数超过两位（最小单位是分）；请四舍五入到分`,
      en: `the amount ${shown} has more than two decimals (the smallest unit is the fen); round it to two decimals`,
    },
    { input: shown },
  );
}

function tooLarge(): Validation<number> {
  return validationFail('MONEY_TOO_LARGE', {
    zh: '金额过大，超出可精确计算的范围（约90万亿元）；请核对数值和单位',
    en: 'the amount is too large to compute exactly (above about 90 trillion yuan); check the number and the unit',
  });
}

function unreadable(s: string): Validation<number> {
  return validationFail(
    'MONEY_FORMAT',
    {
      zh: `无法识别金额 ${showInput(s)}；请用阿拉伯数字填写，例如 1000000、1,000,000.00、100万 或 1000万元`,
      en: `${showInput(s)} is not an amount icpdesk can read; write it in digits, e.g. 1000000, 1,000,000.00, 100万 or 1000万元`,
    },
    { input: s },
  );
}

/** Validates a CNY amount; `value` is yuan. */
export function validateMoney(input: unknown): Validation<number> {
  if (typeof input === 'number') return fromNumber(input);
  if (typeof input !== 'string') {
    return wrongTypeResult<number>('MONEY_TYPE', SUBJECT, input, {
      zh: '数字或文本（如 "100万"）',
      en: 'a number or text (such as "1,000,000.00")',
    });
  }
  const s = input.normalize('NFKC').trim();
  if (s === '') return emptyResult<number>('MONEY_EMPTY', SUBJECT, '1000000、1,000,000.00 或 100万');
  if (s.length > 64) return unreadable(s);
  if (FOREIGN.test(s)) {
    return validationFail(
      'MONEY_CURRENCY',
      {
        zh: `金额 ${showInput(s)} 不是人民币；请换算成人民币元后填写`,
        en: `the amount ${showInput(s)} is not in yuan (CNY); convert it to yuan first`,
      },
      { input: s },
    );
  }
  const m = AMOUNT.exec(s);
  if (!m) return unreadable(s);
  const [, sign, intRaw, fracRaw = '', unit] = m;
  if (intRaw!.includes(',') && !/^\d{1,3}(?:,\d{3})+$/.test(intRaw!)) {
    return validationFail(
      'MONEY_GROUPING',
      {
        zh: `金额 ${showInput(s)} 的千分位逗号位置不对（应每三位一个逗号，如 1,000,000）；请改正或去掉逗号`,
        en: `the thousands separators in ${showInput(s)} are misplaced (one comma every three digits, as in 1,000,000); fix them or leave them out`,
      },
      { input: s },
    );
  }
  const exp = unit ? UNIT_EXP[unit]! : 0;
  // shift the decimal point right by exp places, exactly, on the digit strings
  const digits = intRaw!.replaceAll(',', '') + fracRaw.padEnd(exp, '0');
  const intDigits = digits
    .slice(0, digits.length - Math.max(0, fracRaw.length - exp))
    .replace(/^0+(?=\d)/, '');
  const frac = fracRaw.length > exp ? fracRaw.slice(exp).replace(/0+$/, '') : '';
  const allZero = /^0*$/.test(intDigits) && frac === '';
  if (sign === '-' && !allZero) return negative();
  if (frac.length > 2) return tooManyDecimals(s);
  if (intDigits.length > 16) return tooLarge();
  const fen = Number(intDigits) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return tooLarge();
  return okResult(fen, { unit: unit ?? null });
}

function fromNumber(n: number): Validation<number> {
  if (!Number.isFinite(n)) {
    return validationFail('MONEY_NOT_FINITE', {
      zh: `金额 ${String(n)} 不是有限的数；请填写具体金额`,
      en: `the amount ${String(n)} is not a finite number; give an actual amount`,
    });
  }
  if (n < 0) return negative();
  const scaled = n * 100;
  const fen = Math.round(scaled) + 0; // + 0 turns -0 into 0
  if (!Number.isSafeInteger(fen)) return tooLarge();
  // tolerate binary floating-point noise (0.1 + 0.2), not a real third decimal (1.005)
  if (Math.abs(scaled - fen) > 1e-6) return tooManyDecimals(String(n));
  return okResult(fen, { unit: null });
}
