/**
 * Which filings and applications a change makes due, and by when. The day counts are the kb's parameters,
 * read as of the change's date (or as of `asOf` when it has none); this table only names which parameter
 * governs which step and whether the kb counts after the change or before it. (kb/obligations.yaml, being
 * written alongside, is to hold these change deadlines as data; until it does, they are read from
 * parameters.yaml.) Where two parameters govern the same step — Order 42's 30 days after the decision and
 * the Telecom Regulations' 90 days before the change — both are shown and the earlier one is marked as
 * the one to meet.
 */
import type { Kb, Text } from '@icpdesk/kb';
import { paramUse } from '../params.ts';
import type { ChangeKind, ImpactDeadline, ProposedChange, RegisterFacts } from '../schemas/impact.ts';
import { addDays } from '../timeline.ts';

type Subject = 'licences' | 'icp-filings' | 'company';

interface Step {
  id: string;
  parameter: string;
  direction: 'after' | 'before';
  subject: Subject;
  what: Text;
}

const licenceChange = (id: string, parameter: string, direction: 'after' | 'before', what: Text): Step => ({
  id,
  parameter,
  direction,
  subject: 'licences',
  what,
});

const entityChange: Text = {
  zh: '向发证机关申请许可证变更（股东或外资变化）',
  en: 'apply to the issuing authority to change the licence (shareholders or foreign investment)',
};
const coverageChange: Text = {
  zh: '向发证机关申请变更业务覆盖范围',
  en: 'apply to the issuing authority to change the coverage',
};
const filingChange: Text = {
  zh: '变更ICP备案信息（经接入服务商提交）',
  en: 'change the ICP filing data (through the access provider)',
};

const steps: Record<ChangeKind, Step[]> = {
  rename: [
    licenceChange('licence-change', 'change-after-registry-days', 'after', {
      zh: '向原发证机关申请变更许可证上的公司名称',
      en: 'apply to the issuing authority to change the company name on the licence',
    }),
    {
      id: 'icp-filing-change',
      parameter: 'filing-change-advance-days',
      direction: 'before',
      subject: 'icp-filings',
      what: filingChange,
    },
  ],
  'capital-reduction': [
    licenceChange('licence-change', 'change-after-registry-days', 'after', {
      zh: '向原发证机关申请变更许可证上的注册资本',
      en: 'apply to the issuing authority to change the registered capital on the licence',
    }),
  ],
  'new-shareholder': [
    licenceChange('licence-change', 'change-after-decision-days', 'after', entityChange),
    licenceChange('licence-change', 'change-advance-days-regulations', 'before', entityChange),
  ],
  'foreign-investment': [
    licenceChange('licence-change', 'change-after-decision-days', 'after', entityChange),
    licenceChange('licence-change', 'change-advance-days-regulations', 'before', entityChange),
  ],
  'wider-coverage': [
    licenceChange('licence-change', 'change-after-decision-days', 'after', coverageChange),
    licenceChange('licence-change', 'change-advance-days-regulations', 'before', coverageChange),
  ],
  'new-activity': [
    licenceChange('icp-service-change', 'icp-change-advance-days', 'before', {
      zh: '向发证机关办理ICP服务项目变更',
      en: 'notify the issuing authority of the change of ICP service items',
    }),
  ],
  'servers-abroad': [
    {
      id: 'icp-filing-change',
      parameter: 'filing-change-advance-days',
      direction: 'before',
      subject: 'icp-filings',
      what: {
        zh: '变更或注销ICP备案（网站不再由境内服务器提供服务）',
        en: 'change or cancel the ICP filing (the site is no longer served from the mainland)',
      },
    },
  ],
  'new-domain': [
    {
      id: 'icp-filing-change',
      parameter: 'filing-change-advance-days',
      direction: 'before',
      subject: 'icp-filings',
      what: {
        zh: '把新域名加入ICP备案，在域名提供服务之前',
        en: 'add the new domain to an ICP filing before it serves',
      },
    },
    licenceChange('icp-address-change', 'icp-change-advance-days', 'before', {
      zh: '向发证机关办理网址变更',
      en: 'notify the issuing authority of the new website address',
    }),
    {
      id: 'public-security-filing',
      parameter: 'public-security-filing-days',
      direction: 'after',
      subject: 'company',
      what: {
        zh: '为新网站办理公安联网备案（自开通之日起）',
        en: 'file the new site with the public-security platform (counted from going online)',
      },
    },
  ],
};

