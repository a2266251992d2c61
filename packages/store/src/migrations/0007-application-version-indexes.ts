/**
 * Indexes that answer a page of the applications list from the index alone: the list reads each
 * application's version (id, updated_at) first and its full row only when it has not seen that version
 * (routes/applications.ts), so (organisation_id, id, updated_at) serves the unfiltered list and
 * (organisation_id, state, id, updated_at) the list by state, which replaces (organisation_id, state, id).
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('applications_org_version_idx')
    .on('applications')
    .columns(['organisation_id', 'id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('applications_org_state_version_idx')
    .on('applications')
    .columns(['organisation_id', 'state', 'id', 'updated_at'])
    .execute();
  await db.schema.dropIndex('applications_org_state_idx').execute();
}
