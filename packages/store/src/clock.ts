/**
 * The clock: the one source of "now" and of "today in China" (Asia/Shanghai) for the server, the CLI and
 * background work. Passed in (buildApp's `clock`, the CLI's Io), so that tests fix the date; the engine
 * reads no clock and takes the day as an argument.
 */
import { chinaDate } from '@icpdesk/engine';

export interface Clock {
  /** the current instant */
  now(): Date;
  /** today's date in China, YYYY-MM-DD */
  today(): string;
}

/**
 * The system clock. today() is formatted once an hour at most: lists ask on every request, and China has
 * kept UTC+8 all year since 1991, so the date changes only on the hour.
 */
export function systemClock(): Clock {
  let cached = { hour: Number.NaN, day: '' };
  return {
    now: () => new Date(),
    today() {
      const now = Date.now();
      const hour = Math.floor(now / 3_600_000);
      if (hour !== cached.hour) cached = { hour, day: chinaDate(new Date(now)) };
      return cached.day;
    },
  };
}

/** a clock stopped at an instant (an ISO date-time, or a date taken as noon in China) */
export function fixedClock(at: string | Date): Clock {
  const instant =
    at instanceof Date ? at : new Date(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T12:00:00+08:00` : at);
  if (Number.isNaN(instant.getTime())) throw new Error(`fixedClock: not a date: ${String(at)}`);
  return { now: () => new Date(instant), today: () => chinaDate(instant) };
}
