/**
 * Statutory clocks of one application, as of a date: the authority's three steps and their limits from kb/.
 *
 * - **acceptance**: accept the application, or give the one-time correction notice, within
 *   `correction-notice-days` after submission (Administrative Licensing Law Art. 32). Without either in time
 *   the application counts as accepted on the day it was received: the output says so (`deemedAccepted`)
 *   and the review clock then runs from the submission date.
 * - **decision**: decide within the review limit after acceptance (`review-days`; for a cancellation
 *   `termination-decision-days`), not counting the time the applicant spends correcting materials nor
 *   expert review, inspection, hearings or testing (Art. 45).
 * - **issuance**: issue the licence within `issuance-days` after an approval.
 *
 * Counting follows the rule that the day an event happens is day 0 (the next day is the first counted):
 * a due date is the day on which the n-th counted day falls, and a step is overdue from the day after it.
 * An excluded span (a correction, a pause) runs from the day it starts (still counted) to the day it ends
 * (not counted): days `from < d ≤ to` do not count. A parameter whose unit is disputed gives two dates: the
 * expectation in its main unit and the latest date the rules allow (the longer reading); a step is overdue
 * only after the latest date. Working days come from the engine's calendar (calendar.ts: the State Council's
 * notices, an estimate from the statutory holidays for a year without one, weekends alone beyond); a count
 * through a year without a notice makes the result say so (calendarNote).
 *
 * The parameter version is the one in force when the step started. Inputs dated after `asOf` are treated as
 * not having happened yet, so a clock can be replayed as of any day. Pure: no I/O, no clock.
 */
import type { Kb, ParameterAt, Text } from '@icpdesk/kb';
import { calendarNote, type DayBasis, workCalendar } from './calendar.ts';
import { type ParameterUse, paramUse } from './params.ts';
import type {
  ApplicationClock,
  ClockStatus,
  ClockStep,
  ClockStepId,
  ClockSummary,
  DayUnit,
  ExclusionKind,
  PauseKind,
} from './schemas/clock.ts';
import { sourceBook } from './source-book.ts';

export const clockProcedures = ['new', 'change', 'renewal', 'cancellation', 'annual-report'] as const;
export type ClockProcedure = (typeof clockProcedures)[number];

export interface ApplicationClockInput {
  procedure: ClockProcedure;
  /** the day the authority received the application */
  submittedOn?: string | null;
  /** the day the authority accepted it (受理) */
  acceptedOn?: string | null;
  /** correction notices, in order: the notice's date and the day the corrected materials came back */
  corrections?: readonly { requestedOn: string; correctedOn?: string | null }[];
  /** expert review, inspection and the like: from the day it started to the day it ended */
  pauses?: readonly { kind: PauseKind; from: string; to?: string | null }[];
  /** the authority's decision (准予 / 不予许可; a refusal before acceptance is 不予受理) */
  decision?: { outcome: 'approved' | 'rejected'; on: string } | null;
  /** the applicant withdrew the application */
  withdrawnOn?: string | null;
  /** the licence was issued (delivered or made downloadable) */
  issuedOn?: string | null;
}

export interface ClockOptions {
  /**
   * a running step is `due-soon` when this many working days or fewer remain to its latest date (display
   * policy, not law; default 3), or once its expected date has passed
   */
  dueSoonWorkingDays?: number;
}

// ------------------------------------------------------------------ days as numbers

const DAY_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** parsed dates: a list reads the same few dates over and over */
const parsed = new Map<string, number>();
function toDay(d: string): number {
  let n = parsed.get(d);
  if (n === undefined) {
    const ms = ISO.test(d) ? Date.parse(`${d}T00:00:00Z`) : Number.NaN;
    if (!Number.isFinite(ms)) throw new RangeError(`applicationClock: not a date: ${JSON.stringify(d)}`);
    n = Math.round(ms / DAY_MS);
    if (parsed.size > 50_000) parsed.clear();
    parsed.set(d, n);
  }
  return n;
}
/** formatted dates, by day number from 1990 (a list formats the same few dates over and over) */
const names1990: (string | undefined)[] = [];
const DAY_1990 = 7305;
function fromDay(n: number): string {
  const i = n - DAY_1990;
  const cached = i >= 0 && i < 40_000 ? names1990[i] : undefined;
  if (cached !== undefined) return cached;
  const d = new Date(n * DAY_MS).toISOString().slice(0, 10);
  if (i >= 0 && i < 40_000) names1990[i] = d;
  return d;
}
const yearOf = (n: number) => Number(fromDay(n).slice(0, 4));

