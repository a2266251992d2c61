import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastInput, inputFields } from './obligations-input.ts';
import {
  annualReportRecordSchema,
  obligationEventSchema,
  obligationFilingSchema,
  obligationLicenceSchema,
  obligationNumberSchema,
  obligationsInputSchema,
} from './schemas/obligations.ts';

const schemas = {
  licence: obligationLicenceSchema,
  filing: obligationFilingSchema,
  number: obligationNumberSchema,
  event: obligationEventSchema,
  annualReport: annualReportRecordSchema,
  completion: obligationsInputSchema.shape.completions.unwrap().element,
  waiver: obligationsInputSchema.shape.waivers.unwrap().element,
} as const;

describe('the fast path of the obligations input', () => {
  it('lists the keys of every schema, no more and no fewer', () => {
    for (const [kind, schema] of Object.entries(schemas)) {
      const shape = 'shape' in schema ? schema.shape : undefined;
      expect(Object.keys(inputFields[kind as keyof typeof inputFields]).sort(), kind).toEqual(
        Object.keys(shape ?? {}).sort(),
      );
    }
  });

  // values near the edges of each field: valid ones and ones the schema refuses
  const anyValue = fc.oneof(
    fc.constantFrom('2024-02-29', '2023-02-29', '2026-12-31', '2026-13-01', '2026-1-01', '２０２６-01-01'),
    fc.constantFrom('', 'x', 'l1', 'active', 'revoked', 'icp', 'app', 'name', 'servers', 'bogus'),
    fc.constantFrom(null, undefined, true, false, 0, 2025, 1.5, -1, Number.NaN, [], {}),
  );
  // valid records, one in eight with one key set to a value from above
  const bases: Record<keyof typeof inputFields, Record<string, unknown>> = {
    licence: { id: 'l1', company: 'c1', number: 'n', issuedOn: '2024-02-29', expiresOn: '2029-02-28' },
    filing: { id: 'f1', kind: 'icp', subject: 'a.cn', filedOn: '2024-03-01', onlineOn: null },
    number: { id: 'n1', number: '95123', kind: '95', allocatedOn: '2025-06-30' },
    event: { kind: 'servers', on: '2026-01-05' },
    annualReport: { licence: 'l1', year: 2025, submittedOn: '2026-03-01' },
    completion: { obligation: 'x', on: '2026-01-01' },
    waiver: { obligation: 'y' },
  };
  const recordOf = (kind: keyof typeof inputFields) =>
    fc
      .tuple(fc.constantFrom(...Object.keys(inputFields[kind]), 'unknown'), anyValue, fc.nat(7))
      .map(([k, v, n]) => (n === 0 ? { ...bases[kind], [k]: v } : bases[kind]));
  const input = fc.record(
    {
      licences: fc.array(recordOf('licence'), { maxLength: 3 }),
      filings: fc.array(recordOf('filing'), { maxLength: 2 }),
      numbers: fc.array(recordOf('number'), { maxLength: 2 }),
      events: fc.array(recordOf('event'), { maxLength: 2 }),
      annualReports: fc.array(recordOf('annualReport'), { maxLength: 2 }),
      completions: fc.array(recordOf('completion'), { maxLength: 1 }),
      waivers: fc.array(recordOf('waiver'), { maxLength: 1 }),
      asOf: fc.oneof(fc.constant('2026-12-07'), anyValue),
      dueSoonDays: anyValue,
      openAheadDays: fc.oneof({ arbitrary: fc.nat(400), weight: 4 }, { arbitrary: anyValue, weight: 1 }),
    },
    { requiredKeys: ['asOf'] },
  );

  it('accepts only what the schema accepts, and gives what it gives', () => {
    let taken = 0;
    let refused = 0;
    fc.assert(
      fc.property(input, (x) => {
        const fast = fastInput(x);
        const slow = obligationsInputSchema.safeParse(x);
        if (fast !== undefined) {
          taken++;
          expect(slow.success).toBe(true);
          expect(fast).toEqual(slow.data);
        } else if (!slow.success) refused++;
      }),
      { numRuns: 2000, seed: 20261207 },
    );
    // both sides were exercised: inputs the fast path took, and inputs the schema refused
    expect(taken).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('takes a plain valid register itself (the schema is the fallback, not the rule)', () => {
    const valid = {
      licences: [
        { id: 'l1', company: 'c1', number: '京B2-20240001', issuedOn: '2024-02-29', expiresOn: '2029-02-28' },
        {
          id: 'l2',
          issuedOn: '2020-01-01',
          expiresOn: '2025-01-01',
          status: 'revoked',
          endedOn: '2023-05-05',
          renewalAppliedOn: null,
        },
      ],
      filings: [
        { id: 'f1', kind: 'icp', subject: 'example.cn', filedOn: '2024-03-01', displaysNumber: null },
      ],
      numbers: [{ id: 'n1', number: '95123', kind: '95', allocatedOn: '2025-06-30' }],
      events: [{ kind: 'servers', on: '2026-01-05', effectiveOn: '2026-02-01' }],
      annualReports: [{ licence: 'l1', year: 2025, submittedOn: '2026-03-01' }],
      completions: [{ obligation: 'x', on: '2026-01-01' }],
      waivers: [{ obligation: 'y' }],
      asOf: '2026-12-07',
    };
    const fast = fastInput(valid);
    expect(fast).toBeDefined();
    expect(fast).toEqual(obligationsInputSchema.parse(valid));
    expect(fast!.licences[0]!.status).toBe('active');
    expect(fast!.dueSoonDays).toBe(30);
    expect(fast!.openAheadDays).toBe(90);
  });

  it('leaves a report naming both a licence and a number to the schema, which refuses it', () => {
    const x = { annualReports: [{ licence: 'l', number: 'n', year: 2025, submittedOn: '2026-03-01' }] };
    expect(fastInput({ ...x, asOf: '2026-12-07' })).toBeUndefined();
    expect(obligationsInputSchema.safeParse({ ...x, asOf: '2026-12-07' }).success).toBe(false);
  });
});
