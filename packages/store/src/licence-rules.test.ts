import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { checkLicence, derivedExpiry, type LicenceDraft } from './licence-rules.ts';

const kb = loadKb();
const today = '2026-06-01';

const draft = (over: Partial<LicenceDraft> = {}): LicenceDraft => ({
  number: '浙B2-20240001',
  codes: ['B25:internet'],
  coverage: ['CN-ZJ'],
  authority: 'CN-ZJ',
  issuedOn: '2024-03-01',
  status: 'active',
  ...over,
});

const codesOf = (d: LicenceDraft) => {
  const r = checkLicence(kb, d, today);
  return r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`);
};

describe('checkLicence', () => {
  it('accepts a provincial licence and derives the expiry from the kb validity (5 years less a day)', () => {
    const r = checkLicence(kb, draft(), today);
    expect(r).toEqual({
      ok: true,
      value: {
        number: '浙B2-20240001',
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: '2024-03-01',
        expiresOn: '2029-02-28',
        status: 'active',
      },
    });
  });

  it('normalises the number, codes, coverage, authority and status', () => {
    const r = checkLicence(
      kb,
      draft({
        number: ' 浙Ｂ2－20240001 ',
        codes: ['b25:Internet', 'B25:internet'],
        coverage: ['cn-zj'],
        authority: 'cn-zj',
        status: 'Active',
        expiresOn: '2029-03-01',
      }),
      today,
    );
    expect(r.ok && r.value).toMatchObject({
      number: '浙B2-20240001',
      codes: ['B25:internet'],
      coverage: ['CN-ZJ'],
      authority: 'CN-ZJ',
      status: 'active',
      expiresOn: '2029-03-01',
    });
  });

  it('accepts MIIT licences with several provinces or nationwide, B1 and B2 classes', () => {
    expect(
      codesOf(
        draft({ number: 'B1.B2-20230001', authority: 'MIIT', codes: ['B11', 'B21'], coverage: ['CN'] }),
      ),
    ).toEqual([]);
    expect(
      codesOf(draft({ number: '合字B2-20190051', authority: 'MIIT', coverage: ['CN-GD', 'CN-BJ'] })),
    ).toEqual([]);
  });

  const cases: [string, Partial<LicenceDraft>, string[]][] = [
    ['a malformed number', { number: '浙B2-2024001' }, ['number:LICENCE_PATTERN']],
    ['a filing number for a licence number', { number: '浙ICP备2024012345号' }, ['number:LICENCE_IS_FILING']],
    ['a number of another authority', { number: '粤B2-20240001' }, ['number:NUMBER_AUTHORITY_MISMATCH']],
    [
      'a provincial number under MIIT',
      { authority: 'MIIT', coverage: ['CN'] },
      ['number:NUMBER_AUTHORITY_MISMATCH'],
    ],
    ['a B1 code on a B2 licence', { codes: ['B11'] }, ['codes:CODE_CLASS_MISMATCH']],
    ['an unknown code', { codes: ['B99'] }, ['codes:CODE_UNKNOWN']],
    ['an unknown scope', { codes: ['B25:web'] }, ['codes:CODE_SCOPE_UNKNOWN']],
    ['a category with scopes named alone', { codes: ['B25'] }, ['codes:CODE_SCOPE_REQUIRED']],
    ['a scope on a category without scopes', { codes: ['B21:internet'] }, ['codes:CODE_SCOPE_UNKNOWN']],
    ['no codes', { codes: [' '] }, ['codes:CODES_EMPTY']],
    ['an unknown authority', { authority: 'CN-XX' }, ['authority:AUTHORITY_UNKNOWN']],
    [
      'an unknown province',
      { coverage: ['CN-XX'] },
      ['coverage:COVERAGE_UNKNOWN', 'coverage:COVERAGE_OUTSIDE_AUTHORITY'],
    ],
    [
      'MIIT as coverage',
      { coverage: ['MIIT'] },
      ['coverage:COVERAGE_UNKNOWN', 'coverage:COVERAGE_OUTSIDE_AUTHORITY'],
    ],
    [
      'another province of a provincial licence',
      { coverage: ['CN-ZJ', 'CN-GD'] },
      ['coverage:COVERAGE_OUTSIDE_AUTHORITY'],
    ],
    [
      'nationwide with provinces',
      { number: 'B2-20230001', authority: 'MIIT', coverage: ['CN', 'CN-GD'] },
      ['coverage:COVERAGE_NATIONWIDE_AND_PROVINCES'],
    ],
    ['no coverage', { coverage: [] }, ['coverage:COVERAGE_EMPTY']],
    ['a date that does not exist', { issuedOn: '2024-02-30' }, ['issuedOn:DATE_NOT_REAL']],
    ['a date in another format', { issuedOn: '2024/03/01' }, ['issuedOn:DATE_FORMAT']],
    ['expiry before issue', { expiresOn: '2024-01-01' }, ['expiresOn:EXPIRY_NOT_AFTER_ISSUE']],
    ['expiry on the issue date', { expiresOn: '2024-03-01' }, ['expiresOn:EXPIRY_NOT_AFTER_ISSUE']],
    ['an unknown status', { status: 'valid' }, ['status:STATUS_UNKNOWN']],
    [
      'a year in the number after the issue date',
      { issuedOn: '2023-05-01' },
      ['number:LICENCE_YEAR_AFTER_AS_OF'],
    ],
  ];
  it.each(cases)('refuses %s', (_what, over, expected) => {
    expect(codesOf(draft(over))).toEqual(expected);
  });

  it('says every problem at once, in zh and en', () => {
    const r = checkLicence(
      kb,
      draft({ number: 'x', codes: ['B99'], authority: 'CN-XX', status: '?' }),
      today,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field).sort()).toEqual(['authority', 'codes', 'number', 'status']);
    for (const i of r.issues) {
      expect(i.message.zh).toMatch(/\p{Script=Han}/u);
      expect(i.message.en).toMatch(/[a-z]/);
    }
  });

  it('wants an explicit expiry where the kb has no validity in force on the issue date', () => {
    expect(derivedExpiry(kb, '2010-01-01')).toBeUndefined();
    expect(codesOf(draft({ number: '浙B2-20100001', issuedOn: '2010-01-01' }))).toEqual([
      'expiresOn:EXPIRY_UNKNOWN',
    ]);
    expect(
      codesOf(draft({ number: '浙B2-20100001', issuedOn: '2010-01-01', expiresOn: '2015-01-01' })),
    ).toEqual([]);
  });
});
