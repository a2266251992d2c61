/**
 * `obligation_records` (issue #11, "Keep the licence"): what a member recorded of an obligation the store has
 * no fact of its own for — done on a day, or waived with a reason. One row per obligation (the engine's id,
 * e.g. `licence-renewal/licence:<id>`) in an organisation; `company_id` is the obligation's company, for
 * tenancy and so that the records go with the company. Undo deletes the row (audited).
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('obligation_records')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('obligation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'obligation_records_company_fkey',
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .addUniqueConstraint('obligation_records_obligation_key', ['organisation_id', 'obligation'])
    .execute();
  await db.schema
    .createIndex('obligation_records_company_idx')
    .on('obligation_records')
    .columns(['organisation_id', 'company_id'])
    .execute();
}
