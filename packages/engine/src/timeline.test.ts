import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, estimateTimeline, workCalendar } from './timeline.ts';

const kb = loadKb();

describe('working days', () => {
  const cal = workCalendar(kb);
  it('skips weekends', () => {
    // 2026-11-27 is a Friday
    expect(addWorkingDays(cal, '2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays(cal, '2026-11-27', 5)).toBe('2026-12-04');
  });
  it('skips the National Day holiday and counts its make-up working day', () => {
    // 2026: 1–7 October off; Sunday 2026-09-20 and Saturday 2026-10-10 are working days
    const y = kb.holidays.find((h) => h.year === 2026)!;
    expect(y.off).toContain('2026-10-01');
    expect(cal.isWorkingDay('2026-10-05')).toBe(false);
    expect(y.workdays.length).toBeGreaterThan(0);
    for (const d of y.workdays) expect(cal.isWorkingDay(d)).toBe(true);
    expect(addWorkingDays(cal, '2026-09-30', 1)).toBe('2026-10-08');
  });
  it('notes a year estimated from the statutory holidays, and one without any holiday data', () => {
    const c = workCalendar(kb);
    addWorkingDays(c, '2030-06-01', 3);
    expect(c.estimatedYears.has(2030)).toBe(true);
    expect(c.missingYears.has(2030)).toBe(false);
    addWorkingDays(c, '2090-06-01', 3);
    expect(c.missingYears.has(2090)).toBe(true);
  });
});

describe('estimateTimeline', () => {
  it('turns the procedure parameters into dates', () => {
    const t = estimateTimeline(kb, { submitOn: '2026-11-30', asOf: '2026-11-30' });
    const step = (id: string) => t.steps.find((s) => s.id === id)!;
    expect(step('acceptance').expected).toBe('2026-12-07'); // 5 working days
    expect(step('decision').expected).toBe('2027-02-05'); // + 60 calendar days
    expect(step('decision').latest > step('decision').expected).toBe(true); // 60 working days read
    expect(step('decision').parameters[0]?.id).toBe('review-days');
    expect(step('expiry').expected.slice(0, 4)).toBe('2032');
    expect(step('renewal-due').parameters[0]?.value).toBe(90);
    expect(t.calendarNote?.en).toMatch(/2027/);
    expect(t.calendarNote?.en).toMatch(/estimate/);
    expect(step('acceptance').estimated).toBeUndefined(); // 2026, published
    expect(step('decision').estimated).toBe(true); // counted into 2027, estimated
    expect(step('expiry').estimated).toBe(true);
  });
});
