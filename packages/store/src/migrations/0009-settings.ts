/**
 * `settings`: values of the installation itself, one row per name, shared by every server process on the
 * database. The first is `cursor-secret`, the key that signs pagination cursors (scope.ts), created on first
 * use (settings.ts). Not tenant data: no organisation, never exported.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
