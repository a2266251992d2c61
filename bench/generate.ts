/** Deterministic generator of business profiles for benchmarks (no randomness between runs). */
import type { Kb } from '@icpdesk/kb';

/** mulberry32: small, deterministic, good enough for test data; a number in [0, 1) per call */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateProfiles(kb: Kb, n: number, seed = 42): unknown[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const activities = [...kb.activities.keys()];
  const provinces = [...kb.authorities.values()].filter((a) => a.kind === 'provincial-ca').map((a) => a.id);
  const questions = [...kb.questions.keys()];
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const acts = new Set<string>();
    const k = 1 + Math.floor(r() * 3);
    while (acts.size < k) acts.add(pick(activities));
    const province = pick(provinces);
    const nationwide = r() < 0.4;
    const answers: Record<string, boolean> = {};
    for (const q of questions) if (r() < 0.5) answers[q] = r() < 0.5;
    out.push({
      id: i,
      entity: {
        type: r() < 0.9 ? 'company' : 'individual',
        name: `公司${i}`,
        registeredProvince: province,
        pilotArea: r() < 0.1 ? pick(['beijing', 'shanghai', 'hainan', 'shenzhen'] as const) : null,
        registeredCapitalCny: pick([500_000, 1_000_000, 5_000_000, 10_000_000, 50_000_000]),
        foreignSharePercent: pick([0, 0, 0, 10, 49, 50, 51, 100]),
        onCreditBlacklist: r() < 0.02,
      },
      service: {
        coverage: nationwide ? ['nationwide'] : [province],
        activities: [...acts],
        serverLocation: pick([
          'mainland',
          'mainland',
          'mainland',
          'overseas',
          'hong-kong-macau-taiwan',
        ] as const),
        channels: pick([
          ['website'],
          ['app'],
          ['mini-program'],
          ['website', 'app'],
          ['website', 'app', 'mini-program'],
        ]),
        answers,
      },
    });
  }
  return out;
}
