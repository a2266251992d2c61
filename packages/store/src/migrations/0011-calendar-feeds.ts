/**
 * `calendar_feeds`: secret iCalendar feed URLs of an organisation's obligations (issue #11 §4), one row per
 * feed — of the whole organisation (company_id null) or of one company. Like API tokens, the database keeps
 * only the SHA-256 of the secret; a revoked feed stops answering. `alarm_days` holds the alarm offsets
 * (days before the due day, JSON number[]) and `language` the language of the texts (zh, or en for English
 * with the Chinese).
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('company_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('alarm_days', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .addForeignKeyConstraint(
      'calendar_feeds_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('calendar_feeds_org_idx')
    .on('calendar_feeds')
    .columns(['organisation_id', 'id'])
    .execute();
}
