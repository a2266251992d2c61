/**
 * Timeline estimate: turns the procedure parameters of kb/ into dates, from a submission date. Working days
 * are counted by the engine's calendar (calendar.ts): the State Council's notices in kb/holidays.yaml, an
 * estimate from the statutory holidays for a year without a notice (the steps counted through it are marked
 * `estimated`), weekends alone beyond that; the result's calendarNote says which.
 */
import type { Kb, ParameterAt } from '@icpdesk/kb';
import {
  addDays,
  addWorkingDays,
  addYears,
  calendarNote,
  type WorkCalendar,
  workCalendar,
  yearsWithout,
} from './calendar.ts';
import { renewalDueFrom, renewalLeadDays, renewalLeadParameter } from './licence-standing.ts';
import { paramUse } from './params.ts';
import type { Timeline, TimelineStep } from './schemas/timeline.ts';

/** the calendar lives in calendar.ts; re-exported for the callers that imported it from here */
export { addDays, addWorkingDays, addYears, type WorkCalendar, workCalendar } from './calendar.ts';
export type { Timeline, TimelineStep };

function add(
  cal: WorkCalendar,
  d: string,
  p: ParameterAt | undefined,
  unit: 'calendar-days' | 'working-days',
): string {
  const n = typeof p?.value === 'number' ? p.value : 0;
  return unit === 'working-days' ? addWorkingDays(cal, d, n) : addDays(d, n);
}

/** [expected, latest] after adding a day count whose unit may be disputed. */
function span(cal: WorkCalendar, d: [string, string], p: ParameterAt | undefined): [string, string] {
  if (!p) return d;
  const units = [p.unit, ...(p.unitAlternatives ?? [])].filter(
    (u): u is 'calendar-days' | 'working-days' => u === 'calendar-days' || u === 'working-days',
  );
  const main = p.unit === 'working-days' ? 'working-days' : 'calendar-days';
  let latest = add(cal, d[1], p, main);
  for (const u of units) {
    const end = add(cal, d[1], p, u);
    if (end > latest) latest = end;
  }
  return [add(cal, d[0], p, main), latest];
}

const timelines = new WeakMap<Kb, Map<string, Timeline>>();

/**
 * The timeline depends only on the kb and the two dates, so it is computed once per pair; callers get the
 * same frozen object back.
 */
export function estimateTimeline(kb: Kb, opts: { submitOn: string; asOf: string }): Timeline {
  let cache = timelines.get(kb);
  if (!cache) {
    cache = new Map();
    timelines.set(kb, cache);
  }
  const key = `${opts.submitOn}|${opts.asOf}`;
  let t = cache.get(key);
  if (!t) {
    if (cache.size > 1000) cache.clear();
    t = deepFreeze(computeTimeline(kb, opts));
    cache.set(key, t);
  }
  return t;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function computeTimeline(kb: Kb, opts: { submitOn: string; asOf: string }): Timeline {
  const { asOf, submitOn } = opts;
  const cal = workCalendar(kb);
  const param = (id: string) => kb.parameterAt(id, asOf);
  const uses = (...ps: (ParameterAt | undefined)[]) =>
    ps.filter((p): p is ParameterAt => !!p).map((p) => paramUse(p));

  const correction = param('correction-notice-days');
  const review = param('review-days');
  const issuance = param('issuance-days');
  const validity = param('licence-validity-years');
  const renewal = renewalLeadParameter(kb, asOf);
  const annual = param('annual-report-window');

  const acceptance = span(cal, [submitOn, submitOn], correction);
  const decision = span(cal, acceptance, review);
  const issued = span(cal, decision, issuance);
  const years = typeof validity?.value === 'number' ? validity.value : 0;
  const expiry: [string, string] = [
    addDays(addYears(issued[0], years), -1),
    addDays(addYears(issued[1], years), -1),
  ];
  const lead = renewalLeadDays(kb, asOf) ?? 0;
  const renewBy = [renewalDueFrom(expiry[0], lead), renewalDueFrom(expiry[1], lead)] as [string, string];
  const steps: TimelineStep[] = [
    {
      id: 'submitted',
      name: { zh: '提交申请', en: 'Application submitted' },
      expected: submitOn,
      latest: submitOn,
      parameters: [],
    },
    {
      id: 'acceptance',
      name: { zh: '受理或一次性告知补正', en: 'Acceptance, or one-time correction notice' },
      expected: acceptance[0],
      latest: acceptance[1],
      parameters: uses(correction),
      note: {
        zh: '逾期未告知补正的，自收到材料之日起即为受理；补正所用时间不计入审查期限。',
        en: 'Without a correction notice in time the application counts as accepted on receipt; time spent correcting does not count.',
      },
    },
    {
      id: 'decision',
      name: { zh: '作出许可决定', en: 'Decision' },
      expected: decision[0],
      latest: decision[1],
      parameters: uses(review),
    },
    {
      id: 'issuance',
      name: { zh: '颁发许可证', en: 'Licence issued' },
      expected: issued[0],
      latest: issued[1],
      parameters: uses(issuance),
    },
  ];
  if (validity) {
    steps.push({
      id: 'expiry',
      name: { zh: '许可证到期', en: 'Licence expires' },
      expected: expiry[0],
      latest: expiry[1],
      parameters: uses(validity),
    });
    if (renewal)
      steps.push({
        id: 'renewal-due',
        name: { zh: '最迟提出续期申请', en: 'Last day to apply for renewal' },
        expected: renewBy[0],
        latest: renewBy[1],
        parameters: uses(renewal),
      });
  }
  if (annual && typeof annual.value === 'object') {
    const y0 = Number(issued[0].slice(0, 4)) + 1;
    const y1 = Number(issued[1].slice(0, 4)) + 1;
    steps.push({
      id: 'first-annual-report',
      name: { zh: '首次年报截止', en: 'First annual report due' },
      expected: `${y0}-${annual.value.to}`,
      latest: `${y1}-${annual.value.to}`,
      parameters: uses(annual),
      note: {
        zh: `报送期为每年 ${annual.value.from} 至 ${annual.value.to}，报送上一年度情况。`,
        en: `The window runs from ${annual.value.from} to ${annual.value.to} each year, on the previous year.`,
      },
    });
  }
  markEstimates(cal, steps, [correction, review, issuance]);
  const note = calendarNote([...cal.missingYears].sort(), [...cal.estimatedYears].sort());
  return {
    submitOn,
    steps,
    excluded: {
      zh: '专家评审、现场核查、听证等时间不计入审查期限（行政许可法第四十五条），实际可能更长。',
      en: 'Expert review, inspection and hearings do not count against the limit (Administrative Licensing Law Art. 45); real cases can take longer.',
    },
    ...(note ? { calendarNote: note } : {}),
  };
}

const countsWorkingDays = (p: ParameterAt | undefined) =>
  !!p && (p.unit === 'working-days' || (p.unitAlternatives ?? []).includes('working-days'));

/**
 * The steps counted in working days through a year estimated from the statutory holidays (acceptance,
 * decision, issuance, and every step after the first such one) are estimates.
 */
function markEstimates(cal: WorkCalendar, steps: TimelineStep[], counted: (ParameterAt | undefined)[]) {
  let estimated = false;
  for (const [i, step] of steps.entries()) {
    if (i === 0) continue;
    const param = counted[i - 1];
    if (i <= counted.length && countsWorkingDays(param))
      estimated ||= yearsWithout(cal, steps[i - 1]!.expected, step.latest).estimated.length > 0;
    if (estimated) step.estimated = true;
  }
}
