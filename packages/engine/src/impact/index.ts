/**
 * Change impact (issue #11 §3): what a proposed change — a new activity, wider coverage, foreign investment,
 * servers moving abroad, a rename, a capital reduction, a new shareholder, a new domain — means for a
 * company, before and after. Pure: the profile, the register facts, the change and `asOf` in; the two
 * assessments (assess), their difference (diffAssessments) and why they differ (explainDifference), what it
 * means for the licences and filings the company holds, and what falls due by when (the kb's obligation rules) out.
 */
import type { Kb, Text } from '@icpdesk/kb';
import { assess } from '../assess.ts';
import { diffAssessments, explainDifference } from '../compare.ts';
import type { Profile } from '../profile.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Impact, ProposedChange, RegisterFacts } from '../schemas/impact.ts';
import { applyChange } from './apply-change.ts';
import { changeDeadlines, changeEvents } from './deadlines.ts';
import { findingsOf } from './findings.ts';

export { applyChange } from './apply-change.ts';
export { changeEvents, changeRules } from './deadlines.ts';
export { parseChange, parseRegisterFacts } from './parse-change.ts';

const side = (a: Assessment) => {
  const req = <T extends { requirement: string }>(xs: T[]) => xs.filter((x) => x.requirement === 'required');
  return {
    licences: req(a.licences).map((l) => (l.scope ? `${l.code}:${l.scope}` : l.code)),
    filings: req(a.filings).map((f) => f.kind),
    permits: req(a.otherPermits).map((p) => p.id),
    authority: a.authority.id,
    eligible: a.eligibility.eligible,
    failingChecks: a.eligibility.checks
      .filter((c) => c.status === 'unmet')
      .map((c) => (c.subject ? `${c.id}:${c.subject}` : c.id)),
  };
};

/** what the change is, in words */
function describe(c: ProposedChange): Text {
  const d: Record<ProposedChange['kind'], Text> = {
    'new-activity': { zh: `新增业务 ${c.activity}`, en: `a new activity, ${c.activity}` },
    'wider-coverage': {
      zh: `扩大业务覆盖范围至 ${c.coverage?.join('、')}`,
      en: `wider coverage: ${c.coverage?.join(', ')}`,
    },
    'foreign-investment': {
      zh: `外资持股变为 ${c.foreignSharePercent}%`,
      en: `foreign investment: ${c.foreignSharePercent}% foreign share`,
    },
    'servers-abroad': {
      zh: `服务器迁往 ${c.serverLocation ?? 'overseas'}`,
      en: `servers moving to ${c.serverLocation ?? 'overseas'}`,
    },
    rename: { zh: `公司更名为 ${c.name}`, en: `the company renamed ${c.name}` },
    'capital-reduction': {
      zh: `注册资本减为 ${c.registeredCapitalCny} 元`,
      en: `registered capital reduced to CNY ${c.registeredCapitalCny}`,
    },
    'new-shareholder': {
      zh: `新股东${c.shareholder ? ` ${c.shareholder}` : ''}${c.foreignSharePercent !== undefined ? `，外资持股 ${c.foreignSharePercent}%` : ''}`,
      en: `a new shareholder${c.shareholder ? `, ${c.shareholder}` : ''}${c.foreignSharePercent !== undefined ? `, ${c.foreignSharePercent}% foreign share after it` : ''}`,
    },
    'new-domain': { zh: `启用新域名 ${c.domain}`, en: `a new domain, ${c.domain}` },
  };
  return d[c.kind];
}

export interface ImpactOptions {
  asOf: string;
}

export function impact(
  kb: Kb,
  profile: Profile,
  change: ProposedChange,
  facts: RegisterFacts,
  o: ImpactOptions,
): Impact {
  const applied = applyChange(profile, change);
  const before = assess(kb, profile, { asOf: o.asOf });
  const after = assess(kb, applied.profile, { asOf: o.asOf });
  const comparison = diffAssessments(before, after);
  const { deadlines, notes } = changeDeadlines(kb, change, facts, o.asOf);
  const inputs = { kbVersion: kb.version, asOf: o.asOf };
  const explanation: Text[] = [
    { zh: `拟议变更：${describe(change).zh}。`, en: `Proposed change: ${describe(change).en}.` },
    ...(applied.fields.length
      ? explainDifference(inputs, inputs, applied.fields)
      : [
          {
            zh: '该变更不改变评估所读取的业务档案；其影响在于已持有的许可证和备案需要变更。',
            en: 'The change alters nothing the assessment reads; its effect is on the licences and filings held, which must be changed.',
          },
        ]),
  ];
  if (comparison.same && applied.fields.length)
    explanation.push({
      zh: '变更前后需要的许可证、备案和许可相同。',
      en: 'The licences, filings and permits required are the same before and after.',
    });
  return {
    asOf: o.asOf,
    kbVersion: kb.version,
    change,
    profileChanges: applied.fields,
    events: [...changeEvents(change.kind)],
    before: side(before),
    after: side(after),
    comparison,
    findings: findingsOf(before, after, facts, change, applied.profile.service.coverage, o.asOf),
    deadlines,
    explanation,
    notes,
  };
}
