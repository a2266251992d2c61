/**
 * Eligibility checks of an assessment: company form, registered capital, foreign share (per licence, with the
 * highest cap that applies, and per permit closed to foreign investment) and credit standing.
 */
import { type ForeignCap, inForce, type Kb, type LicenceCode } from '@icpdesk/kb';
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

export function eligibilityChecks(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  asOf: string,
  s: CheckSubjects,
): Check[] {
  const { profile } = t.ctx;
  const out: Check[] = [];
  const form = prep.checks.get('company-form');
  if (form) out.push(formCheck(profile, form));
  const cap = prep.checks.get('registered-capital');
  if (cap) out.push(capitalCheck(prep, t, cap));
  const fs = prep.checks.get('foreign-share');
  if (fs) {
    for (const x of foreignSubjects(s)) out.push(foreignCheck(prep, t, x.code, x.subtypes, fs));
    out.push(...prohibitionChecks(kb, profile, s.permits, asOf));
  }
  const credit = prep.checks.get('credit');
  if (credit) out.push(creditCheck(profile, credit));
  return out;
}

/** the foreign-investment checks of permits closed to foreign investment */
export function prohibitionChecks(
  kb: Kb,
  profile: Profile,
  permits: readonly PermitConclusion[],
  asOf: string,
): Check[] {
  const out: Check[] = [];
  for (const p of permits) {
    const c = prohibitionCheck(kb, profile, p, asOf);
    if (c) out.push(c);
  }
  return out;
}

function formCheck(profile: Profile, def: CheckDef): Check {
  const t = profile.entity?.type;
  return {
    id: 'company-form',
    name: def.name,
    status: t === undefined ? 'unknown' : t === 'company' ? 'met' : 'unmet',
    required: 'company',
    actual: t ?? null,
    rule: 'company-form',
    ...(t === undefined ? { missing: 'entity.type' } : {}),
    facts: [{ path: 'entity.type', value: t ?? null }],
    sources: def.sources,
    confidence: def.confidence,
    ...(def.note ? { note: def.note } : {}),
  };
}

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

function creditCheck(profile: Profile, def: CheckDef): Check {
  const b = profile.entity?.onCreditBlacklist;
  return {
    id: 'credit',
    name: def.name,
    status: b === undefined ? 'unknown' : b ? 'unmet' : 'met',
    required: 'not listed',
    actual: b ?? null,
    rule: 'credit',
    ...(b === undefined ? { missing: 'entity.onCreditBlacklist' } : {}),
    facts: [{ path: 'entity.onCreditBlacklist', value: b ?? null }],
    sources: def.sources,
    confidence: def.confidence,
  };
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

function prohibitionCheck(kb: Kb, profile: Profile, p: PermitConclusion, asOf: string): Check | undefined {
  const permit = kb.permits.get(p.id);
  if (!permit?.foreignProhibited || !inForce(permit.effective, asOf)) return undefined;
  const share = profile.entity?.foreignSharePercent;
  return {
    id: 'foreign-share',
    subject: p.id,
    name: { zh: `${permit.name.zh}：禁止外商投资`, en: `${permit.name.en}: closed to foreign investment` },
    status: share === undefined ? 'unknown' : share > 0 ? 'unmet' : 'met',
    required: 0,
    actual: share ?? null,
    rule: `${p.id}-foreign-prohibited`,
    ...(share === undefined ? { missing: 'entity.foreignSharePercent' } : {}),
    facts: [{ path: 'entity.foreignSharePercent', value: share ?? null }],
    sources: permit.sources,
    confidence: permit.confidence,
    ...(permit.note ? { note: permit.note } : {}),
  };
}
