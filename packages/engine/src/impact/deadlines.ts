/**
 * Which filings and applications a change makes due, and by when — read from the rules of kb/obligations.yaml,
 * the same rules obligations() applies to recorded company events, so a rule lives once. The only table here is
 * vocabulary: which company events (the kb's `events`) a proposed change is. Every rule in force on the day of
 * the change that a listed event sets going, and whose subject the company holds (a licence, an ICP filing; a
 * site is the company's own), gives one deadline: its day count (a kb parameter, read as of the change's day)
 * counted after or before the change, moved off a rest day as the rule says. Where two rules govern one subject
 * — Order 42's 30 days after the decision and the Telecom Regulations' 90 days before the change — both are
 * shown and the earlier one is marked as the one to meet.
 */
import type { CompanyEventKind, Kb, ObligationRule, ParameterAt, Text } from '@icpdesk/kb';
import { addDays, shiftOffRestDay, type WorkCalendar, workCalendar } from '../calendar.ts';
import { addYearsCivil } from '../obligations.ts';
import { paramUse } from '../params.ts';
import type { ChangeKind, ImpactDeadline, ProposedChange, RegisterFacts } from '../schemas/impact.ts';

/** the company events a proposed change is (the kb's vocabulary of `events`) */
const eventsOf: Record<ChangeKind, readonly CompanyEventKind[]> = {
  rename: ['name'],
  'capital-reduction': ['registered-capital'],
  'new-shareholder': ['shareholders'],
  'foreign-investment': ['foreign-share'],
  'wider-coverage': ['coverage'],
  'new-activity': ['service-items'],
  'servers-abroad': ['servers'],
  'new-domain': ['domains', 'site-online'],
};

const inForce = (r: ObligationRule, day: string) =>
  r.effective.from <= day && (!r.effective.to || r.effective.to >= day);

/** the company events a proposed change is */
export const changeEvents = (kind: ChangeKind): readonly CompanyEventKind[] => eventsOf[kind];

/** the rules a change sets going, in the kb's order */
export function changeRules(kb: Kb, kind: ChangeKind, day: string): ObligationRule[] {
  const events = eventsOf[kind];
  return kb.obligations.rules.filter((r) => inForce(r, day) && r.events?.some((e) => events.includes(e)));
}

const active = (s: string) => s === 'active';

/** the numbers a rule's subject concerns; undefined when the company holds nothing it applies to */
function subjects(rule: ObligationRule, facts: RegisterFacts, asOf: string): string[] | undefined {
  if (rule.subject === 'site') return [];
  const held =
    rule.subject === 'licence'
      ? facts.licences.filter((l) => active(l.status) && l.expiresOn >= asOf).map((l) => l.number)
      : rule.subject === 'icp-filing'
        ? facts.icpFilings.filter((f) => active(f.status)).map((f) => f.number)
        : [];
  return held.length ? held : undefined;
}

/** the kb parameter behind a rule's day count, as of a day */
function parameterOf(
  kb: Kb,
  rule: ObligationRule,
  day: string,
): { id: string; p: ParameterAt | undefined } | null {
  const d = rule.deadline;
  if ((d.type === 'after' || d.type === 'before') && 'parameter' in d.count)
    return { id: d.count.parameter, p: kb.parameterAt(d.count.parameter, day) };
  return null;
}

/** the day counted from the change by the rule, before any move off a rest day; null when it cannot be */
function nominal(rule: ObligationRule, on: string, param: ParameterAt | undefined): string | null {
  const d = rule.deadline;
  if (d.type === 'on-event') return on;
  if (d.type !== 'after' && d.type !== 'before') return null;
  const sign = d.type === 'after' ? 1 : -1;
  const count = d.count;
  if ('years' in count) return addYearsCivil(on, sign * count.years);
  if ('days' in count) return count.unit === 'calendar-days' ? addDays(on, sign * count.days) : null;
  if (typeof param?.value !== 'number') return null;
  if (param.unit === 'years') return addYearsCivil(on, sign * param.value);
  return param.unit === 'calendar-days' ? addDays(on, sign * param.value) : null;
}

function noteOf(
  day: string,
  parameter: { id: string; p: ParameterAt | undefined } | null,
  due: string | null,
) {
  if (parameter && !parameter.p)
    return {
      zh: `知识库没有 ${day} 有效的参数 ${parameter.id}`,
      en: `the kb has no parameter ${parameter.id} in force on ${day}`,
    };
  if (due === null && parameter?.p)
    return {
      zh: '该期限不以自然日计，未计算日期',
      en: 'the limit is not in calendar days; no date is computed',
    };
  return undefined;
}

function deadlineOf(
  kb: Kb,
  cal: WorkCalendar,
  rule: ObligationRule,
  c: ProposedChange,
  day: string,
  appliesTo: string[],
): ImpactDeadline {
  const parameter = parameterOf(kb, rule, day);
  const counted = c.on ? nominal(rule, c.on, parameter?.p) : null;
  const due = counted === null ? null : shiftOffRestDay(cal, counted, rule.onRestDay);
  const estimated =
    counted !== null &&
    due !== null &&
    rule.onRestDay !== 'stays' &&
    [counted, due].some((d) => cal.basisOf(Number(d.slice(0, 4))) === 'estimate');
  const note = c.on ? noteOf(day, parameter, counted) : undefined;
  const d = rule.deadline;
  return {
    id: rule.id,
    name: rule.name,
    what: rule.duty,
    subject: rule.subject,
    appliesTo,
    direction: d.type === 'before' ? 'before' : d.type === 'after' ? 'after' : 'on',
    parameter: parameter?.p ? paramUse(parameter.p) : null,
    parameterId: parameter?.id ?? null,
    due,
    nominalDue: counted,
    estimated,
    stricter: false,
    sources: rule.sources,
    confidence: rule.confidence,
    ...(note ? { note } : {}),
    ...(rule.note ? { ruleNote: rule.note } : {}),
  };
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
  const cal = workCalendar(kb);
  for (const rule of changeRules(kb, c.kind, day)) {
    const appliesTo = subjects(rule, facts, asOf);
    if (appliesTo) deadlines.push(deadlineOf(kb, cal, rule, c, day, appliesTo));
  }
  // two rules for one subject: the earlier date is the one to meet
  const bySubject = new Map<string, ImpactDeadline[]>();
  for (const d of deadlines) bySubject.set(d.subject, [...(bySubject.get(d.subject) ?? []), d]);
  for (const same of bySubject.values()) {
    const dated = same.filter((x) => x.due !== null).sort((a, b) => a.due!.localeCompare(b.due!));
    for (const d of same) d.stricter = same.length < 2 || dated[0] === d;
    if (same.length < 2) continue;
    const ids = same.map((d) => d.id).join(', ');
    const names = same.map((d) => d.name);
    notes.push({
      zh: `${names.map((n) => n.zh).join('；')}：${same.length}条规则的期限不同（${ids}），均列出；应满足较早的一项${c.on ? '' : '（给出变更日期后可计算日期）'}。`,
      en: `${names.map((n) => n.en).join('; ')}: ${same.length} rules set different limits (${ids}); all are shown, and the earliest is the one to meet${c.on ? '' : ' (give the date of the change to compute the dates)'}.`,
    });
  }
  if (!c.on && deadlines.length)
    notes.push({
      zh: '未给出变更日期（on）：期限只列出依据的规则和参数，不计算日期。',
      en: 'The change has no date (on): deadlines name their kb rules and parameters but no dates are computed.',
    });
  return { deadlines, notes };
}
