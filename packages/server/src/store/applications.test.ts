import { describe, expect, it } from 'vitest';
import { nextUpdatedAt } from './applications.ts';

describe('nextUpdatedAt', () => {
  it('is now when the clock has moved on', () => {
    const now = new Date('2026-11-29T08:00:00.500Z');
    expect(nextUpdatedAt({ updated_at: '2026-11-29T08:00:00.000Z' }, now)).toBe('2026-11-29T08:00:00.500Z');
  });
  it('is a millisecond later when two changes fall within one millisecond, or the clock went back', () => {
    const now = new Date('2026-11-29T08:00:00.000Z');
    expect(nextUpdatedAt({ updated_at: '2026-11-29T08:00:00.000Z' }, now)).toBe('2026-11-29T08:00:00.001Z');
    expect(nextUpdatedAt({ updated_at: '2026-11-29T09:00:00.000Z' }, now)).toBe('2026-11-29T09:00:00.001Z');
  });
});
