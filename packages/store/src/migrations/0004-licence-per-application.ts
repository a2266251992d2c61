/**
 * One licence per application: a unique index on licences (organisation_id, application_id). Imported
 * licences have no application (NULL), and both SQLite and PostgreSQL let NULLs repeat in a unique index, so
 * only licences issued on an application are constrained. Two concurrent "create the licence of this
 * approved application" requests cannot both succeed: the second is 409 APPLICATION_HAS_LICENCE.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('licences_org_application_key')
    .unique()
    .on('licences')
    .columns(['organisation_id', 'application_id'])
    .execute();
}
