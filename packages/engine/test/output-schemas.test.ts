/**
 * The output schemas describe what the engine really returns: the outputs for every rule case, every clock
 * case and the example package parse with them, strictly (an unknown key is an error), and they are the same
 * objects back. Each result's source book lists exactly the sources it cites, once. The schemas are also usable as OpenAPI components: the shared parts have registry ids.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { globalRegistry, toJSONSchema, type z } from 'zod';
import {
  type ApplicationClockInput,
  type Assessment,
  applicationClock,
  applicationClockSchema,
  assess,
  assessmentSchema,
  assessmentSummarySchema,
  checklist,
  checklistSchema,
  clockSummary,
  clockSummarySchema,
  comparisonSchema,
  diffAssessments,
  type PackageFile,
  parseManifest,
  parseProfile,
  precheck,
  precheckResultSchema,
  summarize,
} from '../src/index.ts';

const kb = loadKb();
const yamlFiles = (dir: URL) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parse(readFileSync(new URL(f, dir), 'utf8')));

/** the refs cited by lists named `sources` below v, except inside `skip` (a nested result with its own book) */
function citedRefs(v: unknown, skip?: unknown, out = new Set<string>()): Set<string> {
  if (v === skip || v === null || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'sources' && Array.isArray(x)) for (const s of x) out.add(s.ref);
    else citedRefs(x, skip, out);
  }
  return out;
}

/**
 * parses strictly and must give back an equal object: nothing dropped, nothing added; a result with a
 * source book lists exactly the sources it cites
 */
function conforms(schema: z.ZodType, value: unknown, label: string, skip?: unknown) {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`${label}: ${JSON.stringify(r.error.issues.slice(0, 3))}`);
  expect(r.data, label).toEqual(JSON.parse(JSON.stringify(value)));
  const book = (value as { sources?: object }).sources;
  if (book) expect(Object.keys(book).sort(), `${label} sources`).toEqual([...citedRefs(value, skip)].sort());
}

const cases = yamlFiles(new URL('./cases/', import.meta.url)) as {
  asOf: string;
  submitOn?: string;
  profile: unknown;
}[];
const assessments: Assessment[] = cases.map((c) => {
  const p = parseProfile(kb, c.profile);
  if (!p.ok) throw new Error('invalid case profile');
  return assess(kb, p.profile, { asOf: c.asOf, ...(c.submitOn ? { submitOn: c.submitOn } : {}) });
});

describe('output schemas', () => {
  it('every rule case: assessment, summary, checklist', () => {
    expect(assessments.length).toBeGreaterThan(80);
    assessments.forEach((a, i) => {
      conforms(assessmentSchema, a, `case ${i} assessment`);
      conforms(assessmentSummarySchema, summarize(a), `case ${i} summary`);
      for (const l of a.licences)
        conforms(
          checklistSchema,
          checklist(kb, {
            licence: l.code,
            ...(l.scope ? { scope: l.scope } : {}),
            procedure: 'new',
            asOf: a.asOf,
            permits: a.otherPermits.map((p) => p.id),
          }),
          `case ${i} checklist ${l.code}`,
        );
    });
  });

  it('comparisons between neighbouring cases', () => {
    for (let i = 1; i < assessments.length; i++)
      conforms(comparisonSchema, diffAssessments(assessments[i - 1]!, assessments[i]!), `compare ${i}`);
  });

  it('every clock case: clock and summary', () => {
    const clocks = yamlFiles(new URL('./clock-cases/', import.meta.url)) as {
      asOf: string;
      input: ApplicationClockInput;
    }[];
    expect(clocks.length).toBeGreaterThan(25);
    clocks.forEach((c, i) => {
      const clock = applicationClock(kb, c.input, c.asOf);
      conforms(applicationClockSchema, clock, `clock ${i}`);
      conforms(clockSummarySchema, clockSummary(clock), `clock summary ${i}`);
    });
  });

  it('the example package, complete and with every file missing', () => {
    const root = new URL('../../../examples/packages/b25-hangzhou/', import.meta.url);
    const m = parseManifest(parse(readFileSync(new URL('application.yaml', root), 'utf8')));
    if (!m.ok) throw new Error('invalid example manifest');
    const files = new Map<string, PackageFile>();
    const docs = new URL('docs/', root);
    for (const f of readdirSync(docs)) {
      const path = join(docs.pathname, f);
      files.set(`docs/${f}`, { size: statSync(path).size, head: readFileSync(path).subarray(0, 16) });
    }
    const full = precheck(kb, { manifest: m.manifest, files, asOf: '2026-06-01' });
    conforms(precheckResultSchema, full, 'precheck', full.checklist);
    conforms(checklistSchema, full.checklist, 'precheck checklist');
    const bare = precheck(kb, { manifest: m.manifest, files: new Map(), asOf: '2026-06-01' });
    expect(bare.findings.length).toBeGreaterThan(full.findings.length);
    conforms(precheckResultSchema, bare, 'precheck without files', bare.checklist);
  });

  it('refuses a key the schema does not know', () => {
    const a = structuredClone(assessments[0]!);
    (a.summary as Record<string, unknown>).extra = 1;
    expect(assessmentSchema.safeParse(a).success).toBe(false);
  });

  it('names the shared parts once, as components', () => {
    for (const id of [
      'Text',
      'Source',
      'SourceCitation',
      'Sources',
      'Fact',
      'ParameterUse',
      'Reason',
      'Assessment',
    ])
      expect(globalRegistry._idmap.has(id), id).toBe(true);
    const json = JSON.stringify(toJSONSchema(globalRegistry, { uri: (id) => `#/components/schemas/${id}` }));
    expect(json).toContain('"$ref":"#/components/schemas/SourceCitation"');
  });
});
