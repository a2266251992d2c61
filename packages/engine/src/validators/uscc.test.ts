import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVINCE_CODES } from './resident-id.ts';
import {
  buildUscc,
  isUscc,
  orgCodeCheckChar,
  USCC_ALPHABET,
  usccCheckChar,
  usccCodes,
  usccRegistrationAuthorities,
  validateUscc,
} from './uscc.ts';

/** Independent reference for the check character, written from the standard's formula. */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * (3 ** i % 31);
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}
/** Independent reference for GB 11714: values 0–9, A=10 … Z=35, weights 3 7 9 10 5 8 4 2. */
function referenceOrgCheck(body: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number.parseInt(ch, 36) * w[i]!, 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

const pairs = Object.entries(usccRegistrationAuthorities).flatMap(([a, e]) =>
  Object.keys(e.types).map((t) => [a, t] as const),
);
const alphabetChar = fc.constantFrom(...USCC_ALPHABET);
const validUscc = fc
  .record({
    pair: fc.constantFrom(...pairs),
    province: fc.constantFrom(...PROVINCE_CODES, '10'),
    rest: fc.stringMatching(/^\d{4}$/),
    body: fc.array(alphabetChar, { minLength: 8, maxLength: 8 }).map((cs) => cs.join('')),
  })
  .map(
    ({ pair, province, rest, body }) =>
      buildUscc({
        registrationAuthority: pair[0],
        entityType: pair[1],
        divisionCode: province + rest,
        organisationBody: body,
      })!,
  );

// fixtures built here, not copied from any real entity
const company = buildUscc({
  registrationAuthority: '9',
  entityType: '1',
  divisionCode: '440300',
  organisationBody: 'MA5F1234',
})!;
const foundation = buildUscc({
  registrationAuthority: '5',
  entityType: '3',
  divisionCode: '110000',
  organisationBody: '50000123',
})!;

describe('check characters', () => {
  it('usccCheckChar agrees with a reference implementation of the mod-31 formula', () => {
    fc.assert(
      fc.property(fc.array(alphabetChar, { minLength: 17, maxLength: 17 }), (cs) => {
        const s = cs.join('');
        expect(usccCheckChar(s)).toBe(referenceCheck(s));
      }),
    );
  });
  it('orgCodeCheckChar agrees with a reference implementation of GB 11714', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{8}$/), (s) => {
        expect(orgCodeCheckChar(s)).toBe(referenceOrgCheck(s));
      }),
    );
  });
  it('worked examples: both check characters of the fixtures', () => {
    // MA5F1234: M=22 A=10 5 F=15 1 2 3 4 → 66+70+45+150+5+16+12+8 = 372; 372 mod 11 = 9; 11-9 = 2
    expect(orgCodeCheckChar('MA5F1234')).toBe('2');
    expect(company).toBe('91440300MA5F12342Q');
    expect(usccCheckChar('91440300MA5F12342')).toBe('Q');
    expect(orgCodeCheckChar('00000000')).toBe('0'); // sum 0 → 11 → 0
    expect(orgCodeCheckChar('00000001')).toBe('9'); // 2 → 11-2
  });
  it('reject malformed input rather than throwing', () => {
    expect(usccCheckChar('123')).toBeUndefined();
    expect(usccCheckChar('I'.repeat(17))).toBeUndefined();
    expect(usccCheckChar(42 as unknown as string)).toBeUndefined();
    expect(orgCodeCheckChar('abc')).toBeUndefined();
    expect(
      buildUscc({
        registrationAuthority: '9',
        entityType: '1',
        divisionCode: '44030',
        organisationBody: 'MA5F1234',
      }),
    ).toBeUndefined();
    expect(
      buildUscc({
        registrationAuthority: '9',
        entityType: '1',
        divisionCode: '440300',
        organisationBody: 'MA5F123O',
      }),
    ).toBeUndefined();
  });
});