/** the longest a count may run before the input is taken to be wrong (40 years) */
const MAX_SPAN = 40 * 366;

interface Days {
  /** counted days d with a < d ≤ b (a ≤ b), nothing excluded */
  count(a: number, b: number, unit: DayUnit): number;
  /** the day on which the k-th counted day after a falls, nothing excluded */
  nth(a: number, k: number, unit: DayUnit): number;
  basisOf(year: number): DayBasis;
}

/**
 * kb's working-day calendar (`workCalendar`) as prefix sums over 1990–2099, so that counting working days
 * between two dates, or finding the n-th, takes constant time: a list computes a clock for every item.
 * Outside that range it asks the calendar day by day.
 */
const calendars = new WeakMap<Kb, Days>();
function daysOf(kb: Kb): Days {
  let days = calendars.get(kb);
  if (days) return days;
  const cal = workCalendar(kb);
  const lo = toDay('1990-01-01');
  const hi = toDay('2100-01-01');
  /** prefix[i]: working days among lo … lo+i-1 */
  const prefix = new Int32Array(hi - lo + 1);
  const list: number[] = [];
  for (let i = 0; i < hi - lo; i++) {
    const working = cal.isWorkingDay(fromDay(lo + i));
    if (working) list.push(i);
    prefix[i + 1] = prefix[i]! + (working ? 1 : 0);
  }
  /** the working days, in order, as offsets from lo */
  const working = Int32Array.from(list);
  const slowCount = (a: number, b: number) => {
    let n = 0;
    for (let d = a + 1; d <= b; d++) if (cal.isWorkingDay(fromDay(d))) n++;
    return n;
  };
  days = {
    basisOf: cal.basisOf,
    count(a, b, unit) {
      if (b <= a) return 0;
      if (unit === 'calendar-days') return b - a;
      if (a + 1 < lo || b >= hi) return slowCount(a, b);
      return prefix[b + 1 - lo]! - prefix[a + 1 - lo]!;
    },
    nth(a, k, unit) {
      if (k <= 0) return a;
      if (unit === 'calendar-days') return a + k;
      if (a + 1 >= lo && a + 1 < hi) {
        const j = prefix[a + 1 - lo]! + k - 1;
        if (j < working.length) return lo + working[j]!;
      }
      let d = a;
      for (let left = k; left > 0; ) {
        d++;
        if (d - a > MAX_SPAN) throw new RangeError('applicationClock: a limit runs for more than 40 years');
        if (cal.isWorkingDay(fromDay(d))) left--;
      }
      return d;
    },
  };
  calendars.set(kb, days);
  return days;
}

/** days `from < d ≤ to` do not count */
interface Span {
  kind: ExclusionKind;
  from: number;
  /** Infinity while open */
  to: number;
}

/** the union of closed spans, in order, as (lo, hi] */
type Excluded = readonly { lo: number; hi: number }[];

function merge(spans: readonly Span[]): Excluded {
  const sorted = spans.filter((s) => s.to > s.from).sort((x, y) => x.from - y.from);
  const out: { lo: number; hi: number }[] = [];
  for (const s of sorted) {
    if (s.to === Number.POSITIVE_INFINITY)
      throw new RangeError('applicationClock: an open span was not closed');
    const last = out[out.length - 1];
    if (last && s.from <= last.hi) last.hi = Math.max(last.hi, s.to);
    else out.push({ lo: s.from, hi: s.to });
  }
  return out;
}

