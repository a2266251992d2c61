/**
 * assess(): which licences, filings and other permits a business needs, whether it is eligible, who decides,
 * which pitfalls apply — as of a date, each conclusion with its rule, the facts it used and its sources.
 * Pure: no I/O, no clock. The profile must come from parseProfile().
 *
 * The steps, each in its own file: the authority (authority.ts), licences and permits from the activities
 * (activity-conclusions.ts), filings (filings.ts), eligibility (eligibility.ts), pitfalls (pitfalls.ts), the
 * questions that would settle what is open (questions.ts), the headline (headline.ts) and the sources cited
 * (assessment-sources.ts). Conditions are tested by a Tester made for this assessment alone.
 */
import type { Kb, LicenceCode, PermitId } from '@icpdesk/kb';
import { concludeActivities } from './activity-conclusions.ts';
import { citedIn } from './assessment-sources.ts';
import { decideAuthority } from './authority.ts';
import { type EvalContext, tester } from './conditions.ts';
import { eligibilityChecks, prohibitionChecks, unobtainable } from './eligibility.ts';
import { concludeFilings, requiredLicences } from './filings.ts';
import { headline } from './headline.ts';
import { concludeFees, concludeNumbers, numberRules } from './numbers.ts';
import { pitfallHits } from './pitfalls.ts';
import { type Prepared, prepare } from './prepared-kb.ts';
import type { Profile } from './profile.ts';
import { openQuestions } from './questions.ts';
import type { Assessment, Check } from './schemas/assessment.ts';
import { sourceBook } from './source-book.ts';
import { type AssessmentSummary, summarizeParts } from './summary.ts';
import { estimateTimeline } from './timeline.ts';

export interface AssessOptions {
  /** the date the law is applied as of, YYYY-MM-DD */
  asOf: string;
  /** date the application would be submitted, for the timeline; default asOf */
  submitOn?: string;
}

export function coverageKind(p: Profile): EvalContext['coverage'] {
  const c = p.service.coverage;
  if (!c) return undefined;
  if (c.includes('nationwide')) return 'multi-province';
  return new Set(c).size >= 2 ? 'multi-province' : 'single-province';
}

/** what both forms of an assessment are made from: the conclusions, before their explanation */
interface Conclusions {
  licences: Assessment['licences'];
  undetermined: Assessment['undetermined'];
  filings: Assessment['filings'];
  permits: Assessment['otherPermits'];
  checks: Check[];
  authority: Assessment['authority'];
  notPermitted: Assessment['notPermitted'];
  pitfalls: Assessment['pitfalls'];
  numbers: Assessment['numbers'] & {};
  questions: Assessment['questions'];
  needsLicence: boolean | null;
}

/** `numbers`: whether to conclude on number resources too (a summary does not list them) */
function conclude(kb: Kb, prep: Prepared, profile: Profile, numbers = true): Conclusions {
  const share = profile.entity?.foreignSharePercent;
  // the licences and permits concluded so far, which filing rules and pitfalls may name
  const licenceSet = new Set<LicenceCode>();
  const permitSet = new Set<PermitId>();
  const t = tester({
    profile,
    coverage: coverageKind(profile),
    foreignInvested: share === undefined ? undefined : share > 0,
    licences: licenceSet,
    permits: permitSet,
  });

  const { authority, missing: authorityMissing } = decideAuthority(kb, prep, t);
  const found = concludeActivities(kb, prep, t, authority.id);
  const { licences, permits, notPermitted } = found;
  for (const l of licences) licenceSet.add(l.code);
  for (const p of permits) permitSet.add(p.id);
  const anyLicence = licences.length > 0 || found.undetermined.some((u) => u.kind === 'licence');
  const checks = anyLicence
    ? eligibilityChecks(prep, t, { licences, undetermined: found.undetermined, permits })
    : prohibitionChecks(prep, t, found.undetermined);
  // a filing is made under a licence only where the applicant can hold that licence
  const { filings, pending } = concludeFilings(kb, prep, t, requiredLicences(licences), unobtainable(checks));
  const undetermined = [...found.undetermined, ...pending];

  const needsLicence = licences.some((l) => l.requirement === 'required')
    ? true
    : undetermined.some((u) => u.kind === 'licence' && u.requirement === 'required')
      ? null
      : false;
  return {
    licences,
    undetermined,
    filings,
    permits,
    checks,
    authority,
    notPermitted,
    pitfalls: pitfallHits(prep, t),
    numbers: numbers ? concludeNumbers(kb, prep, t, licences) : [],
    questions: openQuestions(kb, undetermined, checks, anyLicence ? authorityMissing : []),
    needsLicence,
  };
}

export function assess(kb: Kb, profile: Profile, opts: AssessOptions): Assessment {
  const { asOf } = opts;
  const prep = prepare(kb, asOf);
  const c = conclude(kb, prep, profile);
  const { licences, filings, numbers } = c;
  const result: Assessment = {
    asOf,
    kbVersion: kb.version,
    ...(profile.id !== undefined ? { profileId: profile.id } : {}),
    summary: {
      headline: headline(licences, c.needsLicence, filings.length, c.notPermitted.length),
      needsLicence: c.needsLicence,
    },
    licences,
    undetermined: c.undetermined,
    filings,
    otherPermits: c.permits,
    eligibility: { eligible: eligibility(c.checks), checks: c.checks },
    authority: c.authority,
    notPermitted: c.notPermitted,
    pitfalls: c.pitfalls,
    numbers,
    numberRules: numberRules(prep, numbers),
    fees: concludeFees(prep, { licences, filings, numbers }),
    questions: c.questions,
    timeline: licences.length > 0 ? estimateTimeline(kb, { submitOn: opts.submitOn ?? asOf, asOf }) : null,
    disclaimer: kb.meta.disclaimer,
    sources: NO_SOURCES, // filled in below, once the rest is known: the book lists what the rest cites
  };
  result.sources = sourceBook(kb, citedIn(result));
  return result;
}

const NO_SOURCES: Assessment['sources'] = Object.freeze({});

/**
 * summarize(assess(…)) without the explanation it drops: the same conclusions, reached by the same steps,
 * without the headline, fees, timeline and the book of sources.
 */
export function assessSummary(kb: Kb, profile: Profile, opts: AssessOptions): AssessmentSummary {
  const prep = prepare(kb, opts.asOf);
  const c = conclude(kb, prep, profile, false);
  return summarizeParts({
    asOf: opts.asOf,
    kbVersion: kb.version,
    ...(profile.id !== undefined ? { profileId: profile.id } : {}),
    eligible: eligibility(c.checks),
    ...c,
  });
}

/** false when a check is unmet, null (not known yet) when one is unknown, else true */
function eligibility(checks: readonly Check[]): boolean | null {
  if (checks.some((c) => c.status === 'unmet')) return false;
  return checks.some((c) => c.status === 'unknown') ? null : true;
}
