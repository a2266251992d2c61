import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKb, placeholders } from '../src/index.ts';
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

describe('loadKb rejects a bad document template with a specific code', () => {
  for (const [i, c] of cases.entries()) {
    it(c.name, () => {
      expectRejected(join(tmp, String(i)), c);
    });
  }
});
