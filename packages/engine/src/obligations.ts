/**
 * Post-licence obligations: the rules of kb/obligations.yaml applied to a company's licences, filings, number
 * resources, events and annual-report records, as of a day. Each obligation has a stable id (rule, subject,
 * period or event), a window, a status, the consequence of missing it and its sources.
 *
 * - yearly windows (annual reports): for each year whose 31 December the subject was held on, the window of the
 *   next year; done by the annual-report record of that subject and year;
 * - renewal: the expiry less the renewal lead (licence-standing.ts, the one statement of that rule); expiry;
 * - changes: each company event sets every rule that lists its kind, for each licence or ICP filing of the
 *   company held on that day, if the rule was in force on that day (the effective day, for a rule counted
 *   before it): a change is judged by the rules of its day. A rule in force then but repealed by the day asked
 *   about is not applied (rules are those in force as of the day asked). Where rules give one subject
 *   different due days for one event, all are shown, the earliest governs, and each says so (`conflict`);
 * - filings, sites and numbers: cancellation when a site closes, app filing before going online, public-security
 *   filing after going online, the homepage display, number annual reports, fees and use;
 * - a due day on a rest day moves as the rule says (calendar.ts, shiftOffRestDay); one that depends on an
 *   estimated holiday year is marked `estimated`.
 *
 * Pure: no I/O, no clock; the day is an argument.
 */
import type { Kb, ObligationRule, ParameterAt, Text } from '@icpdesk/kb';
import {
  addDays,
  calendarCoverage,
  calendarNote,
  shiftOffRestDay,
  type WorkCalendar,
  workCalendar,
} from './calendar.ts';
import { renewalLeadParameter } from './licence-standing.ts';
import { parseObligationsInput } from './obligations-input.ts';
import { paramUse } from './params.ts';
import type {
  Obligation,
  ObligationRuleEntry,
  ObligationStatus,
  ObligationsInput,
  ObligationsResult,
  obligationsInputSchema,
} from './schemas/obligations.ts';
import { sourceBook } from './source-book.ts';

type Input = ReturnType<typeof obligationsInputSchema.parse>;
type Licence = Input['licences'][number];
type Filing = Input['filings'][number];
type Num = Input['numbers'][number];
type Event = Input['events'][number];
type BelongsTo = Obligation['belongsTo'];

const DAY_MS = 86_400_000;
/** day numbers of dates: a register repeats the same few thousand dates */
const dayNos = new Map<string, number>();
function dayNo(d: string): number {
  let n = dayNos.get(d);
  if (n === undefined) {
    n = Date.parse(`${d}T00:00:00Z`) / DAY_MS;
    if (dayNos.size > 50_000) dayNos.clear();
    dayNos.set(d, n);
  }
  return n;
}

