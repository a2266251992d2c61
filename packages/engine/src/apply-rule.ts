/** One kb rule (licence, permit or filing rule) against the profile, and how conclusions merge. */
import type { Condition, Confidence, Effective, Requirement, SourceRef, Text } from '@icpdesk/kb';
import type { Fact, Tester } from './conditions.ts';
import type { Profile } from './profile.ts';
import type { Reason, Undetermined } from './schemas/assessment.ts';

export interface RuleLike {
  rule: string;
  requirement: Requirement;
  when?: Condition;
  reason: Text;
  sources: SourceRef[];
  effective: Effective;
  confidence: Confidence;
  note?: Text;
}

export type Target = Pick<Undetermined, 'kind' | 'id' | 'scope' | 'subtype'>;

export const rank: Record<Requirement, number> = { recommended: 1, required: 2 };
const confRank: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
export const maxConf = (a: Confidence, b: Confidence): Confidence => (confRank[a] >= confRank[b] ? a : b);
export const minConf = (a: Confidence, b: Confidence): Confidence => (confRank[a] <= confRank[b] ? a : b);

/**
 * undefined when the rule does not apply (its condition is false), a pending (undetermined) entry when a
 * fact it needs is missing, otherwise the reason it contributes. Rules reach here only when in force.
 */
export function applyRule(
  r: RuleLike,
  activity: string | undefined,
  t: Tester,
  target: Target,
): { reason: Reason } | { pending: Undetermined } | undefined {
  const v = t.test(r.when);
  if (v === 'no') return undefined;
  if (v === 'unknown') return { pending: pendingOf(r, activity, t.missing(), target) };
  const facts = t.facts();
  const reason: Reason = {
    rule: r.rule,
    text: r.reason,
    facts: activity ? withActivities(t.ctx.profile, facts) : facts,
    sources: r.sources,
    confidence: r.confidence,
  };
  if (activity) reason.activity = activity;
  if (r.note) reason.note = r.note;
  return { reason };
}

function pendingOf(
  r: RuleLike,
  activity: string | undefined,
  missing: string[],
  target: Target,
): Undetermined {
  const pending: Undetermined = {
    kind: target.kind,
    id: target.id,
    requirement: r.requirement,
    rule: r.rule,
    missing,
    text: r.reason,
    sources: r.sources,
  };
  if (target.scope) pending.scope = target.scope;
  if (target.subtype) pending.subtype = target.subtype;
  if (activity) pending.activity = activity;
  return pending;
}

function withActivities(p: Profile, facts: Fact[]): Fact[] {
  if (facts.some((f) => f.path === 'service.activities')) return facts;
  return [{ path: 'service.activities', value: p.service.activities }, ...facts];
}
