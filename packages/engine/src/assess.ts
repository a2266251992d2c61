/**
 * assess(): which licences, filings and other permits a business needs, whether it is eligible, who decides,
 * which pitfalls apply — as of a date, each conclusion with its rule, the facts it used and its sources.
 * Pure: no I/O, no clock. The profile must come from parseProfile().
 */
import {
  type Condition,
  type Confidence,
  type Effective,
  type ForeignCap,
  inForce,
  type Kb,
  type LicenceCode,
  type LicenceRule,
  type ParameterAt,
  type PermitId,
  type PermitRule,
  type Requirement,
  type SourceRef,
  type Text,
} from '@icpdesk/kb';
import { citedIn } from './assessment-sources.ts';
import { compile, type EvalContext, type EvalOut, type Fact, type Tri } from './conditions.ts';
import { fieldQuestions } from './fields.ts';
import { type ParameterUse, paramUse } from './params.ts';
import type { Profile } from './profile.ts';
import type {
  Assessment,
  Check,
  FilingConclusion,
  LicenceConclusion,
  PermitConclusion,
  PitfallHit,
  QuestionOut,
  Reason,
  Undetermined,
} from './schemas/assessment.ts';
import { sourceBook } from './source-book.ts';
import { estimateTimeline } from './timeline.ts';

export interface AssessOptions {
  /** the date the law is applied as of, YYYY-MM-DD */
  asOf: string;
  /** date the application would be submitted, for the timeline; default asOf */
  submitOn?: string;
}

const rank: Record<Requirement, number> = { recommended: 1, required: 2 };
const confRank: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const minConf = (a: Confidence, b: Confidence): Confidence => (confRank[a] <= confRank[b] ? a : b);
const maxConf = (a: Confidence, b: Confidence): Confidence => (confRank[a] >= confRank[b] ? a : b);

interface RuleLike {
  rule: string;
  requirement: Requirement;
  when?: Condition;
  reason: Text;
  sources: SourceRef[];
  effective: Effective;
  confidence: Confidence;
  note?: Text;
}

/**
 * One rule against the profile: undefined when it does not apply (not in force, or its condition is false),
 * a pending (undetermined) entry when a fact it needs is missing, otherwise the reason it contributes.
 */
function applyRule(
  r: RuleLike,
  activity: string | undefined,
  ctx: EvalContext,
  target: Pick<Undetermined, 'kind' | 'id' | 'scope' | 'subtype'>,
): { reason: Reason } | { pending: Undetermined } | undefined {
  const v = test(r.when, ctx);
  if (v === 'no') return undefined;
  const sources = r.sources;
  if (v === 'unknown') {
    const pending: Undetermined = {
      kind: target.kind,
      id: target.id,
      requirement: r.requirement,
      rule: r.rule,
      missing: scratch.missing.slice(),
      text: r.reason,
      sources,
    };
    if (target.scope) pending.scope = target.scope;
    if (target.subtype) pending.subtype = target.subtype;
    if (activity) pending.activity = activity;
    return { pending };
  }
  const facts = scratch.facts.slice();
  const reason: Reason = {
    rule: r.rule,
    text: r.reason,
    facts: activity ? withActivities(ctx.profile, facts) : facts,
    sources,
    confidence: r.confidence,
  };
  if (activity) reason.activity = activity;
  if (r.note) reason.note = r.note;
  return { reason };
}

/** The kb as of one date: only what is in force, conditions compiled. Built once per (kb, date). */
interface Prepared {
  authorityRules: Kb['authorityRules'];
  activities: Map<string, { licences: LicenceRule[]; permits: PermitRule[]; notPermitted: boolean }>;
  filingRules: Kb['filingRules'];
  pitfalls: Kb['pitfalls'];
  foreignCaps: Kb['foreignCaps'];
  checks: Map<Check['id'], Kb['checks'][number]>;
  /** parameters in force, by id, traced once */
  params: Map<string, { at: ParameterAt; use: ParameterUse }>;
}

const prepared = new WeakMap<Kb, Map<string, Prepared>>();

