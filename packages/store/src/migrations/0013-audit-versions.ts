/**
 * `audit_versions`: one counter per organisation, raised in the transaction of every audit entry
 * (../auth/audit.ts). Every write that changes compliance state leaves an audit entry, so an unchanged
 * counter means unchanged data: a server process may keep what it computed from the organisation's rows
 * (obligations, their answers) for as long as the counter stays, and several processes on one database
 * agree (./../audit-versions.ts).
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_versions')
    .addColumn('organisation_id', 'text', (c) =>
      c.primaryKey().notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}
