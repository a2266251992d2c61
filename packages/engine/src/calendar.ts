/**
 * The one working-day calendar of the engine: every count of working days (timeline, application clocks,
 * obligations) and every move of a deadline off a rest day goes through here.
 *
 * A day's kind comes from kb/holidays.yaml, in this order of trust:
 * - **notice**: the State Council General Office notice of its year (days off and make-up working days);
 * - **estimate**: a year without a notice but with lunar dates in the kb: the statutory holidays in force that
 *   year (全国年节及纪念日放假办法), a holiday day on a weekend given back on the next working day; make-up working
 *   days cannot be predicted and are left out. Every date counted through such a year is an estimate;
 * - **weekends**: neither: weekends alone, and the output says so.
 *
 * Pure: the kb is an argument; each year's days are computed once per kb.
 */
import type { Kb, Text } from '@icpdesk/kb';
import { inForce } from '@icpdesk/kb';

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (d: string, n: number) => fromMs(toMs(d) + n * DAY);
export function addYears(d: string, n: number): string {
  const dt = new Date(toMs(d));
  dt.setUTCFullYear(dt.getUTCFullYear() + n);
  return fromMs(dt.getTime());
}
const isWeekend = (d: string) => {
  const dow = new Date(toMs(d)).getUTCDay();
  return dow === 0 || dow === 6;
};

/** how the days of a year are known */
export type DayBasis = 'notice' | 'estimate' | 'weekends';

interface YearDays {
  basis: DayBasis;
  off: ReadonlySet<string>;
  work: ReadonlySet<string>;
}

export interface WorkCalendar {
  isWorkingDay(d: string): boolean;
  /** how the days of a year are known */
  basisOf(year: number): DayBasis;
  /** years the day-counts so far passed through that have no holiday data (weekends only) */
  missingYears: Set<number>;
  /** years the day-counts so far passed through that are estimated from the statutory holidays */
  estimatedYears: Set<number>;
}

/** the years covered: published by notice, and estimated from the statutory holidays */
export interface CalendarCoverage {
  published: number[];
  estimated: number[];
}

const yearCache = new WeakMap<Kb, Map<number, YearDays>>();

/** the statutory holidays of a year without a notice, with weekend days given back on the next working day */
function estimateYear(kb: Kb, year: number): YearDays | undefined {
  const lunar = kb.holidayRules.lunar.years.find((y) => y.year === year);
  const rule = kb.holidayRules.statutory.find((r) => inForce(r.effective, `${year}-01-01`));
  if (!lunar || !rule) return undefined;
  const days = new Set<string>();
  for (const h of rule.holidays) {
    const base = 'fixed' in h.on ? `${year}-${h.on.fixed}` : lunar[h.on.anchor];
    for (const o of h.days) days.add(addDays(base, o));
  }
  const off = new Set<string>();
  const sorted = [...days].sort();
  // consecutive holiday days form a block; its weekend days are given back after it
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === addDays(sorted[j]!, 1)) j++;
    let owed = 0;
    for (let k = i; k <= j; k++) {
      const d = sorted[k]!;
      if (isWeekend(d)) owed++;
      else off.add(d);
    }
    let cur = sorted[j]!;
    while (rule.weekendMakeUp && owed > 0) {
      cur = addDays(cur, 1);
      if (!isWeekend(cur) && !days.has(cur) && !off.has(cur)) {
        off.add(cur);
        owed--;
      }
    }
    i = j + 1;
  }
  return { basis: 'estimate', off, work: new Set() };
}

function yearDays(kb: Kb, year: number): YearDays {
  let cache = yearCache.get(kb);
  if (!cache) {
    cache = new Map();
    yearCache.set(kb, cache);
  }
  let y = cache.get(year);
  if (!y) {
    const notice = kb.holidays.find((h) => h.year === year);
    y = notice
      ? { basis: 'notice', off: new Set(notice.off), work: new Set(notice.workdays) }
      : (estimateYear(kb, year) ?? { basis: 'weekends', off: new Set(), work: new Set() });
    cache.set(year, y);
  }
  return y;
}

/** per kb: whether a day is a working day, and the basis of its year, computed once per day */
const dayCache = new WeakMap<Kb, Map<string, { working: boolean; year: number; basis: DayBasis }>>();