describe('validateUscc: table', () => {
  it('accepts a valid code with details', () => {
    expect(validateUscc(company)).toEqual({
      ok: true,
      code: 'USCC_OK',
      message: { zh: '统一社会信用代码有效', en: 'the unified social credit code is valid' },
      value: company,
      details: {
        registrationAuthority: { code: '9', name: usccRegistrationAuthorities['9'] },
        entityType: { code: '1', name: { zh: '企业', en: 'enterprise' } },
        divisionCode: '440300',
        provinceCode: '44',
        organisationCode: 'MA5F1234-2',
      },
    });
    expect(validateUscc(foundation)).toMatchObject({ ok: true, details: { entityType: { code: '3' } } });
  });
  it('normalises case and surrounding spaces and reports the normalised value', () => {
    const r = validateUscc(`  ${company.toLowerCase()}\t`);
    expect(r).toMatchObject({ ok: true, code: 'USCC_OK', value: company });
  });

  const cases: [string, unknown, string, { zh: string; en: string }?][] = [
    [
      'a number',
      91440300,
      'USCC_TYPE',
      {
        zh: '统一社会信用代码应为文本（字符串），收到的是 number；请以文本（字符串）形式提供',
        en: 'The unified social credit code must be text (a string), but got number; pass it as text (a string)',
      },
    ],
    ['null', null, 'USCC_TYPE'],
    ['an object', { code: company }, 'USCC_TYPE'],
    [
      'blank',
      '   ',
      'USCC_EMPTY',
      {
        zh: '统一社会信用代码为空；请填写，例如 91440300MA5FXXXXXX',
        en: 'The unified social credit code is empty; fill it in, e.g. 91440300MA5FXXXXXX',
      },
    ],
    ['a 15-digit registration number', '440301123456789', 'USCC_OLD_NUMBER'],
    ['an organisation code', 'MA5F1234-2', 'USCC_OLD_NUMBER'],
    [
      'too short',
      company.slice(0, 17),
      'USCC_LENGTH',
      {
        zh: '统一社会信用代码应为18位，这里是17位；请对照营业执照逐位核对',
        en: 'a unified social credit code has 18 characters, this has 17; check it against the business licence',
      },
    ],
    ['inner spaces', `${company.slice(0, 8)} ${company.slice(8)}`, 'USCC_LENGTH'],
    [
      'a forbidden letter O',
      `${company.slice(0, 9)}O${company.slice(10)}`,
      'USCC_CHARSET',
      {
        zh: '第10位是字母 O，统一社会信用代码不使用 I、O、S、V、Z；这里多半应为 0，请核对',
        en: 'position 10 is the letter O, which the code never uses (no I, O, S, V or Z); it is probably 0, check it',
      },
    ],
    ['a Chinese character', `${company.slice(0, 17)}号`, 'USCC_CHARSET'],
    ['punctuation', `${company.slice(0, 3)}-${company.slice(4)}`, 'USCC_CHARSET'],
  ];
  it.each(cases)('%s', (_name, input, code, message) => {
    const r = validateUscc(input);
    expect(r.ok).toBe(false);
    expect(r.code).toBe(code);
    expect(r.value).toBeUndefined();
    if (message) expect(r.message).toEqual(message);
  });

  /** a code with the right check character whose first 17 characters are `first17` */
  const withCheck = (first17: string) => first17 + usccCheckChar(first17);
  it('rejects an unknown registration authority even with a correct check character', () => {
    const r = validateUscc(withCheck(`B1440300${company.slice(8, 17)}`));
    expect(r.code).toBe('USCC_REGISTRATION_AUTHORITY');
    expect(r.message.en).toBe(
      'position 1, the registration-authority code, is B, which does not exist (it is 1–9, A, N or Y; 9 for businesses); check position 1',
    );
  });
  it('rejects an entity type the authority does not use', () => {
    const r = validateUscc(withCheck(`94440300${company.slice(8, 17)}`));
    expect(r.code).toBe('USCC_ENTITY_TYPE');
    expect(r.details?.validEntityTypes).toEqual(['1', '2', '3']);
    expect(r.message.zh).toBe(
      '第2位机构类别代码 4 不属于登记管理部门"工商（市场监管）"（9）；该部门的类别代码为 1、2、3，请核对前两位',
    );
  });
  it('rejects a division code that is not digits or not under a province', () => {
    expect(validateUscc(withCheck(`9144A300${company.slice(8, 17)}`)).code).toBe('USCC_DIVISION_CODE');
    const r = validateUscc(withCheck(`91990300${company.slice(8, 17)}`));
    expect(r.code).toBe('USCC_DIVISION_CODE');
    expect(r.message.en).toBe(
      'positions 3–8, the administrative-division code 990300, start with 99, which is not a province-level code; check positions 3–8',
    );
    expect(validateUscc(withCheck(`11100000${company.slice(8, 17)}`)).code).toBe('USCC_OK'); // national level
  });
  it('rejects a wrong organisation-code check character', () => {
    const r = validateUscc(withCheck('91440300MA5F12343'));
    expect(r.code).toBe('USCC_ORG_CODE_CHECK');
    expect(r.details).toEqual({ organisationCode: 'MA5F12343', expectedOrgCheckChar: '2' });
  });
  it('rejects a wrong check character', () => {
    const r = validateUscc(`${company.slice(0, 17)}R`);
    expect(r).toEqual({
      ok: false,
      code: 'USCC_CHECK_DIGIT',
      message: {
        zh: `统一社会信用代码 ${company.slice(0, 17)}R 的校验码（第18位）不符，说明某一位录入有误；请对照营业执照逐位核对`,
        en: `the check character (position 18) of ${company.slice(0, 17)}R does not match the other 17, so a character is mistyped; check each one against the business licence`,
      },
      details: { checkChar: 'R', expectedCheckChar: 'Q' },
    });
  });
  it('uses only codes it declares', () => {
    for (const c of cases) expect(usccCodes).toContain(c[2]);
  });
});

describe('validateUscc: properties', () => {
  it('generated valid codes pass, in any case and with spaces around', () => {
    fc.assert(
      fc.property(validUscc, (code) => {
        expect(validateUscc(code)).toMatchObject({ ok: true, code: 'USCC_OK', value: code });
        expect(validateUscc(` ${code.toLowerCase()} `).value).toBe(code);
        expect(isUscc(code)).toBe(true);
      }),
    );
  });
  it('any single-character change to a valid code fails', () => {
    fc.assert(
      fc.property(validUscc, fc.nat(17), alphabetChar, (code, i, ch) => {
        fc.pre(code[i] !== ch);
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateUscc(changed).ok).toBe(false);
        expect(isUscc(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
  it('a change to any character at all (not only the alphabet) fails', () => {
    fc.assert(
      fc.property(
        validUscc,
        fc.nat(17),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        (code, i, ch) => {
          fc.pre(code[i] !== ch.toUpperCase());
          const changed = code.slice(0, i) + ch + code.slice(i + 1);
          expect(validateUscc(changed).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('isUscc agrees with validateUscc on normalised strings', () => {
    fc.assert(
      fc.property(fc.oneof(validUscc, fc.stringMatching(/^[0-9A-Z]{18}$/), fc.string()), (s) => {
        const r = validateUscc(s);
        expect(isUscc(s)).toBe(r.ok && r.value === s);
      }),
    );
  });
});
