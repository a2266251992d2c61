/**
 * The day a filed site or app stopped (`closed_on` on icp_filings and app_filings, "YYYY-MM-DD", null while it
 * runs): the engine's filing-cancellation rule (kb/obligations.yaml icp-filing-cancellation) runs from it until
 * the filing is recorded cancelled.
 *
 * Frozen once released (see 0001-initial.ts). SQLite adds one column per ALTER TABLE.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('icp_filings').addColumn('closed_on', 'text').execute();
  await db.schema.alterTable('app_filings').addColumn('closed_on', 'text').execute();
}
