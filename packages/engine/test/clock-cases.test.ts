/**
 * Statutory clock cases as data: every file in clock-cases/ is one situation, named after it, with an
 * application's dates, the day the clock is read (asOf) and what the clock must say. Only the fields a case
 * names are compared. Every case is also checked against invariants that hold for any input: days used plus
 * days remaining make the limit, each limit is cited, and the stored due date (authorityDueOn) flags the same
 * applications as overdue as the clock does, on the day and on later days.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type ApplicationClockInput,
  applicationClock,
  authorityDueOn,
  type ClockStep,
  clockInputDates,
  clockSummary,
} from '../src/index.ts';

interface Case {
  description: string;
  asOf: string;
  input: ApplicationClockInput;
  expect: {
    overdue?: boolean;
    nextDueBy?: string | null;
    /** the receipt date the application counts as accepted on, or null */
    deemedAccepted?: string | null;
    calendarNote?: boolean;
    authorityDueOn?: string | null;
    summary?: Record<string, unknown>;
    steps?: Partial<Record<ClockStep['id'], Partial<ClockStep> & { parameter?: string }>>;
  };
}

const dir = new URL('./clock-cases/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const kb = loadKb();

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('statutory clock cases', () => {
  it('has cases for every step and boundary', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of files) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    it(`${file.replace(/\.yaml$/, '')}: ${c.description}`, () => {
      const clock = applicationClock(kb, c.input, c.asOf);
      const e = c.expect;
      if (e.overdue !== undefined) expect(clock.overdue, 'overdue').toBe(e.overdue);
      if (e.nextDueBy !== undefined) expect(clock.nextDueBy, 'nextDueBy').toBe(e.nextDueBy);
      if (e.deemedAccepted !== undefined)
        expect(clock.deemedAccepted?.on ?? null, 'deemedAccepted').toBe(e.deemedAccepted);
      if (e.calendarNote !== undefined)
        expect(clock.calendarNote !== undefined, 'calendarNote').toBe(e.calendarNote);
      if (e.authorityDueOn !== undefined)
        expect(authorityDueOn(kb, c.input), 'authorityDueOn').toBe(e.authorityDueOn);
      if (e.summary) expect(clockSummary(clock)).toMatchObject(e.summary);
      for (const [id, want] of Object.entries(e.steps ?? {})) {
        const step = clock.steps.find((s) => s.id === id);
        expect(step, id).toBeDefined();
        const { parameter, ...fields } = want!;
        expect(step, id).toMatchObject(fields);
        if (parameter !== undefined)
          expect(
            step!.parameters.map((p) => p.id),
            `${id} parameter`,
          ).toEqual([parameter]);
      }

      // invariants
      expect(clock.steps.map((s) => s.id)).toEqual(['acceptance', 'decision', 'issuance']);
      for (const s of clock.steps) {
        for (const p of s.parameters) expect(p.sources.length, `${s.id} sources`).toBeGreaterThan(0);
        if (s.dueBy && s.startedOn) {
          expect(s.parameters).toHaveLength(1);
          expect(s.expectedBy! <= s.dueBy, `${s.id} expected ≤ due`).toBe(true);
          expect(s.dueBy > s.startedOn, `${s.id} due after start`).toBe(true);
        }
        if (['on-time', 'due-soon', 'overdue'].includes(s.status) && s.dueBy) {
          const used = s.dueUnit === 'working-days' ? s.used!.workingDays : s.used!.calendarDays;
          const limit = s.parameters[0]!.value as number;
          if (s.status === 'overdue') {
            expect(s.remaining!, `${s.id}: remaining < 0 when overdue`).toBeLessThan(0);
            expect(used, `${s.id}: used ≥ limit when overdue`).toBeGreaterThanOrEqual(limit);
          } else expect(used + s.remaining!, `${s.id}: used + remaining = limit`).toBe(limit);
        } else expect(s.remaining, `${s.id} remaining only while running`).toBeNull();
        if (s.status === 'done' || s.status === 'not-applicable')
          expect(s.endedBy !== null || s.status === 'not-applicable').toBe(true);
      }
      // the stored due date flags the same applications as the clock, today and on every later day
      if (clockInputDates(c.input).every((d) => d <= c.asOf)) {
        const due = authorityDueOn(kb, c.input);
        for (const later of [0, 1, 6, 30, 120]) {
          const day = addDays(c.asOf, later);
          const overdue = applicationClock(kb, c.input, day).overdue;
          expect(overdue, `overdue on ${day} vs authorityDueOn ${due}`).toBe(due !== null && due < day);
        }
      }
    });
  }
});