function prepare(kb: Kb, asOf: string): Prepared {
  let byDate = prepared.get(kb);
  if (!byDate) {
    byDate = new Map();
    prepared.set(kb, byDate);
  }
  const hit = byDate.get(asOf);
  if (hit) return hit;
  const live = <T extends { effective: Effective }>(xs: readonly T[]) =>
    xs.filter((x) => inForce(x.effective, asOf));
  const p: Prepared = {
    authorityRules: live(kb.authorityRules),
    activities: new Map(
      [...kb.activities.values()].map((a) => [
        a.id,
        {
          licences: live(a.licences),
          permits: live(a.permits),
          notPermitted: !!a.notPermitted && inForce(a.effective, asOf),
        },
      ]),
    ),
    filingRules: live(kb.filingRules),
    pitfalls: live(kb.pitfalls),
    foreignCaps: live(kb.foreignCaps),
    checks: new Map(live(kb.checks).map((c) => [c.id, c])),
    params: new Map(),
  };
  for (const id of kb.parameters.keys()) {
    const at = kb.parameterAt(id, asOf);
    if (at) p.params.set(id, { at, use: paramUse(at) });
  }
  if (byDate.size > 366) byDate.clear();
  byDate.set(asOf, p);
  return p;
}

/** Scratch space for conditions that turn out false: most do, and then nothing needs to be kept. */
const scratch: EvalOut = { facts: [], missing: [] };

function test(c: Condition | undefined, ctx: EvalContext): Tri {
  if (!c) {
    if (scratch.facts.length) scratch.facts = [];
    if (scratch.missing.length) scratch.missing = [];
    return 'yes';
  }
  if (scratch.facts.length) scratch.facts = [];
  if (scratch.missing.length) scratch.missing = [];
  return compile(c)(ctx, scratch);
}

function withActivities(p: Profile, facts: Fact[]): Fact[] {
  if (facts.some((f) => f.path === 'service.activities')) return facts;
  return [{ path: 'service.activities', value: p.service.activities }, ...facts];
}

export function coverageKind(p: Profile): EvalContext['coverage'] {
  const c = p.service.coverage;
  if (!c) return undefined;
  if (c.includes('nationwide')) return 'multi-province';
  return new Set(c).size >= 2 ? 'multi-province' : 'single-province';
}

