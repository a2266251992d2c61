/** Which authority decides the licences: the first authority rule of conditions.yaml that applies. */
import type { Kb } from '@icpdesk/kb';
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type { Assessment } from './schemas/assessment.ts';

export interface AuthorityDecision {
  authority: Assessment['authority'];
  /** the facts that would settle it when an earlier rule may apply but a fact is missing */
  missing: string[];
}

export function decideAuthority(kb: Kb, prep: Prepared, t: Tester): AuthorityDecision {
  const { profile } = t.ctx;
  for (const r of prep.authorityRules) {
    const v = t.test(r.when);
    // an earlier rule may apply once the fact is known: do not guess
    if (v === 'unknown') return { authority: undecided(), missing: t.missing() };
    if (v === 'no') continue;
    const id =
      r.authority === 'MIIT'
        ? 'MIIT'
        : r.authority === 'registered-province'
          ? (profile.entity?.registeredProvince ?? null)
          : (profile.service.coverage?.find((c) => c !== 'nationwide') ?? null);
    const authority: Assessment['authority'] = {
      id,
      name: id ? (kb.authorities.get(id)?.name ?? null) : null,
      rule: r.id,
      reasons: [
        {
          rule: r.id,
          text: r.description,
          facts: t.facts(),
          sources: r.sources,
          confidence: r.confidence,
          ...(r.note ? { note: r.note } : {}),
        },
      ],
    };
    return { authority, missing: [] };
  }
  return { authority: undecided(), missing: [] };
}

const undecided = (): Assessment['authority'] => ({ id: null, name: null, rule: null, reasons: [] });
