import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { assess } from './assess.ts';
import { assessmentIn, localise } from './localise.ts';
import { parseProfile } from './profile.ts';
import { assessmentSchema } from './schemas/assessment.ts';
import { localisedAssessmentSchema } from './schemas/localised.ts';

const kb = loadKb();

function assessed(raw: unknown) {
  const p = parseProfile(kb, raw);
  if (!p.ok) throw new Error('invalid profile');
  return assess(kb, p.profile, { asOf: '2026-11-29' });
}

const forum = {
  entity: {
    type: 'company',
    registeredProvince: 'CN-GD',
    registeredCapitalCny: 1_000_000,
    foreignSharePercent: 0,
  },
  service: {
    coverage: ['CN-GD'],
    activities: ['online-advertising', 'community-forum'],
    channels: ['website'],
  },
};

/** every text of a JSON value, as [path, keys] */
function texts(v: unknown, at = ''): [string, string[]][] {
  if (typeof v !== 'object' || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => texts(x, `${at}[${i}]`));
  const o = v as Record<string, unknown>;
  if (typeof o.zh === 'string' || typeof o.en === 'string') return [[at, Object.keys(o)]];
  return Object.entries(o).flatMap(([k, x]) => texts(x, `${at}.${k}`));
}

describe('an assessment in one language', () => {
  for (const lang of ['zh', 'en'] as const)
    it(`keeps ${lang} only, and matches its schema`, () => {
      const a = assessed(forum);
      const l = assessmentIn(a, lang);
      expect(localisedAssessmentSchema.parse(l)).toBeTruthy();
      const found = texts(JSON.parse(JSON.stringify(l)));
      expect(found.length).toBeGreaterThan(50);
      for (const [path, keys] of found) expect(keys, path).toEqual([lang]);
      expect(l.lang).toBe(lang);
      expect(l.summary.headline).toEqual({ [lang]: a.summary.headline[lang] });
      // the bilingual assessment is left as it was
      expect(assessmentSchema.parse(a)).toEqual(a);
      expect(texts(JSON.parse(JSON.stringify(a)))[0]![1]).toEqual(['zh', 'en']);
    });

  it('lists each penalty once and names it by id where a pitfall leads to it', () => {
    const a = assessed(forum);
    const l = assessmentIn(a, 'en');
    const named = a.pitfalls.flatMap((p) => (p.penalties ?? []).map((x) => x.id));
    expect(named.length).toBeGreaterThan(new Set(named).size); // this profile repeats one
    expect(Object.keys(l.penalties).sort()).toEqual([...new Set(named)].sort());
    for (const [i, p] of a.pitfalls.entries())
      expect(l.pitfalls[i]!.penalties).toEqual(p.penalties?.map((x) => x.id));
    for (const x of a.pitfalls.flatMap((p) => p.penalties ?? []))
      expect(l.penalties[x.id]).toEqual(localise(x, 'en'));
    const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
    expect(bytes(l)).toBeLessThan(bytes(a) * 0.8);
  });

  it('hands on what holds no text as it is', () => {
    const a = assessed(forum);
    const l = assessmentIn(a, 'zh');
    expect(l.sources).toBe(a.sources);
    expect(l.licences[0]!.reasons[0]!.sources).toBe(a.licences[0]!.reasons[0]!.sources);
  });
});
