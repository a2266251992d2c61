import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedApplication, seedCompany, seedOrganisation } from '../test/seed.ts';
import { nextUpdatedAt, refreshAuthorityDueDates } from './applications/index.ts';

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

forEachDb('refreshAuthorityDueDates', (t) => {
  const kb = loadKb();
  it('moves stored due dates that the current kb computes differently, with a system audit row, once', async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    const review = {
      state: 'accepted' as const,
      submitted_on: '2026-03-02',
      accepted_on: '2026-03-05',
      clock: JSON.stringify({ corrections: [], pauses: [], lastOn: '2026-03-05' }),
    };
    const stale = await seedApplication(t.db, org, company, { ...review, authority_due_on: '2000-01-01' });
    const alsoStale = await seedApplication(t.db, org, company, {
      ...review,
      authority_due_on: '1999-01-01',
    });
    const draft = await seedApplication(t.db, org, company, { authority_due_on: '2000-01-01' });
    const approved = await seedApplication(t.db, org, company, {
      ...review,
      state: 'approved',
      decided_on: '2026-04-01',
      authority_due_on: '2000-01-01',
    });
    const dueOf = async (id: string) =>
      (
        await t.db.kysely
          .selectFrom('applications')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).authority_due_on;

    expect(await refreshAuthorityDueDates(t.db, kb, 1)).toBe(2); // a page of one at a time
    const due = await dueOf(stale);
    expect(await dueOf(alsoStale)).toBe(due);
    expect(due).toMatch(/^2026-0[5-7]-\d\d$/); // within the review period after 5 March
    expect(await dueOf(draft)).toBe('2000-01-01');
    expect(await dueOf(approved)).toBe('2000-01-01');
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', stale)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: 'system', action: 'recompute', actor_id: null });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ authorityDueOn: due, kbVersion: kb.version });

    expect(await refreshAuthorityDueDates(t.db, kb)).toBe(0);
  });
});
