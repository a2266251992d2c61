/**
 * Applications keep what their statutory clocks need on the row, so that a list computes every item's clock
 * without a join, and their events say what kind of event they are and the day it took effect:
 *
 * - `applications.clock`: JSON of the clock inputs the other columns do not hold — correction notices
 *   (requestedOn, correctedOn), expert-review and inspection pauses (kind, from, to), withdrawnOn, issuedOn
 *   and lastOn (the latest effective date of any event: later events may not go back before it). Rewritten
 *   with every transition and event.
 * - `applications.authority_due_on`: the day after which the authority is overdue as the events stand
 *   (engine `authorityDueOn`), or null; `overdue=true` lists are `authority_due_on < today`.
 * - `application_events.kind` (created | transition | pause-started | pause-ended | licence-issued),
 *   `effective_on` (the day it happened, "YYYY-MM-DD", which may be earlier than `at`, the moment it was
 *   recorded), `pause_kind` and `authority_reference`.
 * - indexes for the list sorted by updated_at and for the overdue filter, within an organisation (the
 *   list by creation is id order, which the tenant key and the (organisation_id, state, id) index serve).
 *
 * The new columns are nullable only because SQLite cannot add a NOT NULL column without a default; the code
 * always writes them, and reads a null clock as "no corrections, pauses or later dates". Frozen once
 * released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('applications').addColumn('clock', 'text').execute();
  await s.alterTable('applications').addColumn('authority_due_on', 'text').execute();
  await s.alterTable('application_events').addColumn('kind', 'text').execute();
  await s.alterTable('application_events').addColumn('effective_on', 'text').execute();
  await s.alterTable('application_events').addColumn('pause_kind', 'text').execute();
  await s.alterTable('application_events').addColumn('authority_reference', 'text').execute();
  await s
    .createIndex('applications_org_updated_idx')
    .on('applications')
    .columns(['organisation_id', 'updated_at', 'id'])
    .execute();
  await s
    .createIndex('applications_org_due_idx')
    .on('applications')
    .columns(['organisation_id', 'authority_due_on'])
    .execute();
}