export function assess(kb: Kb, profile: Profile, opts: AssessOptions): Assessment {
  const { asOf } = opts;
  const prep = prepare(kb, asOf);
  const foreignShare = profile.entity?.foreignSharePercent;
  const ctx: EvalContext = {
    profile,
    coverage: coverageKind(profile),
    foreignInvested: foreignShare === undefined ? undefined : foreignShare > 0,
    licences: new Set(),
    permits: new Set(),
  };
  const undetermined: Undetermined[] = [];
  const notPermitted: Assessment['notPermitted'] = [];

  // ------------------------------------------------------------ authority for licences
  const authority: Assessment['authority'] = { id: null, name: null, rule: null, reasons: [] };
  let authorityMissing: string[] = [];
  for (const r of prep.authorityRules) {
    const v = test(r.when, ctx);
    if (v === 'unknown') {
      // an earlier rule may apply once the fact is known: do not guess
      authorityMissing = scratch.missing.slice();
      break;
    }
    if (v === 'no') continue;
    const id =
      r.authority === 'MIIT'
        ? 'MIIT'
        : r.authority === 'registered-province'
          ? (profile.entity?.registeredProvince ?? null)
          : (profile.service.coverage?.find((c) => c !== 'nationwide') ?? null);
    authority.id = id;
    authority.name = id ? (kb.authorities.get(id)?.name ?? null) : null;
    authority.rule = r.id;
    authority.reasons.push({
      rule: r.id,
      text: r.description,
      facts: scratch.facts.slice(),
      sources: r.sources,
      confidence: r.confidence,
      ...(r.note ? { note: r.note } : {}),
    });
    break;
  }

  // ------------------------------------------------------------ licences and permits from activities
  const licences = new Map<string, LicenceConclusion>();
  const permits = new Map<PermitId, PermitConclusion>();
  for (const aid of profile.service.activities) {
    const a = kb.activities.get(aid);
    const live = prep.activities.get(aid);
    if (!a || !live) continue; // parseProfile rejects unknown activities
    if (live.notPermitted && a.notPermitted)
      notPermitted.push({ activity: a.id, message: a.notPermitted, sources: a.sources });
    for (const r of live.licences) {
      const key = r.scope ? `${r.code}:${r.scope}` : r.code;
      const o = applyRule(r, a.id, ctx, {
        kind: 'licence',
        id: r.code,
        ...(r.scope ? { scope: r.scope } : {}),
        ...(r.subtype ? { subtype: r.subtype } : {}),
      });
      if (!o) continue;
      if ('pending' in o) {
        undetermined.push(o.pending);
        continue;
      }
      const { reason } = o;
      const cur = licences.get(key);
      if (cur) {
        cur.reasons.push(reason);
        if (rank[r.requirement] > rank[cur.requirement]) cur.requirement = r.requirement;
        cur.confidence = maxConf(cur.confidence, r.confidence);
        if (r.subtype && !cur.subtypes.includes(r.subtype)) cur.subtypes.push(r.subtype);
      } else {
        const cat = kb.categories.get(r.code)!;
        const scope = r.scope ? cat.scopes?.find((s) => s.id === r.scope) : undefined;
        licences.set(key, {
          code: r.code,
          ...(r.scope ? { scope: r.scope } : {}),
          name: scope ? scope.name : cat.name,
          nicknames: scope ? scope.nicknames : cat.nicknames,
          subtypes: r.subtype ? [r.subtype] : [],
          requirement: r.requirement,
          authority: authority.id,
          confidence: r.confidence,
          reasons: [reason],
        });
      }
    }
    for (const r of live.permits) {
      const o = applyRule(r, a.id, ctx, { kind: 'permit', id: r.permit });
      if (!o) continue;
      if ('pending' in o) {
        undetermined.push(o.pending);
        continue;
      }
      const { reason } = o;
      const cur = permits.get(r.permit);
      if (cur) {
        cur.reasons.push(reason);
        if (rank[r.requirement] > rank[cur.requirement]) cur.requirement = r.requirement;
      } else {
        const p = kb.permits.get(r.permit)!;
        permits.set(r.permit, {
          id: p.id,
          name: p.name,
          issuer: p.issuer,
          requirement: r.requirement,
          preApproval: p.preApproval,
          foreignProhibited: p.foreignProhibited,
          reasons: [reason],
        });
      }
    }
  }
  // an undetermined entry is moot when the same thing is already concluded at least as strongly;
  // several open rules for the same thing are one entry, at the strongest requirement, with all missing facts
  const open = new Map<string, Undetermined>();
  for (const u of undetermined) {
    const key = `${u.kind}:${u.id}:${u.scope ?? ''}`;
    const cur =
      u.kind === 'licence'
        ? licences.get(u.scope ? `${u.id}:${u.scope}` : u.id)
        : permits.get(u.id as PermitId);
    if (cur && rank[cur.requirement] >= rank[u.requirement]) continue;
    const prev = open.get(key);
    if (!prev) open.set(key, u);
    else {
      for (const m of u.missing) if (!prev.missing.includes(m)) prev.missing.push(m);
      if (rank[u.requirement] > rank[prev.requirement]) open.set(key, { ...u, missing: prev.missing });
    }
  }
  undetermined.length = 0;
  undetermined.push(...open.values());

  const licenceList = [...licences.values()].sort((x, y) => x.code.localeCompare(y.code));
  for (const l of licenceList) (ctx.licences as Set<LicenceCode>).add(l.code);
  const required = new Set(licenceList.filter((l) => l.requirement === 'required').map((l) => l.code));
  const permitList = [...permits.values()].sort((x, y) => x.id.localeCompare(y.id));
  for (const p of permitList) (ctx.permits as Set<PermitId>).add(p.id);

  // ------------------------------------------------------------ filings
  const filings = new Map<string, FilingConclusion>();
  const filingAuthority = profile.entity?.registeredProvince ?? null;
  for (const r of prep.filingRules) {
    const o = applyRule(r, undefined, ctx, { kind: 'filing', id: r.kind });
    if (!o) continue;
    if ('pending' in o) {
      if (!filings.has(r.kind)) undetermined.push(o.pending);
      continue;
    }
    const { reason } = o;
    const def = kb.filings.get(r.kind)!;
    const commercial = r.commercialWhenLicence?.some((c) => required.has(c));
    const cur = filings.get(r.kind);
    if (cur) {
      cur.reasons.push(reason);
      continue;
    }
    const processing = def.processingParameter ? prep.params.get(def.processingParameter)?.use : undefined;
    const deadline = def.deadlineParameter ? prep.params.get(def.deadlineParameter)?.use : undefined;
    const byCa = def.receivedBy === 'registered-province-ca';
    filings.set(r.kind, {
      kind: r.kind,
      name: def.name,
      variant: !def.hasVariants ? 'n/a' : commercial ? 'commercial' : 'non-commercial',
      requirement: r.requirement,
      authority: byCa ? filingAuthority : null,
      authorityName:
        !byCa || !filingAuthority
          ? def.authority
          : (kb.authorities.get(filingAuthority)?.name ?? def.authority),
      ...(processing ? { processing } : {}),
      ...(deadline ? { deadline } : {}),
      reasons: [reason],
    });
  }

  // ------------------------------------------------------------ eligibility
  const checks: Check[] = [];
  const anyLicence = licenceList.length > 0 || undetermined.some((u) => u.kind === 'licence');
  if (anyLicence)
    checks.push(...eligibilityChecks(kb, prep, profile, ctx, asOf, licenceList, undetermined, permitList));
  else
    for (const p of permitList) {
      const c = prohibitionCheck(kb, profile, p, asOf);
      if (c) checks.push(c);
    }
  const eligible = checks.some((c) => c.status === 'unmet')
    ? false
    : checks.some((c) => c.status === 'unknown')
      ? null
      : true;

  // ------------------------------------------------------------ pitfalls
  const pitfalls: PitfallHit[] = [];
  for (const p of prep.pitfalls) {
    if (test(p.when, ctx) !== 'yes') continue;
    pitfalls.push({
      id: p.id,
      severity: p.severity,
      title: p.title,
      message: p.message,
      facts: scratch.facts.slice(),
      sources: p.sources,
      confidence: p.confidence,
      ...(p.note ? { note: p.note } : {}),
    });
  }
  const sev = { high: 0, medium: 1, info: 2 } as const;
  pitfalls.sort((a, b) => sev[a.severity] - sev[b.severity]);

  // ------------------------------------------------------------ questions that would settle the unknowns
  const questions = new Map<string, QuestionOut>();
  for (const u of undetermined)
    for (const m of u.missing) ask(kb, questions, m, `${u.kind}:${u.id}${u.scope ? `:${u.scope}` : ''}`);
  for (const c of checks)
    if (c.missing) ask(kb, questions, c.missing, `eligibility:${c.id}${c.subject ? `:${c.subject}` : ''}`);
  if (anyLicence) for (const m of authorityMissing) ask(kb, questions, m, 'authority');

  const needsLicence = licenceList.some((l) => l.requirement === 'required')
    ? true
    : undetermined.some((u) => u.kind === 'licence' && u.requirement === 'required')
      ? null
      : false;
  const timeline =
    licenceList.length > 0 ? estimateTimeline(kb, { submitOn: opts.submitOn ?? asOf, asOf }) : null;

  const result: Omit<Assessment, 'sources'> = {
    asOf,
    kbVersion: kb.version,
    ...(profile.id !== undefined ? { profileId: profile.id } : {}),
    summary: {
      headline: headline(licenceList, needsLicence, filings.size, notPermitted.length),
      needsLicence,
    },
    licences: licenceList,
    undetermined,
    filings: [...filings.values()],
    otherPermits: permitList,
    eligibility: { eligible, checks },
    authority,
    notPermitted,
    pitfalls,
    questions: [...questions.values()],
    timeline,
    disclaimer: kb.meta.disclaimer,
  };
  return { ...result, sources: sourceBook(kb, citedIn(result)) };
}