const active = (s: string) => s === 'active';

/** the numbers a step concerns; undefined when the company holds nothing it applies to */
function subjects(step: Step, facts: RegisterFacts, asOf: string): string[] | undefined {
  if (step.subject === 'company') return [];
  const held =
    step.subject === 'licences'
      ? facts.licences.filter((l) => active(l.status) && l.expiresOn >= asOf).map((l) => l.number)
      : facts.icpFilings.filter((f) => active(f.status)).map((f) => f.number);
  return held.length ? held : undefined;
}

export function changeDeadlines(
  kb: Kb,
  c: ProposedChange,
  facts: RegisterFacts,
  asOf: string,
): {
  deadlines: ImpactDeadline[];
  notes: Text[];
} {
  const notes: Text[] = [];
  const deadlines: ImpactDeadline[] = [];
  const day = c.on ?? asOf;
  for (const step of steps[c.kind]) {
    const appliesTo = subjects(step, facts, asOf);
    if (!appliesTo) continue;
    const p = kb.parameterAt(step.parameter, day);
    const calendar = p?.unit === 'calendar-days' && typeof p.value === 'number';
    const due =
      c.on && calendar
        ? addDays(c.on, step.direction === 'after' ? (p.value as number) : -(p.value as number))
        : null;
    deadlines.push({
      id: step.id,
      what: step.what,
      appliesTo,
      direction: step.direction,
      parameter: p ? paramUse(p) : null,
      parameterId: step.parameter,
      due,
      stricter: false,
      ...(!p
        ? {
            note: {
              zh: `知识库没有 ${day} 有效的参数 ${step.parameter}`,
              en: `the kb has no parameter ${step.parameter} in force on ${day}`,
            },
          }
        : !calendar
          ? {
              note: {
                zh: '该期限不以自然日计，未计算日期',
                en: 'the limit is not in calendar days; no date is computed',
              },
            }
          : {}),
    });
  }
  // two rules for one step: the earlier date is the one to meet
  for (const d of deadlines) {
    const same = deadlines.filter((x) => x.id === d.id);
    if (same.length < 2) {
      d.stricter = true;
      continue;
    }
    const dated = same.filter((x) => x.due !== null).sort((a, b) => a.due!.localeCompare(b.due!));
    d.stricter = dated[0] === d;
  }
  const doubled = [...new Set(deadlines.map((d) => d.id))].filter(
    (id) => deadlines.filter((d) => d.id === id).length > 1,
  );
  for (const id of doubled) {
    const pair = deadlines.filter((d) => d.id === id);
    const ids = pair.map((d) => d.parameterId).join(', ');
    notes.push({
      zh: `${pair[0]!.what.zh}：两项规定的期限不同（${ids}），均列出；应满足较早的一项${c.on ? '' : '（给出变更日期后可计算日期）'}。`,
      en: `${pair[0]!.what.en}: two rules set different limits (${ids}); both are shown, and the earlier one is the one to meet${c.on ? '' : ' (give the date of the change to compute the dates)'}.`,
    });
  }
  if (!c.on && deadlines.length)
    notes.push({
      zh: '未给出变更日期（on）：期限只列出依据的参数，不计算日期。',
      en: 'The change has no date (on): deadlines name their kb parameters but no dates are computed.',
    });
  return { deadlines, notes };
}