/** YYYY-MM-DD plus whole years; a day the target year lacks (29 February) is the month's last (Civil Code Art. 202) */
export function addYearsCivil(d: string, n: number): string {
  const y = Number(d.slice(0, 4)) + n;
  const md = d.slice(5);
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-02-28`;
  return `${y}${d.slice(4)}`;
}

/** a moved due day with its day number and whether it rests on an estimated holiday year */
interface Due {
  due: string;
  no: number;
  estimated: boolean;
  /** opens → the window with this due day (obligations with the same window share one: read-only output) */
  windows: Map<string | null, Obligation['window']>;
}

/** a rule as one call applies it: its parameter and output fields worked out once, not per subject */
interface Plan {
  rule: ObligationRule;
  /** the kb parameter behind its count, as of asOf */
  param: ParameterAt | undefined;
  parameters: ObligationRuleEntry['parameters'];
  /** what its obligations share, listed once in the result's `rules`; set when its first obligation is made */
  entry: ObligationRuleEntry | undefined;
  /** nominal due day → the due day moved off a rest day as the rule says */
  dues: Map<string, Due>;
  /** anchor day → the day counted from it (after/before rules) */
  counts: Map<string, string | null>;
  /** year reported on → its window in the next year (yearly rules) */
  windows: Map<number, [string, string] | null>;
}

interface Ctx {
  kb: Kb;
  cal: WorkCalendar;
  asOf: string;
  asOfNo: number;
  dueSoon: number;
  /** display policy: an obligation without a first day is upcoming until this many days before its due day */
  openAhead: number;
  done: Map<string, string>;
  waived: Set<string>;
  out: Obligation[];
  /** the day number of each obligation's due day (Infinity for a standing duty), beside `out` */
  outDue: number[];
  /** per onRestDay: nominal due day → moved due day (shared by the rules that move alike) */
  dues: Record<ObligationRule['onRestDay'], Map<string, Due>>;
  /** rule id → its plan */
  plans: Map<string, Plan>;
  /** the result's rules: rule id → what its obligations share, in the order first used */
  rules: Record<string, ObligationRuleEntry>;
  /** year → its digits */
  years: Map<number, string>;
  /** licence id → its number, for the display duty of the sites filed under it */
  licenceNumbers: Map<string, string>;
}

/** the kb parameter a rule's day count reads, as of the day asked about */
function ruleParameter(kb: Kb, rule: ObligationRule, asOf: string): ParameterAt | undefined {
  const d = rule.deadline;
  if (rule.kind === 'renewal') return renewalLeadParameter(kb, asOf);
  if (d.type === 'yearly-window' && d.parameter) return kb.parameterAt(d.parameter, asOf);
  if ((d.type === 'after' || d.type === 'before') && 'parameter' in d.count)
    return kb.parameterAt(d.count.parameter, asOf);
  return undefined;
}

function planOf(c: Ctx, rule: ObligationRule): Plan {
  let plan = c.plans.get(rule.id);
  if (!plan) {
    const param = ruleParameter(c.kb, rule, c.asOf);
    plan = {
      rule,
      param,
      parameters: param ? paramUseOf(param) : [],
      entry: undefined,
      dues: c.dues[rule.onRestDay],
      counts: new Map(),
      windows: new Map(),
    };
    c.plans.set(rule.id, plan);
  }
  return plan;
}

/** the due day counted from an anchor by an after/before rule, or null when the kb has no number for it */
function counted(c: Ctx, rule: ObligationRule, anchor: string): string | null {
  const plan = planOf(c, rule);
  let due = plan.counts.get(anchor);
  if (due === undefined) {
    due = count(plan, anchor);
    plan.counts.set(anchor, due);
  }
  return due;
}

function count(plan: Plan, anchor: string): string | null {
  const { rule } = plan;
  const d = rule.deadline;
  if (d.type !== 'after' && d.type !== 'before') return anchor;
  const sign = d.type === 'after' ? 1 : -1;
  const count = d.count;
  if ('years' in count) return addYearsCivil(anchor, sign * count.years);
  if ('days' in count) return addDays(anchor, sign * count.days);
  const p = plan.param;
  if (typeof p?.value !== 'number') return null;
  if (p.unit === 'years') return addYearsCivil(anchor, sign * p.value);
  return addDays(anchor, sign * p.value);
}

/** the yearly window of a rule for the year after `year`, or null */
function yearlyWindow(plan: Plan, year: number): [string, string] | null {
  let w = plan.windows.get(year);
  if (w !== undefined) return w;
  const d = plan.rule.deadline;
  const span =
    d.type === 'yearly-window'
      ? (d.window ?? (plan.param?.value as { from: string; to: string } | undefined))
      : undefined;
  w = span && typeof span === 'object' ? [`${year + 1}-${span.from}`, `${year + 1}-${span.to}`] : null;
  plan.windows.set(year, w);
  return w;
}

function statusOf(c: Ctx, id: string, opens: string | null, due: Due | null, doneOn: string | null) {
  let status: ObligationStatus;
  if (c.waived.size && c.waived.has(id)) status = 'waived';
  else if (doneOn) status = 'done';
  else if (due !== null && c.asOfNo > due.no) status = 'overdue';
  else if (opens !== null ? c.asOf < opens : due !== null && due.no - c.asOfNo > c.openAhead)
    status = 'upcoming';
  else if (due !== null && due.no - c.asOfNo <= c.dueSoon) status = 'due-soon';
  else status = 'open';
  const late = due !== null && (doneOn ? doneOn > due.due : status === 'overdue');
  return { status, late };
}

function windowOf(due: Due, opens: string | null, nominalDue: string): Obligation['window'] {
  let w = due.windows.get(opens);
  if (!w) {
    w = { opens, due: due.due, nominalDue };
    due.windows.set(opens, w);
  }
  return w;
}

/** a nominal due day moved off a rest day as the plan's rule says, worked out once per day and call */
function dueOf(c: Ctx, plan: Plan, nominal: string): Due {
  let d = plan.dues.get(nominal);
  if (!d) {
    const how = plan.rule.onRestDay;
    const due = shiftOffRestDay(c.cal, nominal, how);
    const estimated =
      how !== 'stays' &&
      (c.cal.basisOf(Number(nominal.slice(0, 4))) === 'estimate' ||
        c.cal.basisOf(Number(due.slice(0, 4))) === 'estimate');
    d = { due, no: dayNo(due), estimated, windows: new Map() };
    plan.dues.set(nominal, d);
  }
  return d;
}

interface Emit {
  belongsTo: BelongsTo;
  key?: string;
  trigger?: { event: string | null; on: string } | null;
  period?: string | null;
  opens: string | null;
  nominalDue: string | null;
  doneOn?: string | null;
  note?: Text;
}

/**
 * a string made of pieces as one flat string: reading a character flattens it, so half a million ids keep one
 * string each instead of a chain of concatenations (less to copy for the garbage collector)
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

function emit(c: Ctx, plan: Plan, e: Emit): Obligation {
  const { rule } = plan;
  const id = flat(`${rule.id}/${e.belongsTo.type}:${e.belongsTo.id}${e.key ? `/${e.key}` : ''}`);
  const due = e.nominalDue === null ? null : dueOf(c, plan, e.nominalDue);
  const doneOn = (c.done.size ? c.done.get(id) : undefined) ?? e.doneOn ?? null;
  const { status, late } = statusOf(c, id, e.opens, due, doneOn);
  if (!plan.entry) {
    plan.entry = ruleEntry(plan);
    c.rules[rule.id] = plan.entry;
  }
  const o: Obligation = {
    id,
    rule: rule.id,
    kind: rule.kind,
    belongsTo: e.belongsTo,
    trigger: e.trigger ?? null,
    period: e.period ?? null,
    window: due ? windowOf(due, e.opens, e.nominalDue!) : { opens: e.opens, due: null, nominalDue: null },
    status,
    doneOn,
    late,
    estimated: due?.estimated ?? false,
    note: e.note,
  };
  // without a note the key goes: deleting the last key added takes the object back to the shape without it
  if (!o.note) delete o.note;
  c.out.push(o);
  c.outDue.push(due ? due.no : Number.POSITIVE_INFINITY);
  return o;
}

/** what every obligation of a plan's rule shares */
function ruleEntry({ rule, parameters }: Plan): ObligationRuleEntry {
  return {
    name: rule.name,
    duty: rule.duty,
    consequence: rule.consequence,
    sources: rule.sources,
    confidence: rule.confidence,
    parameters,
    ...(rule.note ? { note: rule.note } : {}),
  };
}

/** the parameters list of a rule, made once per parameter version (shared by every obligation) */
const uses = new WeakMap<ParameterAt, ObligationRuleEntry['parameters']>();
function paramUseOf(p: ParameterAt): ObligationRuleEntry['parameters'] {
  let u = uses.get(p);
  if (!u) {
    u = [paramUse(p)];
    uses.set(p, u);
  }
  return u;
}

const inForceOn = (r: ObligationRule, day: string) =>
  r.effective.from <= day && (!r.effective.to || r.effective.to >= day);

const rulesOf = (kb: Kb, asOf: string) => kb.obligations.rules.filter((r) => inForceOn(r, asOf));

/** the plans of the rules in force, by the subject they attach to, and all of them (for events) */
type Plans = Record<ObligationRule['subject'] | 'all', Plan[]>;

function plansOf(c: Ctx, rules: readonly ObligationRule[]): Plans {
  const plans: Plans = { licence: [], 'icp-filing': [], 'app-filing': [], site: [], number: [], all: [] };
  for (const r of rules) {
    const plan = planOf(c, r);
    plans[r.subject].push(plan);
    plans.all.push(plan);
  }
  return plans;
}

/**
 * annual-report submission days: subject type → subject id → [year, day, year, day …] (a subject has a
 * handful; a flat list costs far less than a map per subject)
 */
type Reports = Map<BelongsTo['type'], Map<string, (number | string)[]>>;

function reportedOn(list: readonly (number | string)[] | undefined, year: number): string | null {
  if (list) for (let i = 0; i < list.length; i += 2) if (list[i] === year) return list[i + 1] as string;
  return null;
}

/** year → its digits, made once per call (key and period of every yearly obligation) */
const yearText = (c: Ctx, y: number) => {
  let t = c.years.get(y);
  if (t === undefined) {
    t = String(y);
    c.years.set(y, t);
  }
  return t;
};

/** one obligation per year held on 31 December, done by the annual-report record of that subject and year */
function yearlyReports(c: Ctx, plan: Plan, belongsTo: BelongsTo, years: readonly number[], reports: Reports) {
  const reported = years.length ? reports.get(belongsTo.type)?.get(belongsTo.id) : undefined;
  for (const y of years) {
    const w = yearlyWindow(plan, y);
    if (!w) continue;
    const year = yearText(c, y);
    emit(c, plan, {
      belongsTo,
      key: year,
      period: year,
      opens: w[0],
      nominalDue: w[1],
      doneOn: reportedOn(reported, y),
    });
  }
}

// ------------------------------------------------------------------ licences

/**
 * The day a licence or number must be held on to owe the report on `year`: the last day of that year (the
 * yearly-window deadline of kb/obligations.yaml). The engine, the store's check of annual-report records and
 * the records an approved annual-report application leaves all read it here.
 */
export const reportYearEnd = (year: number): string => `${year}-12-31`;

/** the years whose 31 December the licence was held on, up to the year of asOf */
function yearsHeld(l: Licence, asOf: string): number[] {
  const last = Math.min(Number(asOf.slice(0, 4)), Number((l.endedOn ?? l.expiresOn).slice(0, 4)));
  const years: number[] = [];
  for (let y = Number(l.issuedOn.slice(0, 4)); y <= last; y++) {
    const dec31 = reportYearEnd(y);
    if (l.issuedOn <= dec31 && l.expiresOn >= dec31 && (!l.endedOn || l.endedOn > dec31)) years.push(y);
  }
  return years;
}

function licenceObligations(c: Ctx, plans: Plans, l: Licence, reports: Reports) {
  const belongsTo: BelongsTo = {
    type: 'licence',
    id: l.id,
    company: l.company ?? null,
    label: l.number ?? null,
  };
  const active = l.status === 'active';
  let trigger: { event: null; on: string } | undefined;
  for (const plan of plans.licence) {
    const { rule } = plan;
    if (rule.kind === 'annual-report') yearlyReports(c, plan, belongsTo, yearsHeld(l, c.asOf), reports);
    else if ((rule.kind === 'renewal' || rule.kind === 'expiry') && active) {
      const renewal = rule.kind === 'renewal';
      trigger ??= { event: null, on: l.expiresOn };
      emit(c, plan, {
        belongsTo,
        key: l.expiresOn,
        trigger,
        opens: null,
        nominalDue: renewal ? counted(c, rule, l.expiresOn) : l.expiresOn,
        doneOn: renewal ? (l.renewalAppliedOn ?? null) : null,
      });
    }
  }
}

// ------------------------------------------------------------------ company events

const eventId = (e: Event) => e.id ?? `${e.kind}@${e.on}`;
const sameCompany = (e: Event, company: string | undefined) =>
  e.company === undefined || company === undefined || e.company === company;
const heldOn = (l: Licence, d: string) =>
  l.status === 'active' && l.issuedOn <= d && l.expiresOn >= d && (!l.endedOn || l.endedOn >= d);
const filedOn = (f: Filing, d: string) =>
  f.kind === 'icp' && !!f.filedOn && f.filedOn <= d && (!f.cancelledOn || f.cancelledOn > d);

function eventObligations(
  c: Ctx,
  plans: Plans,
  e: Event,
  licences: readonly Licence[],
  filings: readonly Filing[],
) {
  const ev = eventId(e);
  const made: Obligation[] = [];
  for (const plan of plans.all) {
    const { rule } = plan;
    if (!rule.events?.includes(e.kind) || rule.kind === 'filing-cancellation') continue;
    const anchor = rule.deadline.type === 'before' ? (e.effectiveOn ?? e.on) : e.on;
    // a change is judged by the rules in force on its day, not by one that came later
    if (!inForceOn(rule, anchor)) continue;
    const due = counted(c, rule, anchor);
    const trigger = { event: ev, on: anchor };
    const opens = rule.deadline.type === 'after' ? e.on : null;
    if (rule.subject === 'licence')
      for (const l of licences) {
        if (!sameCompany(e, l.company) || !heldOn(l, e.on) || (e.subject && e.subject !== l.id)) continue;
        const belongsTo: BelongsTo = {
          type: 'licence',
          id: l.id,
          company: l.company ?? null,
          label: l.number ?? null,
        };
        made.push(emit(c, plan, { belongsTo, key: ev, trigger, opens, nominalDue: due }));
      }
    else if (rule.subject === 'icp-filing')
      for (const f of filings) {
        if (!sameCompany(e, f.company) || !filedOn(f, e.on) || (e.subject && e.subject !== f.id)) continue;
        const belongsTo: BelongsTo = {
          type: 'icp-filing',
          id: f.id,
          company: f.company ?? null,
          label: f.number ?? f.subject ?? null,
        };
        made.push(emit(c, plan, { belongsTo, key: ev, trigger, opens, nominalDue: due }));
      }
  }
  markConflicts(made);
}

const conflictNote = (dues: string): Text => ({
  zh: `同一事项有多条规则给出不同期限（${dues}），均列出，以最早的期限为准。`,
  en: `Rules give this event different deadlines (${dues}); all are shown and the earliest governs.`,
});

/** one event, one subject, rules with different due days: every one names the others and the earliest */
function markConflicts(made: Obligation[]) {
  const bySubject = new Map<string, Obligation[]>();
  for (const o of made) {
    const k = `${o.belongsTo.type}:${o.belongsTo.id}`;
    const list = bySubject.get(k);
    if (list) list.push(o);
    else bySubject.set(k, [o]);
  }
  for (const list of bySubject.values()) {
    const dated = list.filter((o) => o.window.due !== null);
    if (new Set(dated.map((o) => o.window.due)).size < 2) continue;
    const governing = dated.reduce((a, b) => (b.window.due! < a.window.due! ? b : a));
    const note = conflictNote(dated.map((o) => `${o.rule} ${o.window.due}`).join('; '));
    for (const o of list)
      o.conflict = { with: list.filter((x) => x !== o).map((x) => x.id), governing: governing.id, note };
  }
}

// ------------------------------------------------------------------ filings and sites

/** per call: the day each site closed by event, and the public-security filings by the site they cover */
interface FilingIndex {
  closedOn: Map<string, string>;
  /** ICP filing id, or `subject:<domain>` → the first filed public-security filing covering it, with its place */
  publicSecurity: Map<string, [number, Filing]>;
}

function filingIndex(c: Ctx, filings: readonly Filing[], events: readonly Event[]): FilingIndex {
  const closedOn = new Map<string, string>();
  for (const e of events)
    if (e.kind === 'site-closed' && e.subject && e.on <= c.asOf && !closedOn.has(e.subject))
      closedOn.set(e.subject, e.on);
  const publicSecurity = new Map<string, [number, Filing]>();
  filings.forEach((x, i) => {
    if (x.kind !== 'public-security' || !x.filedOn) return;
    for (const k of [x.site, x.subject === undefined ? undefined : `subject:${x.subject}`])
      if (k !== undefined && !publicSecurity.has(k)) publicSecurity.set(k, [i, x]);
  });
  return { closedOn, publicSecurity };
}

/** the first filed public-security filing covering a site: by its id or by its domain */
function publicSecurityOf(index: FilingIndex, f: Filing): Filing | undefined {
  const bySite = index.publicSecurity.get(f.id);
  const bySubject = f.subject ? index.publicSecurity.get(`subject:${f.subject}`) : undefined;
  if (!bySite || !bySubject) return (bySite ?? bySubject)?.[1];
  return bySite[0] <= bySubject[0] ? bySite[1] : bySubject[1];
}

function filingObligations(c: Ctx, plans: Plans, f: Filing, index: FilingIndex) {
  const label = f.number ?? f.subject ?? null;
  const company = f.company ?? null;
  const closed = f.closedOn ?? index.closedOn.get(f.id) ?? null;
  for (const plan of plans.all) {
    const { rule } = plan;
    if (rule.kind === 'filing-cancellation' && f.kind !== 'public-security' && f.filedOn && closed) {
      const belongsTo: BelongsTo = {
        type: f.kind === 'app' ? 'app-filing' : 'icp-filing',
        id: f.id,
        company,
        label,
      };
      emit(c, plan, {
        belongsTo,
        key: closed,
        trigger: { event: null, on: closed },
        opens: closed,
        nominalDue: closed,
        doneOn: f.cancelledOn ?? null,
      });
    } else if (rule.kind === 'app-filing' && f.kind === 'app' && !closed) {
      emit(c, plan, {
        belongsTo: { type: 'app-filing', id: f.id, company, label },
        trigger: f.onlineOn ? { event: null, on: f.onlineOn } : null,
        opens: null,
        nominalDue: f.onlineOn ?? null,
        doneOn: f.filedOn ?? null,
      });
    } else if (f.kind === 'icp' && f.onlineOn && rule.subject === 'site') {
      const belongsTo: BelongsTo = { type: 'site', id: f.id, company, label: f.subject ?? f.number ?? null };
      if (rule.kind === 'public-security-filing') {
        emit(c, plan, {
          belongsTo,
          trigger: { event: null, on: f.onlineOn },
          opens: f.onlineOn,
          nominalDue: counted(c, rule, f.onlineOn),
          doneOn: publicSecurityOf(index, f)?.filedOn ?? null,
        });
      } else if (rule.kind === 'display' && !closed) {
        const o = emit(c, plan, {
          belongsTo,
          trigger: { event: null, on: f.onlineOn },
          opens: f.onlineOn,
          nominalDue: null,
          note: displayNote(f, c.licenceNumbers.get(f.licence ?? '')),
        });
        if (f.displaysNumber === false) {
          o.status = c.waived.has(o.id) ? 'waived' : 'overdue';
          o.late = o.status === 'overdue';
        } else if (f.displaysNumber === true && o.status !== 'waived') o.status = 'done';
      }
    }
  }
}

function displayNote(f: Filing, licenceNumber: string | undefined): Text {
  const numbers = [f.number, licenceNumber].filter((x): x is string => !!x);
  const list = numbers.length ? numbers.join('、') : '—';
  const seen =
    f.displaysNumber === true
      ? ['已核实展示', 'checked as shown']
      : f.displaysNumber === false
        ? ['核实未展示', 'checked as missing']
        : ['尚未核实', 'not checked yet'];
  return {
    zh: `应展示：${list}（${seen[0]}）。这是持续义务，没有截止日。`,
    en: `To show: ${numbers.length ? numbers.join(', ') : '—'} (${seen[1]}). A standing duty without a last day.`,
  };
}

// ------------------------------------------------------------------ numbers

function quarterOf(d: string): { year: number; q: number } {
  return { year: Number(d.slice(0, 4)), q: Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1 };
}
const pad = (n: number) => String(n).padStart(2, '0');

function numberObligations(c: Ctx, plans: Plans, n: Num, reports: Reports) {
  const belongsTo: BelongsTo = { type: 'number', id: n.id, company: n.company ?? null, label: n.number };
  const held = (d: string) => n.allocatedOn <= d && (!n.returnedOn || n.returnedOn > d);
  for (const plan of plans.number) {
    const { rule } = plan;
    if (rule.numberKinds && !rule.numberKinds.includes(n.kind)) continue;
    if (rule.kind === 'number-annual-report') {
      const last = Math.min(Number(c.asOf.slice(0, 4)), Number((n.returnedOn ?? '9999').slice(0, 4)));
      const years: number[] = [];
      for (let y = Number(n.allocatedOn.slice(0, 4)); y <= last; y++)
        if (held(reportYearEnd(y))) years.push(y);
      yearlyReports(c, plan, belongsTo, years, reports);
    } else if (rule.kind === 'number-use') {
      emit(c, plan, {
        belongsTo,
        trigger: { event: null, on: n.allocatedOn },
        opens: n.allocatedOn,
        nominalDue: counted(c, rule, n.allocatedOn),
        doneOn: n.enabledOn ?? null,
      });
    } else if (rule.kind === 'number-fee' && rule.deadline.type === 'quarterly') {
      // the quarter before asOf's and asOf's own, for each held in part
      const { year, q } = quarterOf(c.asOf);
      for (const [y, k] of [q === 1 ? [year - 1, 4] : [year, q - 1], [year, q]] as const) {
        const start = `${y}-${pad(k * 3 - 2)}-01`;
        const nextStart = k === 4 ? `${y + 1}-01-01` : `${y}-${pad(k * 3 + 1)}-01`;
        if (!held(addDays(nextStart, -1)) && !held(start)) continue;
        emit(c, plan, {
          belongsTo,
          key: `${y}Q${k}`,
          period: `${y}Q${k}`,
          opens: nextStart,
          nominalDue: `${nextStart.slice(0, 8)}${pad(rule.deadline.byDay)}`,
        });
      }
    }
  }
}

// ------------------------------------------------------------------ the whole

/**
 * the records an event of a company can concern: that company's and those without a company (all records
 * for an event without a company)
 */
function byCompany<T extends { company?: string | undefined }>(list: readonly T[]) {
  const map = new Map<string | undefined, T[]>();
  for (const x of list) {
    const l = map.get(x.company);
    if (l) l.push(x);
    else map.set(x.company, [x]);
  }
  const none = map.get(undefined) ?? [];
  return (company: string | undefined): readonly T[] =>
    company === undefined ? list : [...(map.get(company) ?? []), ...none];
}

/** every obligation of the input as of its asOf, sorted by due day (standing duties last), then input order */
export function obligations(kb: Kb, input: ObligationsInput): ObligationsResult {
  const inp = parseObligationsInput(input);
  const c: Ctx = {
    kb,
    cal: workCalendar(kb),
    asOf: inp.asOf,
    asOfNo: dayNo(inp.asOf),
    dueSoon: inp.dueSoonDays,
    openAhead: inp.openAheadDays,
    done: new Map(inp.completions.map((x) => [x.obligation, x.on])),
    waived: new Set(inp.waivers.map((x) => x.obligation)),
    out: [],
    outDue: [],
    dues: { later: new Map(), earlier: new Map(), stays: new Map() },
    plans: new Map(),
    rules: {},
    years: new Map(),
    licenceNumbers: new Map(inp.licences.filter((l) => l.number).map((l) => [l.id, l.number!])),
  };
  const rules = rulesOf(kb, inp.asOf);
  const plans = plansOf(c, rules);
  const reports = reportsOf(inp.annualReports);
  for (const l of inp.licences) licenceObligations(c, plans, l, reports);
  const licencesOf = byCompany(inp.licences);
  const filingsOf = byCompany(inp.filings);
  for (const e of inp.events) eventObligations(c, plans, e, licencesOf(e.company), filingsOf(e.company));
  const index = filingIndex(c, inp.filings, inp.events);
  for (const f of inp.filings) filingObligations(c, plans, f, index);
  for (const n of inp.numbers) numberObligations(c, plans, n, reports);
  const cov = calendarCoverage(kb);
  const note = calendarNote([...c.cal.missingYears].sort(), [...c.cal.estimatedYears].sort());
  const restDay = kb.obligations.restDay;
  const cited: (readonly { ref: string }[])[] = [restDay.sources];
  for (const e of Object.values(c.rules)) cited.push(...citedBy(e));
  return {
    asOf: inp.asOf,
    obligations: byDueDay(c.out, c.outDue),
    rules: c.rules,
    calendar: { ...cov, ...(note ? { note } : {}) },
    restDay: {
      name: restDay.name,
      sources: restDay.sources,
      ...(restDay.note ? { note: restDay.note } : {}),
    },
    sources: sourceBook(kb, cited as { ref: string }[][]),
  };
}

/** the citations of a rule entry: its own, its consequence's and its parameters' */
const citedBy = (e: ObligationRuleEntry) => [
  e.sources,
  e.consequence.sources,
  ...e.parameters.map((p) => p.sources),
];

/**
 * A result cut down to some of its obligations (a filtered list, a page): only the rules they refer to, and
 * only the sources those rules and the rest-day rule cite, in the book's order.
 */
export function obligationsPage<R extends ObligationsResult>(result: R, list: readonly Obligation[]): R {
  const rules: Record<string, ObligationRuleEntry> = {};
  const refs = new Set(result.restDay.sources.map((s) => s.ref));
  for (const o of list) {
    const entry = result.rules[o.rule];
    if (!entry || rules[o.rule]) continue;
    rules[o.rule] = entry;
    for (const cites of citedBy(entry)) for (const s of cites) refs.add(s.ref);
  }
  const sources: ObligationsResult['sources'] = {};
  for (const ref in result.sources) if (refs.has(ref)) sources[ref] = result.sources[ref]!;
  return { ...result, obligations: list as Obligation[], rules, sources };
}

function reportsOf(records: Input['annualReports']): Reports {
  const reports: Reports = new Map([
    ['licence', new Map()],
    ['number', new Map()],
  ]);
  for (const r of records) {
    const of = reports.get(r.licence ? 'licence' : 'number')!;
    const id = (r.licence ?? r.number)!;
    const years = of.get(id);
    // a later record of the same year wins, as it would in a map
    const at = years ? years.indexOf(r.year) : -1;
    if (!years) of.set(id, [r.year, r.submittedOn]);
    else if (at >= 0 && at % 2 === 0) years[at + 1] = r.submittedOn;
    else years.push(r.year, r.submittedOn);
  }
  return reports;
}

/**
 * the obligations by due day (standing duties last), ties in the order made: a stable counting sort over the
 * days' numbers (a register's due days span a few thousand days; a comparison sort of half a million costs more)
 */
function byDueDay(out: readonly Obligation[], due: readonly number[]): Obligation[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const d of due)
    if (d !== Number.POSITIVE_INFINITY) {
      if (d < min) min = d;
      if (d > max) max = d;
    }
  const span = max >= min ? max - min + 1 : 0;
  if (span > 4 * out.length + 1024) {
    const order = Array.from(out.keys()).sort((a, b) => due[a]! - due[b]! || a - b);
    return order.map((i) => out[i]!);
  }
  // bucket k < span: due day min + k; bucket span: the standing duties
  const bucket = (d: number) => (d === Number.POSITIVE_INFINITY ? span : d - min);
  const next = new Uint32Array(span + 1);
  for (const d of due) next[bucket(d)]!++;
  let place = 0;
  for (let k = 0; k <= span; k++) {
    const n = next[k]!;
    next[k] = place;
    place += n;
  }
  const sorted = new Array<Obligation>(out.length);
  for (let i = 0; i < out.length; i++) sorted[next[bucket(due[i]!)]!++] = out[i]!;
  return sorted;
}

export interface ObligationFilter {
  status?: readonly ObligationStatus[];
  kind?: readonly Obligation['kind'][];
  /** due (or, for a standing duty, opens) on or after */
  from?: string;
  /** due (or, for a standing duty, opens) on or before */
  to?: string;
}

/** the obligations that pass every filter given */
export function filterObligations(list: readonly Obligation[], f: ObligationFilter): Obligation[] {
  return list.filter((o) => {
    if (f.status?.length && !f.status.includes(o.status)) return false;
    if (f.kind?.length && !f.kind.includes(o.kind)) return false;
    const d = o.window.due ?? o.window.opens;
    if (f.from && (d === null || d < f.from)) return false;
    if (f.to && (d === null || d > f.to)) return false;
    return true;
  });
}
