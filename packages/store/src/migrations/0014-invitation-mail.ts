/**
 * How an invitation's link went out by e-mail, on the invitation itself: `mail_status` (sending, sent,
 * no-channel, failed; null for invitations made before, or without, e-mail) and `mail_at` (when it took that
 * status). The mail is sent after the invitation's request has been answered (../notifications/
 * invitation-mail.ts), so the outcome is recorded here for the managers' list. The link itself is never
 * stored: the row keeps only its SHA-256, as before.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invitations').addColumn('mail_status', 'text').execute();
  await db.schema.alterTable('invitations').addColumn('mail_at', 'text').execute();
}
