/**
 * The authority a draft is addressed to when its subject names none: the one assess() decides for the
 * business the subject describes (applicant's province of registration and capital, the foreign share traced
 * through its shareholder tree, coverage, activities, channels, server location and answers), as the
 * application path takes it from the company's profile (default-authority.ts). A subject that names an
 * authority, even null (not known), keeps it. Where the subject leaves out a fact that an earlier authority
 * rule needs (a shareholder tree that cannot be traced: is it foreign-invested?), the assessment decides
 * nothing and neither does this: the authority stays a gap in the drafts, never a guess.
 */
import type { Kb } from '@icpdesk/kb';
import { assessedAuthorityRule } from '../default-authority.ts';
import type { DraftSubject } from './resolve-facts.ts';
import { shareholderFacts } from './shareholder-facts.ts';

export interface SubjectAuthority {
  /** MIIT or a province code; null when the subject does not say enough to decide */
  id: string | null;
  /** given: named by the subject; assessed: decided by the assessment's authority rule; none: neither */
  basis: 'given' | 'assessed' | 'none';
  /** the authority rule that decided it (assessed only) */
  rule: string | null;
}

const pick = (from: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));

/** the profile the subject describes, or undefined without activities (assess needs them) */
function subjectProfile(s: DraftSubject): unknown {
  if (!Array.isArray(s.activities) || s.activities.length === 0) return undefined;
  const applicant = (s.applicant ?? {}) as Record<string, unknown>;
  const foreignSharePercent = shareholderFacts(applicant.shareholders)['shareholders.foreignPercent'];
  return {
    entity: {
      type: 'company',
      ...pick(applicant, ['registeredProvince', 'pilotArea', 'registeredCapitalCny']),
      ...(typeof foreignSharePercent === 'number' ? { foreignSharePercent } : {}),
    },
    service: pick(s as Record<string, unknown>, [
      'coverage',
      'activities',
      'channels',
      'serverLocation',
      'answers',
    ]),
  };
}

export function subjectAuthority(kb: Kb, s: DraftSubject, asOf: string): SubjectAuthority {
  if (s.authority !== undefined) return { id: s.authority, basis: 'given', rule: null };
  const decided = assessedAuthorityRule(kb, subjectProfile(s), asOf);
  return decided ? { ...decided, basis: 'assessed' } : { id: null, basis: 'none', rule: null };
}
