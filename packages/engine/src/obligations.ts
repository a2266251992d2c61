/**
 * Post-licence obligations: the rules of kb/obligations.yaml applied to a company's licences, filings, number
 * resources, events and annual-report records, as of a day. Each obligation has a stable id (rule, subject,
 * period or event), a window, a status, the consequence of missing it and its sources.
 *
 * - yearly windows (annual reports): for each year whose 31 December the subject was held on, the window of the
 *   next year; done by the annual-report record of that subject and year;
 * - renewal: the expiry less the renewal lead (licence-standing.ts, the one statement of that rule); expiry;
 * - changes: each company event sets every rule that lists its kind, for each licence or ICP filing of the
 *   company held on that day. Where rules give one subject different due days for one event, all are shown,
 *   the earliest governs, and each says so (`conflict`);
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
import { paramUse } from './params.ts';
import {
  type Obligation,
  type ObligationStatus,
  type ObligationsInput,
  type ObligationsResult,
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

interface Ctx {
  kb: Kb;
  cal: WorkCalendar;
  asOf: string;
  dueSoon: number;
  done: Map<string, string>;
  waived: Set<string>;
  out: Obligation[];
  /** rule id → the kb parameter behind its count, as of asOf */
  params: Map<string, ParameterAt | undefined>;
  /** licence id → its number, for the display duty of the sites filed under it */
  licenceNumbers: Map<string, string>;
}

/** the kb parameter a rule's day count reads, as of the day asked about */
function ruleParameter(c: Ctx, rule: ObligationRule): ParameterAt | undefined {
  if (c.params.has(rule.id)) return c.params.get(rule.id);
  const d = rule.deadline;
  let p: ParameterAt | undefined;
  if (rule.kind === 'renewal') p = renewalLeadParameter(c.kb, c.asOf);
  else if (d.type === 'yearly-window' && d.parameter) p = c.kb.parameterAt(d.parameter, c.asOf);
  else if ((d.type === 'after' || d.type === 'before') && 'parameter' in d.count)
    p = c.kb.parameterAt(d.count.parameter, c.asOf);
  c.params.set(rule.id, p);
  return p;
}

/** the due day counted from an anchor by an after/before rule, or null when the kb has no number for it */
function counted(c: Ctx, rule: ObligationRule, anchor: string): string | null {
  const d = rule.deadline;
  if (d.type !== 'after' && d.type !== 'before') return anchor;
  const sign = d.type === 'after' ? 1 : -1;
  const count = d.count;
  if ('years' in count) return addYearsCivil(anchor, sign * count.years);
  if ('days' in count) return addDays(anchor, sign * count.days);
  const p = ruleParameter(c, rule);
  if (typeof p?.value !== 'number') return null;
  if (p.unit === 'years') return addYearsCivil(anchor, sign * p.value);
  return addDays(anchor, sign * p.value);
}

/** the yearly window of a rule for the year after `year`, or null */
function yearlyWindow(c: Ctx, rule: ObligationRule, year: number): [string, string] | null {
  const d = rule.deadline;
  if (d.type !== 'yearly-window') return null;
  const w = d.window ?? (ruleParameter(c, rule)?.value as { from: string; to: string } | undefined);
  if (!w || typeof w !== 'object') return null;
  return [`${year + 1}-${w.from}`, `${year + 1}-${w.to}`];
}

function statusOf(c: Ctx, id: string, opens: string | null, due: string | null, doneOn: string | null) {
  let status: ObligationStatus;
  if (c.waived.size && c.waived.has(id)) status = 'waived';
  else if (doneOn) status = 'done';
  else if (due !== null && c.asOf > due) status = 'overdue';
  else if (opens !== null && c.asOf < opens) status = 'upcoming';
  else if (due !== null && dayNo(due) - dayNo(c.asOf) <= c.dueSoon) status = 'due-soon';
  else status = 'open';
  const late = due !== null && (doneOn ? doneOn > due : status === 'overdue');
  return { status, late };
}

interface Emit {
  rule: ObligationRule;
  belongsTo: BelongsTo;
  key?: string;
  trigger?: { event: string | null; on: string } | null;
  period?: string | null;
  opens: string | null;
  nominalDue: string | null;
  doneOn?: string | null;
  note?: Text;
}

