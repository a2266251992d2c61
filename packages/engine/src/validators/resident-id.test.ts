import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildResidentId,
  PROVINCE_CODES,
  residentIdCheckChar,
  residentIdCodes,
  validateResidentId,
} from './resident-id.ts';

const AS_OF = '2026-11-29';

/** Independent reference for ISO 7064 MOD 11-2 as GB 11643 uses it: weights 2^(17-i) mod 11. */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return '10X98765432'[sum % 11]!;
}
const withCheck = (first17: string) => first17 + referenceCheck(first17);

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${AS_OF}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** numbers generated from parts: no real person's number is used */
const validId = fc
  .record({
    province: fc.constantFrom(...PROVINCE_CODES),
    rest: fc.stringMatching(/^\d{4}$/),
    birthDate: isoDate,
    sequence: fc.stringMatching(/^\d{3}$/),
  })
  .map(
    (p) =>
      buildResidentId({ regionCode: p.province + p.rest, birthDate: p.birthDate, sequence: p.sequence })!,
  );

// fixtures, generated
const man = buildResidentId({ regionCode: '440305', birthDate: '1988-02-29', sequence: '051' })!;
const woman = buildResidentId({ regionCode: '310104', birthDate: '2001-12-31', sequence: '262' })!;

describe('check character', () => {
  it('agrees with a reference implementation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (s) => {
        expect(residentIdCheckChar(s)).toBe(referenceCheck(s));
      }),
    );
  });
  it('worked example: weights and map', () => {
    // 1 followed by 16 zeros: sum = 7 → map[7] = 5
    expect(residentIdCheckChar('10000000000000000')).toBe('5');
    // sum = 2 → X
    expect(residentIdCheckChar('00000000000000001')).toBe('X');
    expect(residentIdCheckChar('0000000000000000')).toBeUndefined();
    expect(residentIdCheckChar('0000000000000000A')).toBeUndefined();
  });
  it('buildResidentId refuses bad parts', () => {
    expect(
      buildResidentId({ regionCode: '44030', birthDate: '1990-01-01', sequence: '001' }),
    ).toBeUndefined();
    expect(
      buildResidentId({ regionCode: '440305', birthDate: '1990-02-30', sequence: '001' }),
    ).toBeUndefined();
    expect(
      buildResidentId({ regionCode: '440305', birthDate: '1990-01-01', sequence: '01' }),
    ).toBeUndefined();
  });
});

