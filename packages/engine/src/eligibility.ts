/**
 * Eligibility checks of an assessment: company form, then registered capital (only for a company), hosting in
 * mainland China (for the licences that require it), foreign share (per licence, with the highest cap that
 * applies, and per business closed to foreign investment) and credit standing.
 */
import {
  type Condition,
  type ForeignCap,
  type ForeignProhibition,
  type Kb,
  type LicenceCode,
  licenceCode,
} from '@icpdesk/kb';
import { minConf } from './apply-rule.ts';
import type { Fact, Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type { Profile } from './profile.ts';
import type { Check, LicenceConclusion, PermitConclusion, Undetermined } from './schemas/assessment.ts';

type CheckDef = Kb['checks'][number];

/** what the checks are about: the licences and permits concluded, and the licences still open */
export interface CheckSubjects {
  licences: readonly LicenceConclusion[];
  undetermined: readonly Undetermined[];
  permits: readonly PermitConclusion[];
}

export function eligibilityChecks(prep: Prepared, t: Tester, s: CheckSubjects): Check[] {
  const { profile } = t.ctx;
  const out: Check[] = [];
  const form = prep.checks.get('company-form');
  const formed = form ? formCheck(profile, form) : undefined;
  if (formed) out.push(formed);
  // capital is a company's: an applicant that cannot hold a licence is not asked for it
  const cap = prep.checks.get('registered-capital');
  if (cap && formed?.status !== 'unmet') out.push(capitalCheck(prep, t, cap));
  const hosting = prep.checks.get('mainland-hosting');
  if (hosting && t.test(hosting.when) === 'yes') out.push(hostingCheck(profile, hosting));
  const fs = prep.checks.get('foreign-share');
  if (fs) {
    for (const x of foreignSubjects(s)) out.push(foreignCheck(prep, t, x.code, x.subtypes, fs));
    out.push(...prohibitionChecks(prep, t, s.undetermined));
  }
  const credit = prep.checks.get('credit');
  if (credit) out.push(creditCheck(profile, credit));
  return out;
}

/**
 * The checks of the businesses closed to foreign investment (negative list, sector rules) that cover the
 * profile. A measure that names a permit still undetermined may cover it: its check is open until the
 * question that settles the permit is answered.
 */
export function prohibitionChecks(prep: Prepared, t: Tester, undetermined: readonly Undetermined[]): Check[] {
  const out: Check[] = [];
  for (const p of prep.foreignProhibitions) {
    const covered = t.test(p.when);
    if (covered !== 'no') {
      out.push(prohibitionCheck(t, p, covered === 'unknown' ? t.missing()[0] : undefined));
      continue;
    }
    const named = prep.prohibitionPermits.get(p.id);
    const open = named && undetermined.find((u) => u.kind === 'permit' && named.includes(u.id));
    if (open) out.push(prohibitionCheck(t, p, open.missing[0] ?? open.rule));
  }
  return out;
}

/** the permits a condition names, at any depth */
export function permitsIn(c: Condition): string[] {
  return [
    ...(c.permit ?? []),
    ...(c.all ?? []).flatMap(permitsIn),
    ...(c.any ?? []).flatMap(permitsIn),
    ...(c.not ? permitsIn(c.not) : []),
  ];
}

/**
 * The licence codes the applicant cannot hold: every code when a check of the applicant itself (company
 * form, hosting, credit) is unmet, else the codes whose own foreign-share check is unmet. Capital can be
 * raised before applying, so it does not block; a business closed to foreign investment bars the business,
 * not the licence.
 */
export function unobtainable(checks: readonly Check[]): { all: boolean; codes: Set<string>; why: Check[] } {
  const why = checks.filter(
    (c) =>
      c.status === 'unmet' &&
      c.id !== 'registered-capital' &&
      (c.subject === undefined || licenceCode.safeParse(c.subject).success),
  );
  const all = why.some((c) => c.subject === undefined);
  return { all, codes: new Set(why.flatMap((c) => (c.subject ? [c.subject] : []))), why };
}

/** a check of one profile fact against the value it must have; unknown (and asked for) while the fact is missing */
function factCheck(
  def: CheckDef,
  path: string,
  actual: string | boolean | undefined,
  required: string,
  meets: (v: string | boolean) => boolean,
): Check {
  return {
    id: def.id,
    name: def.name,
    status: actual === undefined ? 'unknown' : meets(actual) ? 'met' : 'unmet',
    required,
    actual: actual ?? null,
    rule: def.id,
    ...(actual === undefined ? { missing: path } : {}),
    facts: [{ path, value: actual ?? null }],
    sources: def.sources,
    confidence: def.confidence,
    ...(def.note ? { note: def.note } : {}),
  };
}

const formCheck = (profile: Profile, def: CheckDef) =>
  factCheck(def, 'entity.type', profile.entity?.type, 'company', (v) => v === 'company');

const hostingCheck = (profile: Profile, def: CheckDef) =>
  factCheck(
    def,
    'service.serverLocation',
    profile.service.serverLocation,
    'mainland',
    (v) => v === 'mainland',
  );

const creditCheck = (profile: Profile, def: CheckDef) =>
  factCheck(
    def,
    'entity.onCreditBlacklist',
    profile.entity?.onCreditBlacklist,
    'not listed',
    (v) => v === false,
  );

/** the threshold is the parameter for the coverage (one province or several) */
function capitalCheck(prep: Prepared, t: Tester, def: CheckDef): Check {
  const { coverage, profile } = t.ctx;
  const pid = coverage ? def.parameterByCoverage?.[coverage] : undefined;
  const traced = pid ? prep.params.get(pid) : undefined;
  const param = traced?.at;
  const actual = profile.entity?.registeredCapitalCny;
  const threshold = typeof param?.value === 'number' ? param.value : null;
  const status: Check['status'] =
    actual === undefined || threshold === null ? 'unknown' : actual >= threshold ? 'met' : 'unmet';
  return {
    id: 'registered-capital',
    name: def.name,
    status,
    required: threshold,
    actual: actual ?? null,
    unit: param?.unit ?? 'cny',
    rule: pid ?? 'registered-capital',
    ...(coverage === undefined
      ? { missing: 'service.coverage' }
      : actual === undefined
        ? { missing: 'entity.registeredCapitalCny' }
        : {}),
    ...(traced ? { parameters: [traced.use] } : {}),
    facts: [
      { path: 'entity.registeredCapitalCny', value: actual ?? null },
      { path: 'service.coverage', value: profile.service.coverage ?? null },
    ],
    sources: def.sources,
    confidence: param ? minConf(def.confidence, param.confidence) : def.confidence,
    ...(def.note ? { note: def.note } : {}),
  };
}

/** every licence concluded or still open, once, with all its subtypes */
function foreignSubjects(s: CheckSubjects): { code: LicenceCode; subtypes: string[] }[] {
  const subjects = s.licences.map((l) => ({ code: l.code, subtypes: [...l.subtypes] }));
  for (const u of s.undetermined) {
    if (u.kind !== 'licence') continue;
    const x = subjects.find((y) => y.code === u.id);
    if (!x) subjects.push({ code: u.id as LicenceCode, subtypes: u.subtype ? [u.subtype] : [] });
    else if (u.subtype && !x.subtypes.includes(u.subtype)) x.subtypes.push(u.subtype);
  }
  return subjects;
}

function foreignCheck(
  prep: Prepared,
  t: Tester,
  code: LicenceCode,
  subtypes: string[],
  def: CheckDef,
): Check {
  const { profile } = t.ctx;
  const share = profile.entity?.foreignSharePercent;
  const area = profile.entity?.pilotArea;
  // caps in force for this category; a cap limited to subtypes applies when the licence has one of them;
  // exceptions only ever raise the cap, so the highest applicable cap wins. A cap whose area or condition
  // is not known yet is "potential": it can turn an unmet check into an unknown one, never into met.
  const applicable: ForeignCap[] = [];
  const potential: { cap: ForeignCap; missing: string[] }[] = [];
  for (const c of prep.foreignCaps) {
    if (!c.categories.includes(code)) continue;
    if (c.subtypes && !(subtypes.length > 0 && subtypes.every((s) => c.subtypes!.includes(s)))) continue;
    if (c.exceptWhen && t.test(c.exceptWhen) !== 'no') continue;
    if (c.pilotAreas) {
      if (area === undefined) potential.push({ cap: c, missing: ['entity.pilotArea'] });
      else if (area !== null && c.pilotAreas.includes(area)) applicable.push(c);
      continue;
    }
    if (c.when) {
      const v = t.test(c.when);
      if (v === 'yes') applicable.push(c);
      else if (v === 'unknown') potential.push({ cap: c, missing: t.missing() });
      continue;
    }
    applicable.push(c);
  }
  const chosen = highestCap(applicable);
  const facts: Fact[] = [
    { path: 'entity.foreignSharePercent', value: share ?? null },
    { path: 'entity.pilotArea', value: area ?? null },
  ];
  if (!chosen)
    return {
      id: 'foreign-share',
      subject: code,
      name: def.name,
      status: 'unknown',
      required: null,
      actual: share ?? null,
      unit: 'percent',
      rule: 'no-cap-data',
      facts,
      sources: def.sources,
      confidence: 'low',
      note: {
        zh: '规则库中没有该业务在此日期的外资比例规则。',
        en: 'The knowledge base has no foreign-share rule for this service on this date.',
      },
    };
  let status: Check['status'] =
    share === undefined ? 'unknown' : share <= chosen.capPercent ? 'met' : 'unmet';
  let missing: string | undefined = share === undefined ? 'entity.foreignSharePercent' : undefined;
  // over the cap that applies, but an exception whose facts are not known yet would allow it
  const could = status === 'unmet' ? potential.find((p) => share! <= p.cap.capPercent) : undefined;
  if (could) {
    status = 'unknown';
    missing = could.missing[0];
  }
  return {
    id: 'foreign-share',
    subject: code,
    name: def.name,
    status,
    required: chosen.capPercent,
    actual: share ?? null,
    unit: 'percent',
    rule: chosen.id,
    ...(missing ? { missing } : {}),
    facts,
    sources: chosen.sources,
    confidence: chosen.confidence,
    note: chosen.note ?? chosen.name,
  };
}

function highestCap(list: readonly ForeignCap[]): ForeignCap | undefined {
  let best: ForeignCap | undefined;
  for (const c of list) if (!best || c.capPercent > best.capPercent) best = c;
  return best;
}

/**
 * Any foreign share fails a prohibition; where the measure's reach over the business is unsettled, or a fact
 * that decides whether it covers the business is missing, a foreign share leaves the check unknown.
 */
function prohibitionCheck(t: Tester, p: ForeignProhibition, missingFact: string | undefined): Check {
  const share = t.ctx.profile.entity?.foreignSharePercent;
  const doubtful = missingFact !== undefined || p.scopeSettled === false;
  const status: Check['status'] =
    share === undefined ? 'unknown' : share === 0 ? 'met' : doubtful ? 'unknown' : 'unmet';
  const missing =
    share === undefined ? 'entity.foreignSharePercent' : status === 'unknown' ? missingFact : undefined;
  return {
    id: 'foreign-share',
    subject: p.id,
    name: p.name,
    status,
    required: 0,
    actual: share ?? null,
    unit: 'percent',
    rule: p.id,
    ...(missing ? { missing } : {}),
    facts: [{ path: 'entity.foreignSharePercent', value: share ?? null }, ...t.facts()],
    sources: p.sources,
    confidence: p.confidence,
    note: p.note ?? p.description,
  };
}