/** counted days d with a < d ≤ b outside the excluded spans (negative when b < a) */
function countBetween(days: Days, a: number, b: number, unit: DayUnit, ex: Excluded): number {
  if (b < a) return -countBetween(days, b, a, unit, ex);
  if (b - a > MAX_SPAN) throw new RangeError('applicationClock: a span of more than 40 years');
  let n = days.count(a, b, unit);
  for (const x of ex) n -= days.count(Math.max(a, x.lo), Math.min(b, x.hi), unit);
  return n;
}

/** the day on which the k-th counted day after `start`, outside the excluded spans, falls */
function nthDay(days: Days, start: number, k: number, unit: DayUnit, ex: Excluded): number {
  let cur = start;
  let left = k;
  for (const x of ex) {
    if (left <= 0) break;
    if (x.hi <= cur) continue;
    if (x.lo > cur) {
      const room = days.count(cur, x.lo, unit);
      if (room >= left) return days.nth(cur, left, unit);
      left -= room;
    }
    cur = x.hi;
  }
  return days.nth(cur, left, unit);
}

/** calendar days within (a, b] that are excluded */
const excludedWithin = (a: number, b: number, ex: Excluded) =>
  ex.reduce((n, x) => n + Math.max(0, Math.min(b, x.hi) - Math.max(a, x.lo)), 0);

/** spans closed at `at` (an open one, or one running past it, ends there) */
const closeAt = (spans: readonly Span[], at: number): Span[] =>
  spans.filter((s) => s.from < at).map((s) => ({ ...s, to: Math.min(s.to, at) }));

// ------------------------------------------------------------------ limits

interface Limit {
  value: number;
  main: DayUnit;
  units: DayUnit[];
  parameter: ParameterAt;
}

const isDayUnit = (u: string): u is DayUnit => u === 'calendar-days' || u === 'working-days';

const limits = new WeakMap<ParameterAt, Limit | null>();
function limitOf(p: ParameterAt | undefined): Limit | undefined {
  if (!p) return undefined;
  let l = limits.get(p);
  if (l === undefined) {
    l =
      typeof p.value !== 'number' || !isDayUnit(p.unit)
        ? null
        : {
            value: p.value,
            main: p.unit,
            units: [p.unit, ...(p.unitAlternatives ?? []).filter(isDayUnit)],
            parameter: p,
          };
    limits.set(p, l);
  }
  return l ?? undefined;
}

const uses = new WeakMap<ParameterAt, ParameterUse>();
function useOf(p: ParameterAt): ParameterUse {
  let u = uses.get(p);
  if (!u) {
    u = paramUse(p);
    uses.set(p, u);
  }
  return u;
}

/** expected (main unit) and latest (longest reading) due days */
function dueOf(days: Days, start: number, l: Limit, ex: Excluded) {
  const expected = nthDay(days, start, l.value, l.main, ex);
  let latest = expected;
  let unit = l.main;
  for (const u of l.units) {
    const d = u === l.main ? expected : nthDay(days, start, l.value, u, ex);
    if (d > latest) {
      latest = d;
      unit = u;
    }
  }
  return { expected, latest, unit };
}

/** the kb parameter that limits the decision on a procedure (its `decisionFor`), if the kb names one */
function decisionParameter(kb: Kb, procedure: ClockProcedure): string | undefined {
  for (const p of kb.parameters.values()) if (p.decisionFor?.includes(procedure)) return p.id;
  return undefined;
}

// ------------------------------------------------------------------ steps

const names: Record<ClockStepId, Text> = {
  acceptance: { zh: '受理或一次性告知补正', en: 'Acceptance, or one-time correction notice' },
  decision: { zh: '作出许可决定', en: 'Decision' },
  issuance: { zh: '颁发许可证', en: 'Licence issued' },
};

