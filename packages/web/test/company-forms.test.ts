/**
 * The companies area's pure parts: a register form's values as the API's body (a new row leaves empty
 * fields out, a change sends them as null, a fixed field is not sent again), a stored row back as the
 * form's values, and how an import row error's code says to fix it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messages } from '../src/messages.ts';
import {
  companyEventKinds,
  registerBody,
  registerKinds,
  registerValues,
  splitList,
} from '../src/pages/company/register-kinds.ts';
import { fixFor } from '../src/pages/import/import-fix.ts';

const kind = (key: string) => {
  const k = registerKinds.find((x) => x.key === key);
  if (!k) throw new Error(key);
  return k;
};

describe('register forms', () => {
  it('a list field is split at commas, Chinese commas, 、 and lines', () => {
    expect(splitList('a.cn, b.cn，c.cn、d.cn\ne.cn ,')).toEqual(['a.cn', 'b.cn', 'c.cn', 'd.cn', 'e.cn']);
    expect(splitList(undefined)).toEqual([]);
  });

  it('a new ICP filing names the company and leaves empty fields out', () => {
    const body = registerBody(
      kind('icpFilings'),
      { number: ' 浙ICP备12345678号 ', domains: 'example.cn、example.com', sites: '', filedOn: undefined },
      'c1',
      true,
    );
    expect(body).toEqual({
      companyId: 'c1',
      number: '浙ICP备12345678号',
      domains: ['example.cn', 'example.com'],
    });
  });

  it('a changed domain sends an emptied field as null and never the company', () => {
    const body = registerBody(
      kind('domains'),
      { name: 'example.cn', holder: ' ', expiresOn: '2027-06-30' },
      'c1',
      false,
    );
    expect(body).toMatchObject({ name: 'example.cn', holder: null, expiresOn: '2027-06-30', note: null });
    expect(body).not.toHaveProperty('companyId');
  });

  it('an annual report names its licence when made, and cannot move it to another later', () => {
    const k = kind('annualReports');
    expect(registerBody(k, { licenceId: 'l1', year: 2026, submittedOn: '2027-03-01' }, 'c1', true)).toEqual({
      licenceId: 'l1',
      year: 2026,
      submittedOn: '2027-03-01',
    });
    expect(
      registerBody(k, { licenceId: 'l2', year: 2026, submittedOn: '2027-03-02' }, 'c1', false),
    ).not.toHaveProperty('licenceId');
  });

  it('a stored row comes back as the form had it', () => {
    const k = kind('icpFilings');
    const row = { id: 'r1', number: 'N', domains: ['a.cn', 'b.cn'], sites: [], status: 'active', note: null };
    const values = registerValues(k, row);
    expect(values).toMatchObject({
      number: 'N',
      domains: 'a.cn, b.cn',
      sites: '',
      status: 'active',
      note: undefined,
    });
    expect(registerBody(k, values, 'c1', false)).toMatchObject({
      number: 'N',
      domains: ['a.cn', 'b.cn'],
      sites: null,
    });
  });

  it('every field and kind has its words', () => {
    for (const k of registerKinds) {
      expect(messages).toHaveProperty(k.label);
      for (const f of k.fields) {
        expect(messages).toHaveProperty(f.label);
        for (const o of f.options ?? []) expect(messages).toHaveProperty(`${f.optionWords ?? 'opt_'}${o}`);
      }
    }
  });

  it("a company event's kinds are the API's, and a new one leaves an empty subject out", () => {
    const doc = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
    expect([...companyEventKinds]).toEqual(doc.components.schemas.CompanyEvent.properties.kind.enum);
    expect(
      registerBody(
        kind('companyEvents'),
        { kind: 'shareholders', effectiveOn: '2027-03-01', subject: undefined },
        'c1',
        true,
      ),
    ).toEqual({ companyId: 'c1', kind: 'shareholders', effectiveOn: '2027-03-01' });
  });
});

describe('import row errors', () => {
  it.each([
    ['REQUIRED', 'fix_REQUIRED'],
    ['COMPANY_REQUIRED', 'fix_REQUIRED'],
    ['DUPLICATE_IN_FILE', 'fix_DUPLICATE'],
    ['LICENCE_NUMBER_TAKEN', 'fix_TAKEN'],
    ['MONEY_TYPE', 'fix_FIELD_TYPE'],
    ['DATE_NOT_REAL', 'fix_DATE'],
    ['USCC_TAKEN', 'fix_TAKEN'],
    ['USCC_CHECK_DIGIT', 'fix_USCC'],
    ['COLUMN_UNKNOWN', 'fix_COLUMN'],
    ['CELL_TOO_LONG', 'fix_TOO_LONG'],
    ['COMPANY_NOT_FOUND', 'fix_NOT_FOUND'],
    ['COMPANY_MISMATCH', 'fix_OTHER'],
  ])('%s is fixed by %s', (code, fix) => {
    expect(fixFor(code)).toBe(fix);
    expect(messages).toHaveProperty(fix);
  });
});