describe('validateResidentId: table', () => {
  it('accepts a generated number with birth date and sex', () => {
    expect(validateResidentId(man, AS_OF)).toEqual({
      ok: true,
      code: 'ID_OK',
      message: { zh: '身份证号码有效', en: 'the resident ID number is valid' },
      value: man,
      details: { birthDate: '1988-02-29', sex: 'male', regionCode: '440305', provinceCode: '44' },
    });
    expect(validateResidentId(woman, AS_OF).details).toMatchObject({
      birthDate: '2001-12-31',
      sex: 'female',
    });
  });
  it('accepts a lower-case x and spaces around, reporting the normalised value', () => {
    let first17 = '44030519900101000';
    for (let seq = 0; residentIdCheckChar(first17) !== 'X'; seq++)
      first17 = `44030519900101${String(seq).padStart(3, '0')}`;
    const id = `${first17}X`;
    expect(validateResidentId(`  ${first17}x `, AS_OF)).toMatchObject({ ok: true, value: id });
  });
  it('accepts a birth date equal to asOf', () => {
    expect(validateResidentId(withCheck(`11010520261129001`), AS_OF).code).toBe('ID_OK');
  });

  const cases: [string, unknown, string, { zh: string; en: string }?][] = [
    ['a number', 440305198802, 'ID_TYPE'],
    ['undefined', undefined, 'ID_TYPE'],
    ['empty', '', 'ID_EMPTY'],
    [
      'the old 15-digit form',
      '440305880229051',
      'ID_OLD_15_DIGIT',
      {
        zh: '这是15位的旧身份证号码（1999年以前的格式）；请填写现行居民身份证上的18位号码',
        en: 'this is an old 15-digit ID number (the format used before 1999); give the 18-character number on the current resident ID card',
      },
    ],
    [
      'too long',
      `${man}1`,
      'ID_LENGTH',
      {
        zh: '身份证号码应为18位，这里是19位；请对照身份证逐位核对，不要加空格或连字符',
        en: 'a resident ID number has 18 characters, this has 19; check it against the card and leave out spaces and hyphens',
      },
    ],
    [
      'a letter in the body',
      `4403O5${man.slice(6)}`,
      'ID_CHARSET',
      {
        zh: '第5位是 "O"，前17位必须都是数字；请核对',
        en: 'position 5 is "O"; the first 17 characters are all digits, so check it',
      },
    ],
    ['a bad check letter', `${man.slice(0, 17)}Y`, 'ID_CHARSET'],
    [
      'an unknown province',
      withCheck('99030519880229051'),
      'ID_REGION',
      {
        zh: '前两位 99 不是省级行政区代码（如11北京、44广东）；请核对前六位地址码',
        en: 'the first two digits, 99, are not a province-level code (such as 11 Beijing or 44 Guangdong); check the six-digit address code',
      },
    ],
    ['province 16', withCheck('16030519880229051'), 'ID_REGION'],
    [
      'a date that does not exist',
      withCheck('44030519890229051'),
      'ID_BIRTH_DATE',
      {
        zh: '第7–14位出生日期 19890229 不是真实日期；请核对出生年月日',
        en: 'positions 7–14, the date of birth 19890229, are not a real date; check the year, month and day',
      },
    ],
    ['month 13', withCheck('44030519881301051'), 'ID_BIRTH_DATE'],
    ['before 1900', withCheck('44030518991231051'), 'ID_BIRTH_BEFORE_1900'],
    [
      'after asOf',
      withCheck('44030520261130051'),
      'ID_BIRTH_AFTER_AS_OF',
      {
        zh: `出生日期 2026-11-30 晚于参照日期 ${AS_OF}；请核对第7–14位`,
        en: `the date of birth 2026-11-30 is after the reference date ${AS_OF}; check positions 7–14`,
      },
    ],
    [
      'a wrong check character',
      `${man.slice(0, 17)}${man[17] === '0' ? '1' : '0'}`,
      'ID_CHECK_DIGIT',
      {
        zh: '身份证号码的校验码（第18位）与前17位不符，说明有一位录入错误；请对照身份证逐位核对',
        en: 'the check character (position 18) does not match the first 17 digits, so one is mistyped; check each against the card',
      },
    ],
  ];
  it.each(cases)('%s', (_name, input, code, message) => {
    const r = validateResidentId(input, AS_OF);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    if (message) expect(r.message).toEqual(message);
    expect(residentIdCodes).toContain(code);
  });
  it('reports an invalid asOf instead of throwing', () => {
    for (const bad of ['2026-02-30', '', undefined, 20261129] as unknown[]) {
      expect(validateResidentId(man, bad as string).code).toBe('AS_OF_INVALID');
    }
  });
  it('the asOf argument decides, not the clock', () => {
    expect(validateResidentId(man, '1988-02-28').code).toBe('ID_BIRTH_AFTER_AS_OF');
    expect(validateResidentId(man, '1988-02-29').code).toBe('ID_OK');
  });
});

describe('validateResidentId: properties', () => {
  it('generated valid numbers pass', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const r = validateResidentId(id, AS_OF);
        expect(r).toMatchObject({ ok: true, code: 'ID_OK', value: id });
        expect(r.details?.sex).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });
  it('any single-digit change in the first 17 fails', () => {
    fc.assert(
      fc.property(validId, fc.nat(16), fc.integer({ min: 0, max: 9 }), (id, i, d) => {
        fc.pre(id[i] !== String(d));
        expect(validateResidentId(id.slice(0, i) + d + id.slice(i + 1), AS_OF).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('any change of the check character fails', () => {
    fc.assert(
      fc.property(validId, fc.constantFrom(...'0123456789X'), (id, c) => {
        fc.pre(id[17] !== c);
        const r = validateResidentId(id.slice(0, 17) + c, AS_OF);
        expect(r.code).toBe('ID_CHECK_DIGIT');
      }),
    );
  });
});
