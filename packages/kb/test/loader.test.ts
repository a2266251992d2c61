import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKbDir, KbLoadError, loadKb, searchKb } from '../src/index.ts';
import { applyEdit, errorCases, expectRejected, loadIssues } from './kb-edits.ts';

const { cases, tmp } = errorCases(new URL('./fixtures/loader-errors.yaml', import.meta.url), 'icpdesk-kb-');

describe('loadKb on the real knowledge base', () => {
  const kb = loadKb();
  it('loads and names its version', () => {
    expect(kb.version).toMatch(/^\d{4}\.\d{2}\.\d{2}\+[0-9a-f]{8}$/);
  });
  it('covers every category, MIIT and the 31 provinces', () => {
    expect([...kb.categories.keys()].sort()).toEqual(
      ['B11', 'B12', 'B13', 'B14', 'B21', 'B22', 'B23', 'B24-1', 'B24-2', 'B25', 'B26-1'].sort(),
    );
    expect(kb.authorities.get('MIIT')).toBeDefined();
    expect([...kb.authorities.values()].filter((a) => a.kind === 'provincial-ca')).toHaveLength(31);
    expect(kb.authorities.get('CN-GD')?.licencePrefix).toBe('粤');
  });
  it('resolves every source reference to a title', () => {
    const cat = kb.categories.get('B25')!;
    const cited = kb.cite(cat.sources);
    expect(cited.length).toBe(cat.sources.length);
    for (const c of cited) expect(c.title.length).toBeGreaterThan(0);
  });
  it('finds the version of a parameter in force on a date', () => {
    expect(kb.parameterAt('review-days', '2026-11-29')?.value).toBe(60);
    expect(kb.parameterAt('vats-min-capital-cross-province', '2009-04-09')).toBeUndefined();
    expect(kb.parameterAt('vats-min-capital-cross-province', '2017-08-31')?.sources[0]?.ref).toBe(
      'repealed-2009-rule-note',
    );
    expect(kb.parameterAt('vats-min-capital-cross-province', '2017-09-01')?.sources[0]?.ref).toBe('order-42');
    expect(kb.parameterAt('vats-min-capital-cross-province', '2017-09-01')?.value).toBe(10_000_000);
  });
  it('searches in Chinese and English', () => {
    expect(searchKb(kb, '多方通信').map((h) => h.id)).toContain('B22');
    expect(searchKb(kb, 'ICP证')[0]?.id).toBe('B25');
    expect(searchKb(kb, 'video conferencing').map((h) => h.id)).toContain('multi-party-conferencing');
    expect(searchKb(kb, '   ')).toEqual([]);
  });
});

describe('loadKb rejects bad data with the file and the path', () => {
  for (const [i, c] of cases.entries()) {
    it(c.name, () => {
      expectRejected(join(tmp, String(i)), c);
    });
  }

  it('reports every problem at once, in the order of the checks', () => {
    const dir = join(tmp, 'several');
    cpSync(defaultKbDir(), dir, { recursive: true });
    const names = [
      'two parameters both limiting the decision on a cancellation',
      'two versions of one parameter in force at the same time',
      'a condition naming an unknown question',
      'two foreign caps for the same case in force at the same time',
      'a duplicate parameter id',
      'a licence category missing from the catalogue',
      'a source reference to an unknown source',
    ];
    for (const name of names) applyEdit(dir, cases.find((c) => c.name === name)!);
    expect(loadIssues(dir).map((i) => `${i.code} ${i.file} ${i.path}`)).toEqual([
      'KB_UNKNOWN_SOURCE conditions.yaml checks[2].sources[0].ref',
      'KB_DUPLICATE_ID catalogue.yaml categories[10].id',
      'KB_DUPLICATE_ID parameters.yaml parameters[5].id',
      'KB_INCOMPLETE catalogue.yaml categories',
      'KB_UNKNOWN_REF filings.yaml rules[0].when.answer.question',
      'KB_EFFECTIVE_OVERLAP conditions.yaml foreignCaps[5].effective',
      'KB_EFFECTIVE_OVERLAP parameters.yaml parameters[6].versions[1].effective',
      'KB_DECISION_LIMIT_TWICE parameters.yaml parameters[18].decisionFor[0]',
      // the renamed parameter (issuance-days) is one an answer rests on
      'KB_UNKNOWN_REF faq/licence.yaml faqs[7].rests.parameters[2]',
    ]);
  });

  it('reports a missing folder', () => {
    expect(() => loadKb(join(tmp, 'nope'))).toThrow(/no folder at/);
  });
});

describe('the validated-kb cache', () => {
  it('gives the same kb from the cache as from the files, and rebuilds when a file changes', () => {
    const cacheDir = join(tmp, 'cache');
    const dir = join(tmp, 'cached-kb');
    cpSync(defaultKbDir(), dir, { recursive: true });
    const fresh = loadKb(dir, { cacheDir });
    const cached = loadKb(dir, { cacheDir });
    expect(cached.version).toBe(fresh.version);
    expect(cached.parameterAt('review-days', '2026-11-29')?.value).toBe(60);
    const b25 = cached.categories.get('B25')!;
    expect(cached.cite(b25.sources)).toEqual(fresh.cite(fresh.categories.get('B25')!.sources));

    const path = join(dir, 'meta.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('version: 2026.11.29', 'version: 2026.12.01'));
    expect(loadKb(dir, { cacheDir }).version).toMatch(/^2026\.12\.01\+/);
  });

  it('ignores a damaged cache file and never caches an invalid kb', () => {
    const cacheDir = join(tmp, 'cache2');
    const dir = join(tmp, 'damaged');
    cpSync(defaultKbDir(), dir, { recursive: true });
    loadKb(dir, { cacheDir });
    for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), '{ not json');
    expect(loadKb(dir, { cacheDir }).activities.size).toBeGreaterThan(30);

    const path = join(dir, 'permits.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('permits:', 'permits:\n  - id: [unclosed'));
    expect(() => loadKb(dir, { cacheDir })).toThrow(KbLoadError);
    expect(() => loadKb(dir, { cacheDir })).toThrow(KbLoadError);
  });
});
