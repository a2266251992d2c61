import { describe, expect, it } from 'vitest';
import { type Kb, loadKb } from './loader.ts';
import type { Source } from './schema.ts';
import { sourceStats } from './source-stats.ts';

const src = (id: string, grade: Source['grade']): [string, Source] => [
  id,
  { id, title: id, kind: 'news', grade },
];
const cited = (id: string, refs: string[], confidence: 'high' | 'medium' | 'low') => ({
  id,
  sources: refs.map((ref) => ({ ref })),
  confidence,
  effective: { from: '2020-01-01' },
});

/** a kb with entries at several depths: a list, a map of objects with nested rules, parameter versions */
const small = {
  version: 'x',
  dir: '/nowhere',
  sources: new Map([src('gov', 'A'), src('firm', 'B'), src('agency', 'D'), src('agency2', 'D')]),
  checks: [
    cited('one', ['gov'], 'high'),
    cited('two', ['agency', 'firm'], 'high'),
    cited('three', ['agency'], 'low'),
  ],
  activities: new Map([
    [
      'shop',
      {
        ...cited('shop', ['agency'], 'medium'),
        licences: [{ rule: 'shop-b21', ...cited('shop-b21', ['agency', 'gov'], 'high') }],
      },
    ],
  ]),
  parameters: new Map([['days', { id: 'days', versions: [cited('v1', ['agency2'], 'high')] }]]),
  cite: () => [],
  parameterAt: () => undefined,
} as unknown as Kb;

describe('sourceStats', () => {
  it('counts sources by grade and high entries with a grade-A source at every depth', () => {
    const s = sourceStats(small);
    expect(s.sourcesByGrade).toEqual({ A: 1, B: 1, C: 0, D: 2, E: 0 });
    expect(s.entriesByConfidence).toEqual({ high: 4, medium: 1, low: 1 });
    expect(s.highWithOfficial).toBe(2);
    expect(s.officialShare).toBe(0.5);
    expect(s.highWithoutOfficial).toEqual(['checks/two', 'parameters/days.versions/v1']);
  });

  it('is 1 with no high entry, not a division by zero', () => {
    const none = { ...small, checks: [], activities: new Map(), parameters: new Map() } as unknown as Kb;
    expect(sourceStats(none).officialShare).toBe(1);
  });

  it('on the real kb, lists exactly the high entries the share leaves out', () => {
    const s = sourceStats(loadKb(undefined, { cacheDir: false }));
    const high = s.entriesByConfidence.high;
    expect(s.highWithOfficial + s.highWithoutOfficial.length).toBe(high);
    expect(s.officialShare).toBeCloseTo(s.highWithOfficial / high, 10);
  });
});
