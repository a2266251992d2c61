import { describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from './clock.ts';

describe('clock', () => {
  it('a fixed clock tells the date in China, not in UTC', () => {
    expect(fixedClock('2026-12-31T16:00:00Z').today()).toBe('2027-01-01');
    expect(fixedClock('2026-12-31T15:59:59Z').today()).toBe('2026-12-31');
    expect(fixedClock('2026-06-01').today()).toBe('2026-06-01');
    expect(fixedClock('2026-06-01').now().toISOString()).toBe('2026-06-01T04:00:00.000Z');
    expect(() => fixedClock('not a date')).toThrow(/not a date/);
  });

  it('the system clock reads the time now', () => {
    const before = Date.now();
    const c = systemClock();
    expect(c.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(c.today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