/** Adds the question that settles a missing fact, noting what it affects. */
function ask(kb: Kb, questions: Map<string, QuestionOut>, path: string, affects: string) {
  let q = questions.get(path);
  if (!q) {
    const qid = path.startsWith('answers.') ? path.slice(8) : path;
    const kq = kb.questions.get(qid);
    q = { id: path, text: kq?.text ?? fieldQuestions[path] ?? { zh: path, en: path }, affects: [] };
    if (kq?.help) q.help = kq.help;
    questions.set(path, q);
  }
  if (!q.affects.includes(affects)) q.affects.push(affects);
}

function headline(
  licences: LicenceConclusion[],
  needs: boolean | null,
  filings: number,
  banned: number,
): Text {
  if (banned > 0)
    return {
      zh: '所选业务中有目前不允许经营的业务，见下文。',
      en: 'Some selected activities may not lawfully be run today; see below.',
    };
  const req = licences.filter((l) => l.requirement === 'required');
  if (req.length > 0) {
    const names = req.map((l) => `${l.code}${l.nicknames[0] ? ` ${l.nicknames[0]}` : ''}`);
    return {
      zh: `需要增值电信业务经营许可证：${names.join('、')}。`,
      en: `A value-added telecom licence is required: ${names.join(', ')}.`,
    };
  }
  if (needs === null)
    return {
      zh: '是否需要许可证取决于下列待回答的问题。',
      en: 'Whether a licence is needed depends on the open questions below.',
    };
  if (licences.length > 0)
    return {
      zh: '法律上不要求许可证，但建议办理（见理由）。',
      en: 'No licence is required by law, but one is recommended (see reasons).',
    };
  if (filings > 0)
    return { zh: '不需要许可证，办理备案即可。', en: 'No licence is needed; filing is enough.' };
  return { zh: '未发现需要的许可证或备案。', en: 'No licence or filing found to be needed.' };
}