function emit(c: Ctx, e: Emit): Obligation {
  const { rule } = e;
  const id = `${rule.id}/${e.belongsTo.type}:${e.belongsTo.id}${e.key ? `/${e.key}` : ''}`;
  const due = e.nominalDue === null ? null : shiftOffRestDay(c.cal, e.nominalDue, rule.onRestDay);
  const estimated =
    e.nominalDue !== null &&
    rule.onRestDay !== 'stays' &&
    (c.cal.basisOf(Number(e.nominalDue.slice(0, 4))) === 'estimate' ||
      c.cal.basisOf(Number(due!.slice(0, 4))) === 'estimate');
  const doneOn = (c.done.size ? c.done.get(id) : undefined) ?? e.doneOn ?? null;
  const { status, late } = statusOf(c, id, e.opens, due, doneOn);
  const p = ruleParameter(c, rule);
  const o: Obligation = {
    id,
    rule: rule.id,
    kind: rule.kind,
    name: rule.name,
    duty: rule.duty,
    belongsTo: e.belongsTo,
    trigger: e.trigger ?? null,
    period: e.period ?? null,
    window: { opens: e.opens, due, nominalDue: e.nominalDue },
    status,
    doneOn,
    late,
    estimated,
    consequence: rule.consequence,
    sources: rule.sources,
    confidence: rule.confidence,
    parameters: p ? paramUseOf(p) : [],
  };
  const note = e.note ?? rule.note;
  if (note) o.note = note;
  c.out.push(o);
  return o;
}

/** the parameters list of an obligation, made once per parameter version (shared by every obligation) */
const uses = new WeakMap<ParameterAt, Obligation['parameters']>();
function paramUseOf(p: ParameterAt): Obligation['parameters'] {
  let u = uses.get(p);
  if (!u) {
    u = [paramUse(p)];
    uses.set(p, u);
  }
  return u;
}

const rulesOf = (kb: Kb, asOf: string) =>
  kb.obligations.rules.filter((r) => r.effective.from <= asOf && (!r.effective.to || r.effective.to >= asOf));

/** annual-report submission days: subject type → subject id → year reported on → day */
type Reports = Map<BelongsTo['type'], Map<string, Map<number, string>>>;

