/**
 * The pitfalls of kb/pitfalls.yaml whose conditions hold for the profile, most severe first (prepared in that
 * order), each with the penalties that follow from it. A hit whose condition read no fact of the profile is
 * the same in every result: it is made once, frozen, with the prepared kb (prepared-kb.ts).
 */
import type { Fact, Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type { PitfallHit } from './schemas/assessment.ts';

type Pitfall = Prepared['pitfalls'][number];

export function pitfallHits(prep: Prepared, t: Tester): PitfallHit[] {
  const hits: PitfallHit[] = [];
  for (const p of prep.pitfalls) {
    if (t.test(p.when) !== 'yes') continue;
    const facts = t.facts();
    hits.push(
      facts.length === 0
        ? (prep.pitfallHits.get(p.id) ?? pitfallHit(p, prep.penalties.get(p.id), facts))
        : pitfallHit(p, prep.penalties.get(p.id), facts),
    );
  }
  return hits;
}

export function pitfallHit(
  p: Pitfall,
  penalties: Prepared['penalties'] extends Map<string, infer P> ? P | undefined : never,
  facts: Fact[],
): PitfallHit {
  return {
    id: p.id,
    severity: p.severity,
    title: p.title,
    message: p.message,
    facts,
    sources: p.sources,
    confidence: p.confidence,
    ...(p.note ? { note: p.note } : {}),
    ...(penalties ? { penalties: penalties as PitfallHit['penalties'] } : {}),
  };
}
