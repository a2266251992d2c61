import { readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assess } from './assess.ts';
import { parseManifest } from './manifest.ts';
import { precheck } from './precheck.ts';
import { parseProfile } from './profile.ts';
import { precheckResultSchema } from './schemas/precheck.ts';
import { resolveSources } from './source-book.ts';
import { storedAssessment, storedPrecheckResult } from './stored-assessment.ts';

const kb = loadKb();
const parsed = parseProfile(kb, {
  entity: { type: 'company', registeredProvince: 'CN-GD', foreignSharePercent: 30 },
  service: { coverage: ['CN-GD'], activities: ['online-advertising', 'community-forum'] },
});
if (!parsed.ok) throw new Error('invalid profile');
const current = JSON.parse(JSON.stringify(assess(kb, parsed.profile, { asOf: '2026-11-29' })));

/** the shape stored before source books: every list of sources resolved in place, no book */
function oldShape(v: unknown, book: Record<string, never>): unknown {
  if (Array.isArray(v)) return v.map((x) => oldShape(x, book));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k, x]) => !(k === 'sources' && !Array.isArray(x)))
      .map(([k, x]) => [k, k === 'sources' ? resolveSources(book, x) : oldShape(x, book)]),
  );
}

describe('storedAssessment', () => {
  it('reads an assessment stored with full citations as the current shape', () => {
    const old = oldShape(current, current.sources) as Record<string, unknown>;
    expect(old.sources).toBeUndefined();
    expect(JSON.stringify(old)).toContain('"title"');
    expect(storedAssessment(old)).toEqual(current);
  });

  it('leaves an assessment of the current shape as it is', () => {
    const copy = structuredClone(current);
    expect(storedAssessment(copy)).toBe(copy);
    expect(copy).toEqual(current);
  });
});

describe('storedPrecheckResult', () => {
  it('reads a package check stored with full citations as the current shape, which its schema accepts', () => {
    const root = new URL('../../../examples/packages/b25-hangzhou/', import.meta.url);
    const m = parseManifest(parse(readFileSync(new URL('application.yaml', root), 'utf8')));
    if (!m.ok) throw new Error('invalid example manifest');
    const result = JSON.parse(
      JSON.stringify(precheck(kb, { manifest: m.manifest, files: new Map(), asOf: '2026-06-01' })),
    );
    // each part resolved with its own book, as it was stored
    const old: Record<string, unknown> = {
      ...(oldShape(result, result.sources) as Record<string, unknown>),
      checklist: oldShape(result.checklist, result.checklist.sources),
    };
    expect(old.sources).toBeUndefined();
    const read = storedPrecheckResult(old);
    expect(read).toEqual(result);
    expect(precheckResultSchema.safeParse(read).success).toBe(true);
  });
});