function dayOf(kb: Kb, d: string) {
  let cache = dayCache.get(kb);
  if (!cache) {
    cache = new Map();
    dayCache.set(kb, cache);
  }
  let day = cache.get(d);
  if (!day) {
    const year = Number(d.slice(0, 4));
    const y = yearDays(kb, year);
    const working = y.work.has(d) || (!y.off.has(d) && !isWeekend(d));
    day = { working, year, basis: y.basis };
    if (cache.size > 100_000) cache.clear();
    cache.set(d, day);
  }
  return day;
}

export function workCalendar(kb: Kb): WorkCalendar {
  const missingYears = new Set<number>();
  const estimatedYears = new Set<number>();
  return {
    missingYears,
    estimatedYears,
    basisOf: (year) => yearDays(kb, year).basis,
    isWorkingDay(d) {
      const day = dayOf(kb, d);
      if (day.basis === 'weekends') missingYears.add(day.year);
      else if (day.basis === 'estimate') estimatedYears.add(day.year);
      return day.working;
    },
  };
}

/** the years the kb covers: by notice, and by estimate (the years of its lunar table without a notice) */
export function calendarCoverage(kb: Kb): CalendarCoverage {
  const published = kb.holidays.map((h) => h.year).sort((a, b) => a - b);
  const estimated = kb.holidayRules.lunar.years
    .map((y) => y.year)
    .filter((y) => yearDays(kb, y).basis === 'estimate')
    .sort((a, b) => a - b);
  return { published, estimated };
}

/** The date n working days after d (the day of d itself does not count). */
export function addWorkingDays(cal: WorkCalendar, d: string, n: number): string {
  let cur = d;
  let left = n;
  while (left > 0) {
    cur = addDays(cur, 1);
    if (cal.isWorkingDay(cur)) left--;
  }
  return cur;
}

/** what happens to a deadline that falls on a rest day */
export type RestDayShift = 'later' | 'earlier' | 'stays';

/**
 * A deadline moved off a rest day (a weekend or public-holiday day that is not a make-up working day): to the
 * next working day (`later`, Civil Code Art. 203 for a period that ends), to the previous one (`earlier`, for a
 * latest day to act before something), or not at all.
 */
export function shiftOffRestDay(cal: WorkCalendar, d: string, how: RestDayShift): string {
  if (how === 'stays') return d;
  const step = how === 'later' ? 1 : -1;
  let cur = d;
  for (let i = 0; i < 60 && !cal.isWorkingDay(cur); i++) cur = addDays(cur, step);
  return cur;
}

/** the bases of the years from `from` to `to` (inclusive, either order) other than a notice */
export function yearsWithout(cal: WorkCalendar, from: string, to: string) {
  const [a, b] = from <= to ? [from, to] : [to, from];
  const missing: number[] = [];
  const estimated: number[] = [];
  for (let y = Number(a.slice(0, 4)); y <= Number(b.slice(0, 4)); y++) {
    const basis = cal.basisOf(y);
    if (basis === 'weekends') missing.push(y);
    else if (basis === 'estimate') estimated.push(y);
  }
  return { missing, estimated };
}

/** the note a result carries when a count passed through years without a notice; undefined when none did */
export function calendarNote(missing: readonly number[], estimated: readonly number[]): Text | undefined {
  const zh: string[] = [];
  const en: string[] = [];
  if (estimated.length) {
    zh.push(
      `${estimated.join('、')} 年的节假日安排尚未公布，工作日按法定节假日（全国年节及纪念日放假办法）估算，不含调休上班日；经过这些年份计算的日期均为估算。`,
    );
    en.push(
      `The public-holiday notice for ${estimated.join(', ')} is not out yet: working days there are estimated from the statutory holidays (without make-up working days), and every date counted through those years is an estimate.`,
    );
  }
  if (missing.length) {
    zh.push(`规则库没有 ${missing.join('、')} 年的法定节假日安排，这些年份只按周末计算工作日。`);
    en.push(
      `The knowledge base has no public-holiday schedule for ${missing.join(', ')}; working days in those years skip weekends only.`,
    );
  }
  return zh.length ? { zh: zh.join(''), en: en.join(' ') } : undefined;
}