const notes = {
  acceptance: {
    zh: '行政许可法第三十二条：申请材料不齐全或不符合法定形式的，应当当场或在期限内一次告知需要补正的全部内容；逾期不告知的，自收到申请材料之日起即为受理。补正材料提交后受理，法律未另设期限。',
    en: 'Administrative Licensing Law Art. 32: incomplete materials must be answered with one notice listing every correction, on the spot or within the limit; without it the application counts as accepted on the day it was received. No separate limit applies to accepting corrected materials.',
  },
  deemed: {
    zh: '期限内未受理也未告知补正：依行政许可法第三十二条，自收到申请材料之日起即为受理，审查期限自该日起算。',
    en: 'Neither accepted nor answered with a correction notice in time: under Administrative Licensing Law Art. 32 the application counts as accepted on the day it was received, and the review period runs from that day.',
  },
  refusedBeforeAcceptance: {
    zh: '申请未被受理（不予受理），无需作出许可决定。',
    en: 'The application was refused before acceptance (不予受理); no decision on the merits follows.',
  },
  reviewNotNew: {
    zh: '规则库中的审查期限针对增值电信业务许可申请；变更、续期申请沿用该期限。',
    en: 'The review period in the knowledge base is stated for licence applications; icpdesk applies it to changes and renewals as well.',
  },
  annualReport: {
    zh: '年报是报送而非许可申请：不适用行政许可法的受理和审查期限，也不颁发许可证。',
    en: 'An annual report is a report, not a licence application: the Administrative Licensing Law limits on acceptance and review do not apply, and no licence is issued.',
  },
  cancellation: {
    zh: '注销（终止经营）不颁发许可证。',
    en: 'A cancellation (termination) issues no licence.',
  },
  rejected: {
    zh: '申请未获批准，不颁发许可证。',
    en: 'The application was not approved: no licence is issued.',
  },
  withdrawn: { zh: '申请已撤回。', en: 'The application was withdrawn.' },
  noParameter: {
    zh: '规则库中没有当日有效的期限参数，无法计算到期日。',
    en: 'The knowledge base has no limit in force on that day; no due date can be computed.',
  },
  excluded: {
    zh: '申请人补正材料的时间，以及专家评审、现场核查、听证、检验检测等时间，不计入审查期限（行政许可法第四十五条）。发生之日照常计算，结束之日起重新计算。',
    en: 'Time the applicant spends correcting materials, and expert review, inspection, hearings and testing, do not count against the review period (Administrative Licensing Law Art. 45). The day such a span starts still counts; counting resumes after the day it ends.',
  },
} satisfies Record<string, Text>;

interface StepSpec {
  id: ClockStepId;
  start: number | undefined;
  end: { on: number; by: NonNullable<ClockStep['endedBy']>; applicable: boolean } | undefined;
  limit: Limit | undefined;
  spans: readonly Span[];
  note?: Text;
  /** not-applicable without ever starting, and why */
  skipped?: { by: ClockStep['endedBy']; note: Text } | undefined;
}

/** what a step's computation leaves for authorityDueOn */
interface StepWork {
  step: ClockStep;
  start?: number;
  limit?: Limit;
  spans: readonly Span[];
}

interface Ctx {
  kb: Kb;
  days: Days;
  asOf: number;
  dueSoon: number;
  /** every day the computation looked at, for the calendar note */
  touched: number[];
}

function blank(id: ClockStepId, status: ClockStatus, note?: Text): ClockStep {
  return {
    id,
    name: names[id],
    owedBy: 'authority',
    status,
    startedOn: null,
    expectedBy: null,
    dueBy: null,
    dueUnit: null,
    endedOn: null,
    endedBy: null,
    late: false,
    paused: false,
    used: null,
    remaining: null,
    excludedDays: 0,
    exclusions: [],
    parameters: [],
    ...(note ? { note } : {}),
  };
}

