/**
 * 公民身份号码 on the resident identity card (居民身份证), GB 11643-1999.
 *
 *   positions 1–6    address code (GB/T 2260); the first two digits are the province-level code
 *   positions 7–14   date of birth, YYYYMMDD
 *   positions 15–17  sequence code; the 17th digit is odd for men and even for women
 *   position 18      check character, ISO 7064 MOD 11-2: 0–9 or X
 *
 * The birth date is compared with `asOf`, an argument: validators read no clock.
 */
import { formatYmd, isIsoDateString, isRealDate, readDigits } from './date.ts';
import {
  asOfInvalidResult,
  emptyResult,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const residentIdCodes = [
  'ID_OK',
  'ID_TYPE',
  'ID_EMPTY',
  'ID_OLD_15_DIGIT',
  'ID_LENGTH',
  'ID_CHARSET',
  'ID_REGION',
  'ID_BIRTH_DATE',
  'ID_BIRTH_BEFORE_1900',
  'ID_BIRTH_AFTER_AS_OF',
  'ID_CHECK_DIGIT',
  'AS_OF_INVALID',
] as const;
export type ResidentIdCode = (typeof residentIdCodes)[number];

/** Province-level codes (first two digits of a GB/T 2260 division code). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  ),
);
const PROVINCE = new Uint8Array(100);
for (const p of PROVINCE_CODES) PROVINCE[Number(p)] = 1;

/** Weights of the first 17 digits: 2^(17-i) mod 11. */
export const RESIDENT_ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character for (sum mod 11) = 0, 1, …, 10. */
export const RESIDENT_ID_CHECK_MAP = '10X98765432';
const W = Int32Array.from(RESIDENT_ID_WEIGHTS);

/** The check character for 17 digits, or undefined if the input is not 17 ASCII digits. */
export function residentIdCheckChar(first17: string): string | undefined {
  if (typeof first17 !== 'string' || first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    sum += d * W[i]!;
  }
  return RESIDENT_ID_CHECK_MAP[sum % 11];
}

export interface ResidentIdParts {
  /** six-digit address code, e.g. '110105' */
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** three digits, 000–999; odd last digit for a man, even for a woman */
  sequence: string;
}

/** Builds a number from its parts with the right check character (for fixtures and generators), or undefined. */
export function buildResidentId(parts: ResidentIdParts): string | undefined {
  const { regionCode, birthDate, sequence } = parts;
  if (typeof regionCode !== 'string' || !/^\d{6}$/.test(regionCode)) return undefined;
  if (typeof sequence !== 'string' || !/^\d{3}$/.test(sequence)) return undefined;
  if (!isIsoDateString(birthDate)) return undefined;
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

const SUBJECT = { zh: '身份证号码', en: 'The resident ID number' };
/** the layout, not a number: no example number is shown, since any valid one could be a real person's */
const EXAMPLE =
  '6位地址码 + 8位出生日期 + 3位顺序码 + 校验码 / 6-digit address + 8-digit birth date + 3-digit sequence + check';
const OK_MESSAGE = { zh: '身份证号码有效', en: 'the resident ID number is valid' };

/**
 * Validates an 18-character resident ID number as of `asOf` (YYYY-MM-DD; the birth date may not be after it).
 * Surrounding white space and a lower-case x are accepted; `value` is trimmed with an upper-case X.
 * Details when valid: birthDate (YYYY-MM-DD), sex ('male' | 'female'), regionCode, provinceCode.
 */
export function validateResidentId(input: unknown, asOf: string): Validation {
  if (!isIsoDateString(asOf)) return asOfInvalidResult(asOf);
  if (typeof input !== 'string') return wrongTypeResult('ID_TYPE', SUBJECT, input);
  let s = input.trim();
  if (s.length === 18 && s.charCodeAt(17) === 120) s = `${s.slice(0, 17)}X`;
  if (s === '') return emptyResult('ID_EMPTY', SUBJECT, EXAMPLE);
  if (s.length === 15 && readDigits(s, 0, 15) >= 0) {
    return validationFail('ID_OLD_15_DIGIT', {
      zh: '这是15位的旧身份证号码（1999年以前的格式）；请填写现行居民身份证上的18位号码',
      en: 'this is an old 15-digit ID number (the format used before 1999); give the 18-character number on the current resident ID card',
    });
  }
  if (s.length !== 18) {
    return validationFail(
      'ID_LENGTH',
      {
        zh: `身份证号码应为18位，这里是${s.length}位；请对照身份证逐位核对，不要加空格或连字符`,
        en: `a resident ID number has 18 characters, this has ${s.length}; check it against the card and leave out spaces and hyphens`,
      },
      { length: s.length },
    );
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return badChar(s, i);
    sum += d * W[i]!;
  }
  const last = s.charCodeAt(17);
  if (!((last >= 48 && last <= 57) || last === 88)) return badChar(s, 17);

  const province = readDigits(s, 0, 2);
  if (PROVINCE[province] !== 1) {
    return validationFail(
      'ID_REGION',
      {
        zh: `前两位 ${s.slice(0, 2)} 不是省级行政区代码（如11北京、44广东）；请核对前六位地址码`,
        en: `the first two digits, ${s.slice(0, 2)}, are not a province-level code (such as 11 Beijing or 44 Guangdong); check the six-digit address code`,
      },
      { provinceCode: s.slice(0, 2) },
    );
  }
  const y = readDigits(s, 6, 10);
  const m = readDigits(s, 10, 12);
  const d = readDigits(s, 12, 14);
  if (!isRealDate(y, m, d)) {
    return validationFail(
      'ID_BIRTH_DATE',
      {
        zh: `第7–14位出生日期 ${s.slice(6, 14)} 不是真实日期；请核对出生年月日`,
        en: `positions 7–14, the date of birth ${s.slice(6, 14)}, are not a real date; check the year, month and day`,
      },
      { birthDigits: s.slice(6, 14) },
    );
  }
  const birthDate = formatYmd(y, m, d);
  if (birthDate < '1900-01-01') {
    return validationFail(
      'ID_BIRTH_BEFORE_1900',
      {
        zh: `出生日期 ${birthDate} 早于1900年1月1日，不可能出现在现行身份证上；请核对第7–14位`,
        en: `the date of birth ${birthDate} is before 1 January 1900, which no current ID card carries; check positions 7–14`,
      },
      { birthDate },
    );
  }
  if (birthDate > asOf) {
    return validationFail(
      'ID_BIRTH_AFTER_AS_OF',
      {
        zh: `出生日期 ${birthDate} 晚于参照日期 ${asOf}；请核对第7–14位`,
        en: `the date of birth ${birthDate} is after the reference date ${asOf}; check positions 7–14`,
      },
      { birthDate, asOf },
    );
  }
  const expected = RESIDENT_ID_CHECK_MAP[sum % 11]!;
  if (s[17] !== expected) {
    return validationFail(
      'ID_CHECK_DIGIT',
      {
        zh: '身份证号码的校验码（第18位）与前17位不符，说明有一位录入错误；请对照身份证逐位核对',
        en: 'the check character (position 18) does not match the first 17 digits, so one is mistyped; check each against the card',
      },
      { checkChar: s[17], expectedCheckChar: expected },
    );
  }
  return validationOk('ID_OK', OK_MESSAGE, s, {
    birthDate,
    sex: (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    regionCode: s.slice(0, 6),
    provinceCode: s.slice(0, 2),
  });
}

function badChar(s: string, i: number): Validation {
  const ch = s[i]!;
  const last = i === 17;
  return validationFail(
    'ID_CHARSET',
    {
      zh: last
        ? `第18位是 ${JSON.stringify(ch)}，校验码只能是数字或 X；请核对`
        : `第${i + 1}位是 ${JSON.stringify(ch)}，前17位必须都是数字；请核对`,
      en: last
        ? `position 18 is ${JSON.stringify(ch)}; the check character is a digit or X, so check it`
        : `position ${i + 1} is ${JSON.stringify(ch)}; the first 17 characters are all digits, so check it`,
    },
    { position: i + 1, char: ch },
  );
}
