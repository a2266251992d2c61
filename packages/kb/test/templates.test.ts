import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  inForce,
  type LicenceCode,
  loadKb,
  type Material,
  type Procedure,
  placeholders,
} from '../src/index.ts';
import { errorCases, expectRejected } from './kb-edits.ts';

const { cases, tmp } = errorCases(
  new URL('./fixtures/template-errors.yaml', import.meta.url),
  'icpdesk-kb-templates-',
);

describe('document templates in the real kb', () => {
  const kb = loadKb();
  it('load with their facts catalogue', () => {
    expect(kb.templates.size).toBeGreaterThan(0);
    expect(kb.templateFacts.get('company.name')?.origin).toBe('company');
  });
  it('name only catalogued facts, each declared in the template', () => {
    for (const t of kb.templates.values()) {
      const texts = JSON.stringify(t.sections);
      for (const f of placeholders(texts)) {
        expect(kb.templateFacts.has(f), `${t.id}: {{${f}}}`).toBe(true);
        expect(t.facts, `${t.id}: {{${f}}}`).toContain(f);
      }
    }
  });
  it('cite every requirement and cover it in a section', () => {
    for (const t of kb.templates.values())
      for (const r of t.requirements) {
        expect(kb.cite(r.sources).length, `${t.id}/${r.id}`).toBeGreaterThan(0);
        expect(
          t.sections.some((s) => s.covers.includes(r.id)),
          `${t.id}/${r.id}`,
        ).toBe(true);
      }
  });
});

/** written by the applicant itself: not a scan, copy or original of a document someone else issues */
const drafted = (m: Material) =>
  (m.providedBy === 'applicant' || m.providedBy === 'legal-representative') &&
  !m.format.some((f) => f === 'colour-scan' || f === 'copy' || f === 'original' || f === 'notarised');

describe('every material an applicant drafts has a template', () => {
  const kb = loadKb();
  const asOf = '2026-12-01';
  /** the material ids a template covers for one licence and procedure, by variant */
  const templated = (code: LicenceCode, procedure: Procedure, variant: 'document' | 'alternative') =>
    new Set(
      [...kb.templates.values()]
        .filter(
          (t) =>
            t.variant === variant &&
            inForce(t.effective, asOf) &&
            t.licences.includes(code) &&
            t.procedures.includes(procedure),
        )
        .map((t) => t.material),
    );
  const needed = (code: LicenceCode, procedure: Procedure) =>
    kb.materials.filter(
      (m) =>
        inForce(m.effective, asOf) &&
        m.procedures.includes(procedure) &&
        (!m.licences || m.licences.includes(code)) &&
        drafted(m),
    );
  const codes = [...kb.categories.keys()];
  it('covers every value-added category of the catalogue', () => {
    expect(codes).toEqual(
      expect.arrayContaining(['B11', 'B12', 'B13', 'B14', 'B21', 'B22', 'B23', 'B25', 'B26-1']),
    );
  });
  /** new, change and renewal for every category; how many drafted materials each must at least have */
  const least = { new: 7, change: 2, renewal: 2 } as const;
  const cases = codes.flatMap((code) =>
    (Object.keys(least) as (keyof typeof least)[]).map((procedure) => [procedure, code] as const),
  );
  it.each(cases)('for a %s %s licence', (procedure, code) => {
    const need = needed(code, procedure);
    const have = templated(code, procedure, 'document');
    expect(need.length).toBeGreaterThanOrEqual(least[procedure]);
    expect(need.map((m) => m.id).filter((id) => !have.has(id))).toEqual([]);
  });
  it.each(['B22', 'B24-1', 'B25'] as const)('for a number application on a %s licence', (code) => {
    // a number application's signed originals are the applicant's own writing, unlike a licence's original
    const need = kb.materials.filter(
      (m) =>
        inForce(m.effective, asOf) &&
        m.procedures.includes('number-application') &&
        (!m.licences || m.licences.includes(code)) &&
        (m.providedBy === 'applicant' || m.providedBy === 'legal-representative') &&
        !m.format.some((f) => f === 'colour-scan' || f === 'copy'),
    );
    const have = templated(code, 'number-application', 'document');
    expect(need.length).toBeGreaterThanOrEqual(3);
    expect(need.map((m) => m.id).filter((id) => !have.has(id))).toEqual([]);
  });
  it.each(codes)('for the statements a new %s applicant may give instead of a material', (code) => {
    const need = kb.materials.filter(
      (m) =>
        inForce(m.effective, asOf) &&
        m.procedures.includes('new') &&
        (!m.licences || m.licences.includes(code)) &&
        m.alternative !== undefined,
    );
    const have = templated(code, 'new', 'alternative');
    expect(need.map((m) => m.id).filter((id) => !have.has(id))).toEqual([]);
  });
});

describe('loadKb rejects a bad document template with a specific code', () => {
  for (const [i, c] of cases.entries()) {
    it(c.name, () => {
      expectRejected(join(tmp, String(i)), c);
    });
  }
});