function runStep(c: Ctx, s: StepSpec): StepWork {
  if (s.skipped) {
    const step = blank(s.id, 'not-applicable', s.skipped.note);
    step.endedBy = s.skipped.by;
    return { step, spans: [] };
  }
  if (s.start === undefined) return { step: blank(s.id, 'not-started', s.note), spans: [] };
  const start = s.start;
  const end = s.end && s.end.on >= start ? s.end : s.end ? { ...s.end, on: start } : undefined;
  const horizon = end ? end.on : c.asOf;
  const spans = closeAt(s.spans, horizon);
  const ex = merge(spans);
  const step = blank(s.id, 'on-time', s.note);
  step.startedOn = fromDay(start);
  if (end) {
    step.endedOn = fromDay(end.on);
    step.endedBy = end.by;
  }
  step.paused = !end && s.spans.some((x) => x.to === Number.POSITIVE_INFINITY && x.from <= c.asOf);
  step.used = {
    calendarDays: countBetween(c.days, start, horizon, 'calendar-days', ex),
    workingDays: countBetween(c.days, start, horizon, 'working-days', ex),
  };
  for (const x of spans) {
    const from = Math.max(x.from, start);
    const to = Math.min(x.to, horizon);
    if (to <= from) continue;
    const open = s.spans.find((o) => o.kind === x.kind && o.from === x.from)?.to === Number.POSITIVE_INFINITY;
    step.exclusions.push({
      kind: x.kind,
      from: fromDay(x.from),
      to: open && !end ? null : fromDay(x.to),
      days: to - from,
    });
  }
  step.excludedDays = excludedWithin(start, horizon, ex);
  c.touched.push(start, horizon);
  if (s.limit) {
    step.parameters = [useOf(s.limit.parameter)];
    const due = dueOf(c.days, start, s.limit, ex);
    c.touched.push(due.latest);
    step.expectedBy = fromDay(due.expected);
    step.dueBy = fromDay(due.latest);
    step.dueUnit = due.unit;
    step.late = horizon > due.latest;
    if (end) step.status = end.applicable ? 'done' : 'not-applicable';
    else {
      const left = countBetween(c.days, c.asOf, due.latest, due.unit, ex);
      // past the latest date is overdue even where no counted day has passed since (a weekend)
      step.remaining = c.asOf > due.latest ? Math.min(-1, left) : left;
      const workLeft = countBetween(c.days, c.asOf, due.latest, 'working-days', ex);
      step.status =
        c.asOf > due.latest
          ? 'overdue'
          : c.asOf > due.expected || workLeft <= c.dueSoon
            ? 'due-soon'
            : 'on-time';
    }
  } else {
    step.note = step.note ? joinText(step.note, notes.noParameter) : notes.noParameter;
    if (end) step.status = end.applicable ? 'done' : 'not-applicable';
  }
  return { step, start, ...(s.limit ? { limit: s.limit } : {}), spans: s.spans };
}

const joinText = (a: Text, b: Text): Text => ({ zh: `${a.zh}${b.zh}`, en: `${a.en} ${b.en}` });

// ------------------------------------------------------------------ the clock

/** the input with everything dated after `asOf` left out, as day numbers */
function known(input: ApplicationClockInput, asOf: number) {
  const at = (d: string | null | undefined) => {
    if (d === null || d === undefined) return undefined;
    const n = toDay(d);
    return n <= asOf ? n : undefined;
  };
  const spans: Span[] = [];
  let firstNotice: number | undefined;
  for (const k of input.corrections ?? []) {
    const from = at(k.requestedOn);
    if (from === undefined) continue;
    firstNotice ??= from;
    spans.push({ kind: 'correction', from, to: at(k.correctedOn) ?? Number.POSITIVE_INFINITY });
  }
  for (const p of input.pauses ?? []) {
    const from = at(p.from);
    if (from === undefined) continue;
    spans.push({ kind: p.kind, from, to: at(p.to) ?? Number.POSITIVE_INFINITY });
  }
  const decidedOn = at(input.decision?.on);
  return {
    submitted: at(input.submittedOn),
    accepted: at(input.acceptedOn),
    firstNotice,
    spans,
    decision: decidedOn === undefined || !input.decision ? undefined : { ...input.decision, day: decidedOn },
    withdrawn: at(input.withdrawnOn),
    issued: at(input.issuedOn),
  };
}

