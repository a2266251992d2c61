/**
 * Rate-limit counters in the database, so that every server process on one database shares them (failed
 * sign-ins, failed invitation look-ups, anonymous requests per client address): one row per counter key and
 * fixed time window, `hits` counted up by an atomic upsert (../rate-limits.ts). `expires_at` is the end of
 * the window; rows of ended windows are deleted by it (indexed). No tenant: the keys are addresses and
 * hashed e-mails, not an organisation's rows.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pkey', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_limits_expires_idx').on('rate_limits').column('expires_at').execute();
}
