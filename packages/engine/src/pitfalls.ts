/** The pitfalls of kb/pitfalls.yaml whose conditions hold for the profile, most severe first. */
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type { PitfallHit } from './schemas/assessment.ts';

const severityOrder = { high: 0, medium: 1, info: 2 } as const;

export function pitfallHits(prep: Prepared, t: Tester): PitfallHit[] {
  const hits: PitfallHit[] = [];
  for (const p of prep.pitfalls) {
    if (t.test(p.when) !== 'yes') continue;
    hits.push({
      id: p.id,
      severity: p.severity,
      title: p.title,
      message: p.message,
      facts: t.facts(),
      sources: p.sources,
      confidence: p.confidence,
      ...(p.note ? { note: p.note } : {}),
    });
  }
  return hits.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
}
