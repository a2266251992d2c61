/**
 * The licences and permits a profile's activities need: every rule of each activity in kb/activities,
 * several rules for the same licence or permit merged (keeping every reason), and the open (undetermined)
 * ones that remain once the concluded ones are known.
 */
import type { Kb, LicenceRule, PermitId, PermitRule } from '@icpdesk/kb';
import { applyRule, maxConf, rank } from './apply-rule.ts';
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type {
  Assessment,
  LicenceConclusion,
  PermitConclusion,
  Reason,
  Undetermined,
} from './schemas/assessment.ts';

export interface ActivityConclusions {
  /** by code */
  licences: LicenceConclusion[];
  /** by id */
  permits: PermitConclusion[];
  undetermined: Undetermined[];
  notPermitted: Assessment['notPermitted'];
}

interface Found {
  licences: Map<string, LicenceConclusion>;
  permits: Map<PermitId, PermitConclusion>;
  pending: Undetermined[];
}

const licenceKey = (code: string, scope: string | undefined) => (scope ? `${code}:${scope}` : code);

export function concludeActivities(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  authority: string | null,
): ActivityConclusions {
  const found: Found = { licences: new Map(), permits: new Map(), pending: [] };
  const notPermitted: Assessment['notPermitted'] = [];
  for (const aid of t.ctx.profile.service.activities) {
    const a = kb.activities.get(aid);
    const live = prep.activities.get(aid);
    if (!a || !live) continue; // parseProfile rejects unknown activities
    if (live.notPermitted && a.notPermitted)
      notPermitted.push({ activity: a.id, message: a.notPermitted, sources: a.sources });
    for (const r of live.licences) licenceRule(kb, t, found, a.id, r, authority);
    for (const r of live.permits) permitRule(kb, t, found, a.id, r);
  }
  return {
    licences: [...found.licences.values()].sort((x, y) => x.code.localeCompare(y.code)),
    permits: [...found.permits.values()].sort((x, y) => x.id.localeCompare(y.id)),
    undetermined: stillOpen(found),
    notPermitted,
  };
}

function licenceRule(
  kb: Kb,
  t: Tester,
  found: Found,
  activity: string,
  r: LicenceRule,
  authority: string | null,
) {
  const o = applyRule(r, activity, t, {
    kind: 'licence',
    id: r.code,
    ...(r.scope ? { scope: r.scope } : {}),
    ...(r.subtype ? { subtype: r.subtype } : {}),
  });
  if (!o) return;
  if ('pending' in o) {
    found.pending.push(o.pending);
    return;
  }
  const key = licenceKey(r.code, r.scope);
  const cur = found.licences.get(key);
  if (!cur) {
    found.licences.set(key, newLicence(kb, r, o.reason, authority));
    return;
  }
  cur.reasons.push(o.reason);
  if (rank[r.requirement] > rank[cur.requirement]) cur.requirement = r.requirement;
  cur.confidence = maxConf(cur.confidence, r.confidence);
  if (r.subtype && !cur.subtypes.includes(r.subtype)) cur.subtypes.push(r.subtype);
}

function newLicence(kb: Kb, r: LicenceRule, reason: Reason, authority: string | null): LicenceConclusion {
  const cat = kb.categories.get(r.code)!;
  const scope = r.scope ? cat.scopes?.find((s) => s.id === r.scope) : undefined;
  return {
    code: r.code,
    ...(r.scope ? { scope: r.scope } : {}),
    name: scope ? scope.name : cat.name,
    nicknames: scope ? scope.nicknames : cat.nicknames,
    subtypes: r.subtype ? [r.subtype] : [],
    requirement: r.requirement,
    authority,
    confidence: r.confidence,
    reasons: [reason],
  };
}

function permitRule(kb: Kb, t: Tester, found: Found, activity: string, r: PermitRule) {
  const o = applyRule(r, activity, t, { kind: 'permit', id: r.permit });
  if (!o) return;
  if ('pending' in o) {
    found.pending.push(o.pending);
    return;
  }
  const cur = found.permits.get(r.permit);
  if (cur) {
    cur.reasons.push(o.reason);
    if (rank[r.requirement] > rank[cur.requirement]) cur.requirement = r.requirement;
    return;
  }
  const p = kb.permits.get(r.permit)!;
  found.permits.set(r.permit, {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    requirement: r.requirement,
    preApproval: p.preApproval,
    foreignProhibited: p.foreignProhibited,
    reasons: [o.reason],
  });
}

/**
 * An open entry is moot when the same thing is already concluded at least as strongly; several open rules
 * for the same thing are one entry, at the strongest requirement, with all missing facts.
 */
function stillOpen(found: Found): Undetermined[] {
  const open = new Map<string, Undetermined>();
  for (const u of found.pending) {
    const key = `${u.kind}:${u.id}:${u.scope ?? ''}`;
    const cur =
      u.kind === 'licence'
        ? found.licences.get(licenceKey(u.id, u.scope))
        : found.permits.get(u.id as PermitId);
    if (cur && rank[cur.requirement] >= rank[u.requirement]) continue;
    const prev = open.get(key);
    if (!prev) open.set(key, u);
    else {
      for (const m of u.missing) if (!prev.missing.includes(m)) prev.missing.push(m);
      if (rank[u.requirement] > rank[prev.requirement]) open.set(key, { ...u, missing: prev.missing });
    }
  }
  return [...open.values()];
}
