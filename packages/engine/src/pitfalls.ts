/**
 * The pitfalls of kb/pitfalls.yaml whose conditions hold for the profile, most severe first (prepared in that
 * order), each with the penalties that follow from it.
 */
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type { PitfallHit } from './schemas/assessment.ts';

export function pitfallHits(prep: Prepared, t: Tester): PitfallHit[] {
  const hits: PitfallHit[] = [];
  for (const p of prep.pitfalls) {
    if (t.test(p.when) !== 'yes') continue;
    const penalties = prep.penalties.get(p.id);
    hits.push({
      id: p.id,
      severity: p.severity,
      title: p.title,
      message: p.message,
      facts: t.facts(),
      sources: p.sources,
      confidence: p.confidence,
      ...(p.note ? { note: p.note } : {}),
      ...(penalties ? { penalties: penalties as PitfallHit['penalties'] } : {}),
    });
  }
  return hits;
}
