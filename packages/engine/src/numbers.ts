/**
 * Number resources (kb/numbers.yaml) for the activities that use them: which block, who allocates it, and
 * whether the business can apply with the licences and coverage of this assessment — plus the rules every
 * holder follows, and the fees (kb/fees.yaml) of the licences, filings and numbers concluded.
 */
import type { Kb, LicenceCode, NumberResource } from '@icpdesk/kb';
import type { Tester } from './conditions.ts';
import type { Prepared } from './prepared-kb.ts';
import type {
  FeeOut,
  FilingConclusion,
  LicenceConclusion,
  NumberConclusion,
  NumberRuleOut,
} from './schemas/assessment.ts';

type Out = Pick<NumberConclusion, 'open' | 'text'>;

/** open when the business holds (is concluded to need) the licence first required, with enough coverage */
function openness(n: NumberResource, held: readonly LicenceConclusion[], t: Tester): Out {
  const need = n.licenceFirst;
  if (!need)
    return {
      open: 'yes',
      text: { zh: '无需电信业务经营许可证即可申请。', en: 'No telecom licence is needed to apply.' },
    };
  const codes = need.codes.join('/');
  const licence = held.find((l) => need.codes.includes(l.code) && (!need.scope || l.scope === need.scope));
  if (!licence)
    return {
      open: 'no',
      text: {
        zh: `须先持有 ${codes} 许可证，本评估未得出该许可证。`,
        en: `Needs a ${codes} licence first, which this assessment does not conclude.`,
      },
    };
  const code = licence.code;
  if (need.coverage !== 'multi-province')
    return { open: 'yes', text: { zh: `以 ${code} 许可证申请。`, en: `Apply with the ${code} licence.` } };
  const coverage = t.ctx.coverage;
  if (coverage === undefined)
    return {
      open: 'unknown',
      text: {
        zh: `须持跨地区 ${code} 许可证；经营范围未填写。`,
        en: `Needs a cross-regional ${code} licence; the coverage is not given.`,
      },
    };
  return coverage === 'multi-province'
    ? {
        open: 'yes',
        text: { zh: `以跨地区 ${code} 许可证申请。`, en: `Apply with the cross-regional ${code} licence.` },
      }
    : {
        open: 'no',
        text: {
          zh: `须持跨地区 ${code} 许可证；只在一个省经营的，可申请省内号码。`,
          en: `Needs a cross-regional ${code} licence; a business in one province can apply for a provincial number instead.`,
        },
      };
}

function authorityOf(n: NumberResource, t: Tester): string | null {
  if (n.allocatedBy === 'MIIT') return 'MIIT';
  if (n.allocatedBy === 'basic-operator') return null;
  const cov = t.ctx.profile.service.coverage;
  return t.ctx.coverage === 'single-province' && cov?.[0] && cov[0] !== 'nationwide' ? cov[0] : null;
}

export function concludeNumbers(
  kb: Kb,
  prep: Prepared,
  t: Tester,
  licences: readonly LicenceConclusion[],
): NumberConclusion[] {
  const activities = t.ctx.profile.service.activities;
  const out: NumberConclusion[] = [];
  for (const n of prep.numbers) {
    const activity = activities.find((a) => n.activities.includes(a));
    if (!activity || t.test(n.when) === 'no') continue;
    const facts = t.facts();
    const o = openness(n, licences, t);
    if (n.licenceFirst?.coverage)
      facts.push({ path: 'service.coverage', value: t.ctx.profile.service.coverage ?? null });
    out.push({
      id: n.id,
      name: n.name,
      pattern: n.pattern,
      activity,
      allocatedBy: n.allocatedBy,
      authority: authorityOf(n, t),
      ...(n.licenceFirst ? { licenceFirst: n.licenceFirst } : {}),
      ...o,
      fees: n.fees.filter((f) => kb.fees.has(f)),
      facts: [{ path: 'service.activities', value: activities }, ...facts],
      sources: n.sources,
      confidence: n.confidence,
      ...(n.note ? { note: n.note } : {}),
    });
  }
  return out;
}

/** the rules for number holders, when any number is concluded */
export function numberRules(prep: Prepared, numbers: readonly NumberConclusion[]): NumberRuleOut[] {
  return numbers.length === 0 ? [] : [...prep.numberRules];
}

/** government fees: none for the licences and filings concluded, the occupancy fees of the numbers open to it */
export function concludeFees(
  prep: Prepared,
  a: {
    licences: readonly { code: LicenceCode }[];
    filings: readonly FilingConclusion[];
    numbers: readonly NumberConclusion[];
  },
): FeeOut[] {
  const wanted = new Set<string>();
  for (const f of prep.fees.values()) {
    if (f.appliesTo === 'licence' && a.licences.length > 0) wanted.add(f.id);
    if (f.appliesTo === 'filing' && a.filings.length > 0) wanted.add(f.id);
  }
  for (const n of a.numbers) if (n.open !== 'no') for (const id of n.fees) wanted.add(id);
  const out: FeeOut[] = [];
  for (const id of wanted) {
    const f = prep.fees.get(id);
    if (f) out.push(f);
  }
  return out;
}
