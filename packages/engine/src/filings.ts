/**
 * The filings a business must make (filings.yaml rules), once its licences are known: a filing made under a
 * required licence is commercial (经营性备案), otherwise non-commercial.
 */
import type { Kb, LicenceCode } from '@icpdesk/kb';
import { applyRule } from './apply-rule.ts';
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type { FilingConclusion, Reason, Undetermined } from './schemas/assessment.ts';

type FilingRule = Prepared['filingRules'][number];

export function concludeFilings(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  required: ReadonlySet<LicenceCode>,
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
    else filings.set(r.kind, filingOf(kb, prep, t, r, required, o.reason));
  }
  return { filings: [...filings.values()], pending };
}

function filingOf(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  r: FilingRule,
  required: ReadonlySet<LicenceCode>,
  reason: Reason,
): FilingConclusion {
  const def = kb.filings.get(r.kind)!;
  const commercial = r.commercialWhenLicence?.some((c) => required.has(c));
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
    reasons: [reason],
  };
}