// ------------------------------------------------------------------ eligibility checks

function eligibilityChecks(
  kb: Kb,
  prep: Prepared,
  profile: Profile,
  ctx: EvalContext,
  asOf: string,
  licences: LicenceConclusion[],
  undetermined: Undetermined[],
  permits: PermitConclusion[],
): Check[] {
  const out: Check[] = [];
  const e = profile.entity ?? {};

  const form = prep.checks.get('company-form');
  if (form) {
    const t = e.type;
    out.push({
      id: 'company-form',
      name: form.name,
      status: t === undefined ? 'unknown' : t === 'company' ? 'met' : 'unmet',
      required: 'company',
      actual: t ?? null,
      rule: 'company-form',
      ...(t === undefined ? { missing: 'entity.type' } : {}),
      facts: [{ path: 'entity.type', value: t ?? null }],
      sources: form.sources,
      confidence: form.confidence,
      ...(form.note ? { note: form.note } : {}),
    });
  }

  const cap = prep.checks.get('registered-capital');
  if (cap) {
    const pid = ctx.coverage ? cap.parameterByCoverage?.[ctx.coverage] : undefined;
    const traced = pid ? prep.params.get(pid) : undefined;
    const param = traced?.at;
    const actual = e.registeredCapitalCny;
    const threshold = typeof param?.value === 'number' ? param.value : null;
    const status: Check['status'] =
      actual === undefined || threshold === null ? 'unknown' : actual >= threshold ? 'met' : 'unmet';
    out.push({
      id: 'registered-capital',
      name: cap.name,
      status,
      required: threshold,
      actual: actual ?? null,
      rule: pid ?? 'registered-capital',
      ...(ctx.coverage === undefined
        ? { missing: 'service.coverage' }
        : actual === undefined
          ? { missing: 'entity.registeredCapitalCny' }
          : {}),
      ...(traced ? { parameters: [traced.use] } : {}),
      facts: [
        { path: 'entity.registeredCapitalCny', value: actual ?? null },
        { path: 'service.coverage', value: profile.service.coverage ?? null },
      ],
      sources: cap.sources,
      confidence: param ? minConf(cap.confidence, param.confidence) : cap.confidence,
      ...(cap.note ? { note: cap.note } : {}),
    });
  }

  const fs = prep.checks.get('foreign-share');
  if (fs) {
    const subjects: { code: LicenceCode; subtypes: string[] }[] = licences.map((l) => ({
      code: l.code,
      subtypes: [...l.subtypes],
    }));
    for (const u of undetermined) {
      if (u.kind !== 'licence') continue;
      const s = subjects.find((x) => x.code === u.id);
      if (!s) subjects.push({ code: u.id as LicenceCode, subtypes: u.subtype ? [u.subtype] : [] });
      else if (u.subtype && !s.subtypes.includes(u.subtype)) s.subtypes.push(u.subtype);
    }
    for (const s of subjects) out.push(foreignCheck(prep, ctx, s.code, s.subtypes, fs));
    for (const p of permits) {
      const c = prohibitionCheck(kb, profile, p, asOf);
      if (c) out.push(c);
    }
  }

  const credit = prep.checks.get('credit');
  if (credit) {
    const b = e.onCreditBlacklist;
    out.push({
      id: 'credit',
      name: credit.name,
      status: b === undefined ? 'unknown' : b ? 'unmet' : 'met',
      required: 'not listed',
      actual: b ?? null,
      rule: 'credit',
      ...(b === undefined ? { missing: 'entity.onCreditBlacklist' } : {}),
      facts: [{ path: 'entity.onCreditBlacklist', value: b ?? null }],
      sources: credit.sources,
      confidence: credit.confidence,
    });
  }
  return out;
}

type CheckDef = Kb['checks'][number];

function foreignCheck(
  prep: Prepared,
  ctx: EvalContext,
  code: LicenceCode,
  subtypes: string[],
  def: CheckDef,
): Check {
  const { profile } = ctx;
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
    if (c.exceptWhen && test(c.exceptWhen, ctx) !== 'no') continue;
    if (c.pilotAreas) {
      if (area === undefined) potential.push({ cap: c, missing: ['entity.pilotArea'] });
      else if (area !== null && c.pilotAreas.includes(area)) applicable.push(c);
      continue;
    }
    if (c.when) {
      const v = test(c.when, ctx);
      if (v === 'yes') applicable.push(c);
      else if (v === 'unknown') potential.push({ cap: c, missing: scratch.missing.slice() });
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
