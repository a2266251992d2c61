/**
 * The proposed change and the register facts: validated once, here, at the edge (like parseProfile). Each kind
 * needs its own field (new-activity an activity of the kb, wider-coverage the coverage, …); a domain is
 * checked by the engine's validateDomain.
 */
import type { Kb } from '@icpdesk/kb';
import { type EngineIssue, issueMessages } from '../errors.ts';
import { suggestActivity } from '../profile.ts';
import {
  type ChangeKind,
  type ProposedChange,
  proposedChangeSchema,
  type RegisterFacts,
  registerFactsSchema,
} from '../schemas/impact.ts';
import { validateDomain } from '../validators/domain.ts';
import { zodIssues } from '../zod-issues.ts';

/** the field each kind needs (servers-abroad and new-shareholder need none) */
const needs: Partial<Record<ChangeKind, { field: keyof ProposedChange; expected: string }>> = {
  'new-activity': { field: 'activity', expected: 'a kb activity id' },
  'wider-coverage': { field: 'coverage', expected: 'the coverage after the change' },
  'foreign-investment': {
    field: 'foreignSharePercent',
    expected: 'the foreign share after the change, 0–100',
  },
  rename: { field: 'name', expected: 'the new name' },
  'capital-reduction': { field: 'registeredCapitalCny', expected: 'the registered capital after the change' },
  'new-domain': { field: 'domain', expected: 'a domain name' },
};

export type ChangeResult = { ok: true; change: ProposedChange } | { ok: false; issues: EngineIssue[] };

export function parseChange(kb: Kb, input: unknown): ChangeResult {
  const r = proposedChangeSchema.safeParse(input);
  if (!r.success) return { ok: false, issues: zodIssues(proposedChangeSchema, input, r.error) };
  const c = r.data;
  const issues: EngineIssue[] = [];
  const need = needs[c.kind];
  if (need && c[need.field] === undefined) issues.push(issueMessages.missing(need.field, need.expected));
  if (c.activity !== undefined && !kb.activities.has(c.activity))
    issues.push(issueMessages.unknownActivity('activity', c.activity, suggestActivity(kb, c.activity)));
  if (c.domain !== undefined) {
    const d = validateDomain(c.domain);
    if (!d.ok) issues.push(issueMessages.invalid('domain', c.domain, d.message));
    else c.domain = d.value as string;
  }
  return issues.length ? { ok: false, issues } : { ok: true, change: c };
}

export type FactsResult = { ok: true; facts: RegisterFacts } | { ok: false; issues: EngineIssue[] };

export function parseRegisterFacts(input: unknown): FactsResult {
  const r = registerFactsSchema.safeParse(input ?? {});
  return r.success
    ? { ok: true, facts: r.data }
    : { ok: false, issues: zodIssues(registerFactsSchema, input, r.error) };
}