/** one obligation per year held on 31 December, done by the annual-report record of that subject and year */
function yearlyReports(
  c: Ctx,
  rule: ObligationRule,
  belongsTo: BelongsTo,
  years: readonly number[],
  reports: Reports,
) {
  for (const y of years) {
    const w = yearlyWindow(c, rule, y);
    if (!w) continue;
    emit(c, {
      rule,
      belongsTo,
      key: String(y),
      period: String(y),
      opens: w[0],
      nominalDue: w[1],
      doneOn: reports.get(belongsTo.type)?.get(belongsTo.id)?.get(y) ?? null,
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

function licenceObligations(c: Ctx, rules: ObligationRule[], l: Licence, reports: Reports) {
  const belongsTo: BelongsTo = {
    type: 'licence',
    id: l.id,
    company: l.company ?? null,
    label: l.number ?? null,
  };
  const active = l.status === 'active';
  for (const rule of rules) {
    if (rule.subject !== 'licence') continue;
    if (rule.kind === 'annual-report') yearlyReports(c, rule, belongsTo, yearsHeld(l, c.asOf), reports);
    else if ((rule.kind === 'renewal' || rule.kind === 'expiry') && active) {
      const renewal = rule.kind === 'renewal';
      emit(c, {
        rule,
        belongsTo,
        key: l.expiresOn,
        trigger: { event: null, on: l.expiresOn },
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
  rules: ObligationRule[],
  e: Event,
  licences: readonly Licence[],
  filings: readonly Filing[],
) {
  const ev = eventId(e);
  const made: Obligation[] = [];
  for (const rule of rules) {
    if (!rule.events?.includes(e.kind) || rule.kind === 'filing-cancellation') continue;
    const anchor = rule.deadline.type === 'before' ? (e.effectiveOn ?? e.on) : e.on;
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
        made.push(emit(c, { rule, belongsTo, key: ev, trigger, opens, nominalDue: due }));
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
        made.push(emit(c, { rule, belongsTo, key: ev, trigger, opens, nominalDue: due }));
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

function filingObligations(c: Ctx, rules: ObligationRule[], f: Filing, all: Filing[], events: Event[]) {
  const label = f.number ?? f.subject ?? null;
  const company = f.company ?? null;
  const closed =
    f.closedOn ??
    events.find((e) => e.kind === 'site-closed' && e.subject === f.id && e.on <= c.asOf)?.on ??
    null;
  for (const rule of rules) {
    if (rule.kind === 'filing-cancellation' && f.kind !== 'public-security' && f.filedOn && closed) {
      const belongsTo: BelongsTo = {
        type: f.kind === 'app' ? 'app-filing' : 'icp-filing',
        id: f.id,
        company,
        label,
      };
      emit(c, {
        rule,
        belongsTo,
        key: closed,
        trigger: { event: null, on: closed },
        opens: closed,
        nominalDue: closed,
        doneOn: f.cancelledOn ?? null,
      });
    } else if (rule.kind === 'app-filing' && f.kind === 'app' && !closed) {
      emit(c, {
        rule,
        belongsTo: { type: 'app-filing', id: f.id, company, label },
        trigger: f.onlineOn ? { event: null, on: f.onlineOn } : null,
        opens: null,
        nominalDue: f.onlineOn ?? null,
        doneOn: f.filedOn ?? null,
      });
    } else if (f.kind === 'icp' && f.onlineOn && rule.subject === 'site') {
      const belongsTo: BelongsTo = { type: 'site', id: f.id, company, label: f.subject ?? f.number ?? null };
      if (rule.kind === 'public-security-filing') {
        const ps = all.find(
          (x) =>
            x.kind === 'public-security' &&
            (x.site === f.id || (!!f.subject && x.subject === f.subject)) &&
            !!x.filedOn,
        );
        emit(c, {
          rule,
          belongsTo,
          trigger: { event: null, on: f.onlineOn },
          opens: f.onlineOn,
          nominalDue: counted(c, rule, f.onlineOn),
          doneOn: ps?.filedOn ?? null,
        });
      } else if (rule.kind === 'display' && !closed) {
        const o = emit(c, {
          rule,
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

function numberObligations(c: Ctx, rules: ObligationRule[], n: Num, reports: Reports) {
  const belongsTo: BelongsTo = { type: 'number', id: n.id, company: n.company ?? null, label: n.number };
  const held = (d: string) => n.allocatedOn <= d && (!n.returnedOn || n.returnedOn > d);
  for (const rule of rules) {
    if (rule.subject !== 'number' || (rule.numberKinds && !rule.numberKinds.includes(n.kind))) continue;
    if (rule.kind === 'number-annual-report') {
      const last = Math.min(Number(c.asOf.slice(0, 4)), Number((n.returnedOn ?? '9999').slice(0, 4)));
      const years: number[] = [];
      for (let y = Number(n.allocatedOn.slice(0, 4)); y <= last; y++)
        if (held(reportYearEnd(y))) years.push(y);
      yearlyReports(c, rule, belongsTo, years, reports);
    } else if (rule.kind === 'number-use') {
      emit(c, {
        rule,
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
        emit(c, {
          rule,
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
  const inp = obligationsInputSchema.parse(input);
  const c: Ctx = {
    kb,
    cal: workCalendar(kb),
    asOf: inp.asOf,
    dueSoon: inp.dueSoonDays,
    done: new Map(inp.completions.map((x) => [x.obligation, x.on])),
    waived: new Set(inp.waivers.map((x) => x.obligation)),
    out: [],
    params: new Map(),
    licenceNumbers: new Map(inp.licences.filter((l) => l.number).map((l) => [l.id, l.number!])),
  };
  const rules = rulesOf(kb, inp.asOf);
  const reports: Reports = new Map([
    ['licence', new Map()],
    ['number', new Map()],
  ]);
  for (const r of inp.annualReports) {
    const of = reports.get(r.licence ? 'licence' : 'number')!;
    const id = (r.licence ?? r.number)!;
    let years = of.get(id);
    if (!years) {
      years = new Map();
      of.set(id, years);
    }
    years.set(r.year, r.submittedOn);
  }
  for (const l of inp.licences) licenceObligations(c, rules, l, reports);
  const licencesOf = byCompany(inp.licences);
  const filingsOf = byCompany(inp.filings);
  for (const e of inp.events) eventObligations(c, rules, e, licencesOf(e.company), filingsOf(e.company));
  for (const f of inp.filings) filingObligations(c, rules, f, inp.filings, inp.events);
  for (const n of inp.numbers) numberObligations(c, rules, n, reports);
  // by due day (standing duties last); the sort is stable, so ties keep the input's order: deterministic
  const dueNo = new Float64Array(c.out.length);
  c.out.forEach((o, i) => {
    dueNo[i] = o.window.due === null ? Number.POSITIVE_INFINITY : dayNo(o.window.due);
  });
  const order = Array.from(c.out.keys()).sort((a, b) => dueNo[a]! - dueNo[b]! || a - b);
  c.out = order.map((i) => c.out[i]!);
  const cov = calendarCoverage(kb);
  const note = calendarNote([...c.cal.missingYears].sort(), [...c.cal.estimatedYears].sort());
  const restDay = kb.obligations.restDay;
  const cited = new Set<readonly { ref: string }[]>([restDay.sources]);
  for (const r of rules) cited.add(r.sources).add(r.consequence.sources);
  for (const p of c.params.values()) if (p) cited.add(p.sources);
  return {
    asOf: inp.asOf,
    obligations: c.out,
    calendar: { ...cov, ...(note ? { note } : {}) },
    restDay: {
      name: restDay.name,
      sources: restDay.sources,
      ...(restDay.note ? { note: restDay.note } : {}),
    },
    sources: sourceBook(kb, [...cited] as { ref: string }[][]),
  };
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
