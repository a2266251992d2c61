import { readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assess } from './assess.ts';
import { checkLimits, MANIFEST_LIMITS, PROFILE_LIMITS } from './limits.ts';
import { parseManifest, type Shareholder } from './manifest.ts';
import { parseProfile } from './profile.ts';

const kb = loadKb();
const ids = [...kb.activities.keys()];
const profileWith = (activities: string[]) => ({
  entity: { type: 'company', registeredProvince: 'CN-GD', foreignSharePercent: 10 },
  service: { coverage: ['CN-GD', 'CN-GD'], activities, channels: ['website', 'website'] },
});
/** n activity ids, cycling through the kb's */
const cycle = (n: number) => Array.from({ length: n }, (_, i) => ids[i % ids.length]!);
const issuesOf = (r: { ok: boolean; issues?: { code: string; path: string }[] }) => (r.ok ? [] : r.issues!);
const outputSize = (activities: string[]) => {
  const r = parseProfile(kb, profileWith(activities));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return JSON.stringify(assess(kb, r.profile, { asOf: '2026-12-01' })).length;
};

describe('profile limits', () => {
  it('refuses more activities than the limit, naming the list and the limit, before any other check', () => {
    const r = parseProfile(kb, profileWith(Array(5000).fill('no-such-activity')));
    expect(issuesOf(r)).toEqual([
      expect.objectContaining({ code: 'INPUT_TOO_MANY', path: 'service.activities' }),
    ]);
    expect(r.ok || r.issues[0]!.message.en).toContain(`at most ${PROFILE_LIMITS.activities}`);
  });
  it('accepts exactly the limit', () => {
    expect(parseProfile(kb, profileWith(cycle(PROFILE_LIMITS.activities))).ok).toBe(true);
  });
  it('refuses an over-long string and too many answers', () => {
    const long = parseProfile(kb, { ...profileWith(['saas']), entity: { name: 'x'.repeat(10_000) } });
    expect(issuesOf(long)).toEqual([
      expect.objectContaining({ code: 'INPUT_TOO_LONG', path: 'entity.name' }),
    ]);
    const answers = Object.fromEntries(
      Array.from({ length: PROFILE_LIMITS.answers + 1 }, (_, i) => [`q${i}`, true]),
    );
    const many = parseProfile(kb, { service: { activities: ['saas'], answers } });
    expect(issuesOf(many)[0]).toMatchObject({ code: 'INPUT_TOO_MANY', path: 'service.answers' });
  });
  it('refuses deep nesting without walking all of it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = parseProfile(kb, { entity: { name: deep }, service: { activities: ['saas'] } });
    expect(issuesOf(r)[0]?.code).toBe('INPUT_TOO_DEEP');
  });
  it('collapses repeated activities, provinces and channels, keeping the first-seen order', () => {
    const r = parseProfile(kb, profileWith(['saas', 'online-advertising', 'saas']));
    expect(r.ok && r.profile.service).toMatchObject({
      activities: ['saas', 'online-advertising'],
      coverage: ['CN-GD'],
      channels: ['website'],
    });
  });
  it('reports a repeated unknown activity once', () => {
    const r = parseProfile(kb, profileWith(Array(150).fill('no-such-activity')));
    expect(issuesOf(r)).toHaveLength(1);
  });
});

describe('the cost of an assessment grows with its input, not faster', () => {
  it('repeating the activities does not grow the result', () => {
    const once = outputSize(cycle(ids.length));
    expect(outputSize(cycle(2 * ids.length))).toBe(once);
    expect(outputSize(cycle(PROFILE_LIMITS.activities))).toBe(once);
  });
  it('doubling the distinct activities at most about doubles the result', () => {
    const half = Math.floor(ids.length / 2);
    for (const n of [4, 8, half]) {
      const a = outputSize(ids.slice(0, n));
      const b = outputSize(ids.slice(0, 2 * n));
      expect(b / a).toBeLessThanOrEqual(2.2);
    }
  });
});

describe('manifest limits', () => {
  const example = parse(
    readFileSync(
      new URL('../../../examples/packages/b25-hangzhou/application.yaml', import.meta.url),
      'utf8',
    ),
  ) as { applicant: { shareholders: Shareholder[] }; documents: unknown[] };
  const tree = (depth: number): Shareholder[] => [
    depth <= 1
      ? { name: 'p', kind: 'natural-person', country: 'CN', percent: 100 }
      : { name: 'c', kind: 'company', country: 'CN', percent: 100, shareholders: tree(depth - 1) },
  ];
  const withHolders = (shareholders: Shareholder[]) => ({
    ...example,
    applicant: { ...example.applicant, shareholders },
  });
  it('accepts the example and a tree as deep as the limit', () => {
    expect(parseManifest(example).ok).toBe(true);
    expect(parseManifest(withHolders(tree(MANIFEST_LIMITS.shareholderDepth))).ok).toBe(true);
  });
  it('refuses a shareholding tree deeper than the limit', () => {
    const r = parseManifest(withHolders(tree(MANIFEST_LIMITS.shareholderDepth + 1)));
    expect(issuesOf(r)[0]?.code).toBe('INPUT_TOO_DEEP');
  });
  it('refuses more shareholders in the whole tree than the limit, though each layer is within its own', () => {
    const wide = (n: number, inner: Shareholder[]): Shareholder[] =>
      Array.from({ length: n }, (_, i) => ({
        name: `c${i}`,
        kind: 'company' as const,
        country: 'CN',
        percent: 100 / n,
        shareholders: inner,
      }));
    const leaf: Shareholder[] = Array.from({ length: 100 }, (_, i) => ({
      name: `p${i}`,
      kind: 'natural-person' as const,
      country: 'CN',
      percent: 1,
    }));
    const r = parseManifest(withHolders(wide(MANIFEST_LIMITS.shareholders, leaf)));
    expect(issuesOf(r)[0]).toMatchObject({ code: 'INPUT_TOO_MANY' });
    expect(issuesOf(r)[0]?.path).toMatch(/shareholders/);
  });
  it('refuses too many documents', () => {
    const documents = Array(MANIFEST_LIMITS.documents + 1).fill(example.documents[0]);
    expect(issuesOf(parseManifest({ ...example, documents }))[0]).toMatchObject({
      code: 'INPUT_TOO_MANY',
      path: 'documents',
    });
  });
});

describe('checkLimits', () => {
  it('stops after a few issues however many there are', () => {
    const strings = Array.from({ length: 100 }, () => 'x'.repeat(30));
    const issues = checkLimits({ a: strings }, { lists: { a: 1000 }, stringLength: 10, depth: 4 });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.length).toBeLessThanOrEqual(5);
  });
});
