/**
 * The compact form of an assessment: every conclusion with its rule ids and status, no texts or sources.
 * For batches and lists, where the full explanation (icpdesk explain <rule>) would be repeated per line.
 */
import type { Assessment } from './schemas/assessment.ts';
import type { AssessmentSummary } from './schemas/summary.ts';

export type { AssessmentSummary };

/** what a summary is made from: an assessment's conclusions, without their explanation */
export interface SummaryParts {
  asOf: string;
  kbVersion: string;
  profileId?: string | number;
  needsLicence: boolean | null;
  eligible: boolean | null;
  authority: Pick<Assessment['authority'], 'id'>;
  licences: Assessment['licences'];
  undetermined: Assessment['undetermined'];
  filings: Assessment['filings'];
  permits: Assessment['otherPermits'];
  checks: Assessment['eligibility']['checks'];
  pitfalls: Assessment['pitfalls'];
  questions: Assessment['questions'];
  notPermitted: Assessment['notPermitted'];
}

export function summarize(a: Assessment): AssessmentSummary {
  return summarizeParts({
    ...a,
    needsLicence: a.summary.needsLicence,
    eligible: a.eligibility.eligible,
    permits: a.otherPermits,
    checks: a.eligibility.checks,
  });
}

export function summarizeParts(a: SummaryParts): AssessmentSummary {
  const s: AssessmentSummary = {
    asOf: a.asOf,
    kbVersion: a.kbVersion,
    needsLicence: a.needsLicence,
    eligible: a.eligible,
    authority: a.authority.id,
    licences: a.licences.map((l) => {
      const x: AssessmentSummary['licences'][number] = {
        code: l.code,
        requirement: l.requirement,
        authority: l.authority,
        rules: l.reasons.map((r) => r.rule),
      };
      if (l.scope) x.scope = l.scope;
      return x;
    }),
    undetermined: a.undetermined.map((u) => {
      const x: AssessmentSummary['undetermined'][number] = {
        kind: u.kind,
        id: u.id,
        requirement: u.requirement,
        rule: u.rule,
        missing: u.missing,
      };
      if (u.scope) x.scope = u.scope;
      return x;
    }),
    filings: a.filings.map((f) => ({
      kind: f.kind,
      variant: f.variant,
      requirement: f.requirement,
      rules: f.reasons.map((r) => r.rule),
    })),
    otherPermits: a.permits.map((p) => ({
      id: p.id,
      requirement: p.requirement,
      rules: p.reasons.map((r) => r.rule),
    })),
    checks: a.checks.map((c) => {
      const x: AssessmentSummary['checks'][number] = {
        id: c.id,
        status: c.status,
        required: c.required,
        actual: c.actual,
        rule: c.rule,
      };
      if (c.subject) x.subject = c.subject;
      return x;
    }),
    pitfalls: a.pitfalls.map((p) => p.id),
    questions: a.questions.map((q) => q.id),
    notPermitted: a.notPermitted.map((n) => n.activity),
  };
  if (a.profileId !== undefined) s.profileId = a.profileId;
  return s;
}