function compute(kb: Kb, input: ApplicationClockInput, asOfText: string, options: ClockOptions = {}) {
  const asOf = toDay(asOfText);
  const c: Ctx = { kb, days: daysOf(kb), asOf, dueSoon: options.dueSoonWorkingDays ?? 3, touched: [] };
  const k = known(input, asOf);
  const param = (id: string, day: number) => limitOf(kb.parameterAt(id, fromDay(day)));
  const earliest = (...xs: (number | undefined)[]) => {
    const ys = xs.filter((x): x is number => x !== undefined);
    return ys.length ? Math.min(...ys) : undefined;
  };

  // acceptance: ends with an acceptance, the first correction notice, a refusal or a withdrawal
  const refusal = k.decision?.outcome === 'rejected' && k.accepted === undefined ? k.decision.day : undefined;
  const authorityAct = earliest(k.accepted, k.firstNotice, refusal);
  let acceptanceEnd: StepSpec['end'];
  if (authorityAct !== undefined && (k.withdrawn === undefined || authorityAct <= k.withdrawn))
    acceptanceEnd = {
      on: authorityAct,
      applicable: true,
      by:
        authorityAct === k.accepted
          ? 'acceptance'
          : authorityAct === k.firstNotice
            ? 'correction-notice'
            : 'refusal',
    };
  else if (k.withdrawn !== undefined)
    acceptanceEnd = { on: k.withdrawn, by: 'withdrawal', applicable: false };
  const acceptance = runStep(c, {
    id: 'acceptance',
    start: k.submitted,
    end: acceptanceEnd,
    limit:
      k.submitted === undefined || input.procedure === 'annual-report'
        ? undefined
        : param('correction-notice-days', k.submitted),
    spans: [],
    note: input.procedure === 'annual-report' ? notes.annualReport : notes.acceptance,
  });
  const deemed = acceptance.step.late && k.submitted !== undefined;

  // decision: from acceptance (or receipt, when deemed accepted), minus corrections and pauses
  const reviewStart = deemed ? k.submitted : k.accepted;
  const decisionEnd: StepSpec['end'] =
    k.decision !== undefined
      ? { on: k.decision.day, by: 'decision', applicable: true }
      : k.withdrawn !== undefined
        ? { on: k.withdrawn, by: 'withdrawal', applicable: false }
        : undefined;
  const skippedDecision: StepSpec['skipped'] =
    reviewStart !== undefined
      ? undefined
      : refusal !== undefined
        ? { by: 'refusal', note: notes.refusedBeforeAcceptance }
        : k.withdrawn !== undefined
          ? { by: 'withdrawal', note: notes.withdrawn }
          : undefined;
  const decisionBy = decisionParameter(kb, input.procedure);
  const decision = runStep(c, {
    id: 'decision',
    start: reviewStart,
    end: decisionEnd,
    limit: reviewStart === undefined || !decisionBy ? undefined : param(decisionBy, reviewStart),
    spans: k.spans,
    ...(input.procedure === 'change' || input.procedure === 'renewal' ? { note: notes.reviewNotNew } : {}),
    ...(skippedDecision ? { skipped: skippedDecision } : {}),
  });

  // issuance: after an approval, unless nothing is issued
  const approved = k.decision?.outcome === 'approved' ? k.decision.day : undefined;
  const issuance = runStep(c, {
    id: 'issuance',
    start: approved,
    end: k.issued !== undefined ? { on: k.issued, by: 'issuance', applicable: true } : undefined,
    limit: approved === undefined ? undefined : param('issuance-days', approved),
    spans: [],
    ...(input.procedure === 'cancellation' || input.procedure === 'annual-report'
      ? {
          skipped: {
            by: null,
            note: input.procedure === 'annual-report' ? notes.annualReport : notes.cancellation,
          },
        }
      : k.decision?.outcome === 'rejected'
        ? { skipped: { by: null, note: notes.rejected } }
        : k.withdrawn !== undefined && approved === undefined
          ? { skipped: { by: 'withdrawal' as const, note: notes.withdrawn } }
          : {}),
  });
  return { c, k, works: [acceptance, decision, issuance], deemed };
}

