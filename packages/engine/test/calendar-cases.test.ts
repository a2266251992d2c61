/**
 * Calendar cases as data: every file in calendar-cases/ is one situation — a deadline moved off a rest day, a
 * count of working days, or the kind of given days — and whether the result rests on an estimate (a year without
 * a notice) or on weekends alone. The kb's lunar table is also checked against an independent computation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  addWorkingDays,
  calendarCoverage,
  type RestDayShift,
  shiftOffRestDay,
  workCalendar,
} from '../src/index.ts';

interface Case {
  description: string;
  shift?: { date: string; how: RestDayShift };
  addWorkingDays?: { date: string; n: number };
  workingDays?: Record<string, boolean>;
  expect: { date?: string; estimated?: boolean; missing?: boolean };
}

const dir = new URL('./calendar-cases/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const kb = loadKb();
const iso = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

describe('calendar cases', () => {
  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    it(`${file.replace(/\.yaml$/, '')}: ${c.description}`, () => {
      const cal = workCalendar(kb);
      let got: string | undefined;
      if (c.shift) got = shiftOffRestDay(cal, iso(c.shift.date), c.shift.how);
      if (c.addWorkingDays) got = addWorkingDays(cal, iso(c.addWorkingDays.date), c.addWorkingDays.n);
      for (const [d, working] of Object.entries(c.workingDays ?? {}))
        expect(cal.isWorkingDay(iso(d)), d).toBe(working);
      if (c.expect.date !== undefined) expect(got).toBe(iso(c.expect.date));
      if (c.expect.estimated !== undefined) expect(cal.estimatedYears.size > 0).toBe(c.expect.estimated);
      if (c.expect.missing !== undefined) expect(cal.missingYears.size > 0).toBe(c.expect.missing);
    });
  }
});

describe('calendar coverage and lunar table', () => {
  it('states the published and estimated years, with no year in both', () => {
    const cov = calendarCoverage(kb);
    expect(cov.published).toContain(2026);
    expect(cov.estimated).toContain(2027);
    expect(cov.estimated.filter((y) => cov.published.includes(y))).toEqual([]);
  });

  it('agrees with the solar-term formula for Qingming and, outside the noted near-midnight new moons, with ICU', () => {
    // Qingming in the 21st century: floor(Y × 0.2422 + 4.81) − floor(Y / 4) April, Y the last two digits
    const chinese = new Intl.DateTimeFormat('en-u-ca-chinese', {
      timeZone: 'Asia/Shanghai',
      month: 'numeric',
      day: 'numeric',
    });
    const lunarDay = (d: string) => {
      const parts = chinese.formatToParts(new Date(`${d}T12:00:00+08:00`));
      return `${parts.find((p) => p.type === 'month')?.value}-${parts.find((p) => p.type === 'day')?.value}`;
    };
    // where ICU's approximate new moon puts the start of the month a day early (kb/holidays.yaml note)
    const knownIcuDifferences = new Set(['2027-02-06', '2030-02-03']);
    for (const y of kb.holidayRules.lunar.years) {
      const yy = y.year % 100;
      const day = Math.floor(yy * 0.2422 + 4.81) - Math.floor(yy / 4);
      expect(y.qingming, `${y.year} qingming`).toBe(`${y.year}-04-${String(day).padStart(2, '0')}`);
      expect(lunarDay(y['dragon-boat']), `${y.year} dragon boat`).toBe('5-5');
      expect(lunarDay(y['mid-autumn']), `${y.year} mid-autumn`).toBe('8-15');
      if (!knownIcuDifferences.has(y['spring-festival']))
        expect(lunarDay(y['spring-festival']), `${y.year} spring festival`).toBe('1-1');
    }
  });
});
