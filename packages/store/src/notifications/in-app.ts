/** In-app notifications of a member, and the delivery log of an organisation (newest first). */
import type { Db } from '../db.ts';

export interface InAppNotification {
  id: string;
  title: string;
  body: string;
  readAt: string | null;
  createdAt: string;
}

export async function listNotifications(
  db: Db,
  organisationId: string,
  userId: string,
  o: { unreadOnly?: boolean; limit?: number } = {},
): Promise<InAppNotification[]> {
  const rows = await db.kysely
    .selectFrom('notifications')
    .select(['id', 'title', 'body', 'read_at', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .$if(o.unreadOnly === true, (q) => q.where('read_at', 'is', null))
    .orderBy('id', 'desc')
    .limit(o.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    readAt: r.read_at,
    createdAt: r.created_at,
  }));
}

export async function findNotification(
  db: Db,
  organisationId: string,
  userId: string,
  id: string,
): Promise<InAppNotification | undefined> {
  const r = await db.kysely
    .selectFrom('notifications')
    .select(['id', 'title', 'body', 'read_at', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { id: r.id, title: r.title, body: r.body, readAt: r.read_at, createdAt: r.created_at };
}

/** marks the member's notification read; false when it is not theirs */
export async function markNotificationRead(
  db: Db,
  organisationId: string,
  userId: string,
  id: string,
): Promise<boolean> {
  const r = await db.kysely
    .updateTable('notifications')
    .set({ read_at: db.clock.now().toISOString() })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export interface DeliveryLogEntry {
  id: string;
  channelId: string;
  channelKind: string;
  recipient: string | null;
  obligationId: string | null;
  title: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export async function deliveryLog(
  db: Db,
  organisationId: string,
  o: { status?: string; limit?: number } = {},
): Promise<DeliveryLogEntry[]> {
  const rows = await db.kysely
    .selectFrom('notification_deliveries')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .$if(o.status !== undefined, (q) => q.where('status', '=', o.status!))
    .orderBy('id', 'desc')
    .limit(o.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channelId: r.channel_id,
    channelKind: r.channel_kind,
    recipient: r.recipient,
    obligationId: r.obligation_id,
    title: (JSON.parse(r.message) as { title: string }).title,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    sentAt: r.sent_at,
    createdAt: r.created_at,
  }));
}