/** the statutory clocks of an application as of a date (YYYY-MM-DD) */
export function applicationClock(
  kb: Kb,
  input: ApplicationClockInput,
  asOf: string,
  options: ClockOptions = {},
): ApplicationClock {
  const { c, k, works, deemed } = compute(kb, input, asOf, options);
  const steps = works.map((w) => w.step);
  const running = steps.filter((s) => s.dueBy && RUNNING.has(s.status));
  const missing: number[] = [];
  const estimated: number[] = [];
  if (c.touched.length)
    for (let y = yearOf(Math.min(...c.touched)); y <= yearOf(Math.max(...c.touched)); y++) {
      const basis = c.days.basisOf(y);
      if (basis === 'weekends') missing.push(y);
      else if (basis === 'estimate') estimated.push(y);
    }
  const note = calendarNote(missing, estimated);
  return {
    asOf,
    steps,
    overdue: steps.some((s) => s.status === 'overdue'),
    nextDueBy: running.map((s) => s.dueBy!).sort()[0] ?? null,
    deemedAccepted:
      deemed && k.submitted !== undefined ? { on: fromDay(k.submitted), note: notes.deemed } : null,
    excludedNote: notes.excluded,
    ...(note ? { calendarNote: note } : {}),
    sources: sourceBook(
      kb,
      steps.flatMap((s) => s.parameters.map((p) => p.sources)),
    ),
  };
}

const RUNNING: ReadonlySet<ClockStatus> = new Set(['on-time', 'due-soon', 'overdue']);

/** the step the authority owes next (the running step due first), for a list */
export function clockSummary(clock: ApplicationClock): ClockSummary {
  const running = clock.steps
    .filter((s) => RUNNING.has(s.status))
    .sort((a, b) => (a.dueBy ?? '9999').localeCompare(b.dueBy ?? '9999'));
  const s = running[0];
  return {
    overdue: clock.overdue,
    deemedAccepted: clock.deemedAccepted !== null,
    step: s?.id ?? null,
    status: s?.status ?? null,
    expectedBy: s?.expectedBy ?? null,
    dueBy: s?.dueBy ?? null,
    remaining: s?.remaining ?? null,
    paused: s?.paused ?? false,
  };
}

/** every date of the input, sorted (the latest is the day its events are known up to) */
export function clockInputDates(input: ApplicationClockInput): string[] {
  return [
    input.submittedOn,
    input.acceptedOn,
    input.decision?.on,
    input.withdrawnOn,
    input.issuedOn,
    ...(input.corrections ?? []).flatMap((x) => [x.requestedOn, x.correctedOn]),
    ...(input.pauses ?? []).flatMap((x) => [x.from, x.to]),
  ]
    .filter((d): d is string => typeof d === 'string')
    .sort();
}

/**
 * The day after which the application is overdue as the inputs stand — the earliest latest date among the
 * authority's running steps — or null when nothing is running or the running step is paused before its limit
 * ran out. It does not depend on today, so a store can keep it on the row and find overdue applications with
 * `authority_due_on < today`: for inputs dated up to a day D, `applicationClock(kb, input, D').overdue` equals
 * `authorityDueOn(kb, input) < D'` for every D' ≥ D.
 */
export function authorityDueOn(kb: Kb, input: ApplicationClockInput): string | null {
  const dates = clockInputDates(input);
  if (!dates.length) return null;
  const last = dates.at(-1)!;
  const { c, works } = compute(kb, input, last);
  let best: number | undefined;
  for (const w of works) {
    if (!RUNNING.has(w.step.status) || w.start === undefined || !w.limit) continue;
    const open = w.spans.filter((s) => s.to === Number.POSITIVE_INFINITY);
    let due: number;
    if (!open.length) due = toDay(w.step.dueBy!);
    else {
      // paused: overdue only if the limit ran out before the pause began
      const closed = w.spans.filter((s) => s.to !== Number.POSITIVE_INFINITY);
      const pausedFrom = Math.min(...open.map((s) => s.from));
      due = dueOf(c.days, w.start, w.limit, merge(closed)).latest;
      if (due > pausedFrom) continue;
    }
    if (best === undefined || due < best) best = due;
  }
  return best === undefined ? null : fromDay(best);
}
