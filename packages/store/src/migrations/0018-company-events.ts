/**
 * The register of company events (issue #11, "Keep the licence"): a change of the company (name, legal
 * representative, shareholders, coverage, service items, websites, termination …) with the day it took effect
 * (生效日期) and, optionally, the day it was decided or registered at the company registry, the licence or
 * ICP filing it concerns and a note. The obligations read them as events (store/obligations/company-events.ts).
 * Tenant-owned like the other register tables (0010-register.ts): organisation_id first in its unique key,
 * the company by (organisation_id, id); a company with events cannot be deleted (no action). One event of a
 * kind per company and effective day: the key the import updates by.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('company_events')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('subject', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('company_events_org_id_key', ['organisation_id', 'id'])
    .addUniqueConstraint('company_events_org_company_kind_day_key', [
      'organisation_id',
      'company_id',
      'kind',
      'effective_on',
    ])
    .addForeignKeyConstraint(
      'company_events_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .execute();
  await db.schema
    .createIndex('company_events_company_idx')
    .on('company_events')
    .columns(['company_id', 'id'])
    .execute();
}
