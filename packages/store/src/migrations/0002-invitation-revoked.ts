/**
 * Invitations can be revoked: `revoked_at` (null while pending or accepted). A revoked invitation's link
 * answers 410 INVITATION_REVOKED rather than disappearing, and the row stays as a record of who was invited.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invitations').addColumn('revoked_at', 'text').execute();
}
