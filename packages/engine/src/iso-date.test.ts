import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from './errors.ts';

/** what isIsoDate was before it counted days itself: a round trip through a Date */
function throughDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

describe('isIsoDate', () => {
  it('agrees with a round trip through a Date, on generated and edge inputs', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const ymd = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    fc.assert(
      fc.property(fc.oneof(ymd, fc.string({ maxLength: 12 })), (s) => isIsoDate(s) === throughDate(s)),
      { seed: 20261207, numRuns: 20_000 },
    );
    for (const s of [
      '2026-02-29',
      '2028-02-29',
      '1900-02-29',
      '2000-02-29',
      '0000-02-29',
      '0000-01-01',
      '9999-12-31',
      '2026-11-29 ',
      '２０２６-11-29',
      '2026-1-29',
      '+02026-11-29',
      20261129,
      null,
    ])
      expect(isIsoDate(s), String(s)).toBe(throughDate(s));
  });
});
