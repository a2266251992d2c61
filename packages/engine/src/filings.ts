/**
 * The filings a business must make (filings.yaml rules), once its licences and eligibility are known: a filing
 * made under a required licence the applicant can hold is commercial (经营性备案), otherwise non-commercial.
 * Licences are named by code and, for B25, by scope ("B25:internet"), so an SP licence does not make a
 * website's filing commercial.
 */
import type { Kb } from '@icpdesk/kb';
import { applyRule, minConf } from './apply-rule.ts';
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type {
  Check,
  FilingConclusion,
  LicenceConclusion,
  Reason,
  Undetermined,
} from './schemas/assessment.ts';

type FilingRule = Prepared['filingRules'][number];

/** the licences a filing may be made under: what the applicant cannot hold (eligibility.ts unobtainable) */
export interface Unobtainable {
  all: boolean;
  codes: ReadonlySet<string>;
  why: readonly Check[];
}

/** required licences as the keys filing rules name: the code, and for a scoped licence "code:scope" */
export function requiredLicences(licences: readonly LicenceConclusion[]): Set<string> {
  const out = new Set<string>();
  for (const l of licences) {
    if (l.requirement !== 'required') continue;
    out.add(l.code);
    if (l.scope) out.add(`${l.code}:${l.scope}`);
  }
  return out;
}

export function concludeFilings(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  required: ReadonlySet<string>,
  blocked: Unobtainable,
): { filings: FilingConclusion[]; pending: Undetermined[] } {
  const filings = new Map<string, FilingConclusion>();
  const pending: Undetermined[] = [];
  for (const r of prep.filingRules) {
    const o = applyRule(r, undefined, t, { kind: 'filing', id: r.kind });
    if (!o) continue;
    if ('pending' in o) {
      if (!filings.has(r.kind)) pending.push(o.pending);
      continue;
    }
    const cur = filings.get(r.kind);
    if (cur) cur.reasons.push(o.reason);
    else filings.set(r.kind, filingOf(kb, prep, t, r, { required, blocked }, o.reason));
  }
  return { filings: [...filings.values()], pending };
}

function filingOf(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  r: FilingRule,
  held: { required: ReadonlySet<string>; blocked: Unobtainable },
  reason: Reason,
): FilingConclusion {
  const def = kb.filings.get(r.kind)!;
  const under = r.commercialWhenLicence?.filter((c) => held.required.has(c)) ?? [];
  const { blocked } = held;
  const holdable = blocked.all ? [] : under.filter((c) => !blocked.codes.has(c.split(':')[0]!));
  const commercial = holdable.length > 0;
  const reasons = [reason];
  if (under.length > 0 && !commercial)
    reasons.push(
      cannotHold(
        under,
        blocked.why.filter((c) => !c.subject || under.some((u) => u.split(':')[0] === c.subject)),
      ),
    );
  const processing = def.processingParameter ? prep.params.get(def.processingParameter)?.use : undefined;
  const deadline = def.deadlineParameter ? prep.params.get(def.deadlineParameter)?.use : undefined;
  const byCa = def.receivedBy === 'registered-province-ca';
  const province = t.ctx.profile.entity?.registeredProvince ?? null;
  return {
    kind: r.kind,
    name: def.name,
    variant: !def.hasVariants ? 'n/a' : commercial ? 'commercial' : 'non-commercial',
    requirement: r.requirement,
    authority: byCa ? province : null,
    authorityName: !byCa || !province ? def.authority : (kb.authorities.get(province)?.name ?? def.authority),
    ...(processing ? { processing } : {}),
    ...(deadline ? { deadline } : {}),
    reasons,
  };
}

/** why a filing that a licence would make commercial stays non-commercial: the licence cannot be had */
function cannotHold(under: readonly string[], why: readonly Check[]): Reason {
  const names = why.map((c) => c.name);
  const licences = under.map((u) => u.replace(':', ' '));
  return {
    rule: 'filing-licence-not-obtainable',
    text: {
      zh: `经营性备案须以许可证号办理，而申请人目前无法取得${licences.join('、')}许可证（未满足：${names.map((n) => n.zh).join('；')}）；只能办理非经营性备案，且不得以此开展经营性服务。`,
      en: `A commercial filing is made under a licence number, and the applicant cannot obtain ${licences.join(', ')} now (unmet: ${names.map((n) => n.en).join('; ')}); only a non-commercial filing is possible, and it does not allow the commercial service.`,
    },
    facts: why.flatMap((c) => c.facts),
    sources: why.flatMap((c) => c.sources),
    confidence: why.reduce<Reason['confidence']>((m, c) => minConf(m, c.confidence), 'high'),
  };
}
