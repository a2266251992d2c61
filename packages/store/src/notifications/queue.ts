/**
 * The delivery queue and log (notification_deliveries). Enqueueing inserts by a unique key and ignores a
 * key already there, so however many schedulers run, a reminder is enqueued once. A worker claims due rows
 * by taking a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so two workers never claim the same row; SQLite
 * runs one worker, see ./worker-lock.ts); a row whose lease ran out (its worker died) is claimed again.
 * Failures are retried with exponential backoff until `maxAttempts`, then the row is `failed`.
 */
import { sql } from 'kysely';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import type { NotificationDeliveriesTable } from './tables.ts';

export type Delivery = NotificationDeliveriesTable;

export interface NewDelivery {
  organisationId: string;
  dedupeKey: string;
  channelId: string;
  channelKind: string;
  recipient: string | null;
  obligationId: string | null;
  message: unknown;
  notBefore: Date;
  /** `digested`: recorded as reminded, sent within a member's daily digest instead of on its own */
  status?: 'pending' | 'digested';
}

/** inserts the deliveries whose key is new; returns the keys that were new */
export async function enqueueDeliveries(db: Db, items: readonly NewDelivery[]): Promise<string[]> {
  if (items.length === 0) return [];
  const at = db.clock.now().toISOString();
  const added: string[] = [];
  for (let i = 0; i < items.length; i += 200) {
    const rows = items.slice(i, i + 200).map((d) => ({
      id: newId(),
      organisation_id: d.organisationId,
      dedupe_key: d.dedupeKey,
      channel_id: d.channelId,
      channel_kind: d.channelKind,
      recipient: d.recipient,
      obligation_id: d.obligationId,
      message: JSON.stringify(d.message),
      status: d.status ?? 'pending',
      attempts: 0,
      next_attempt_at: d.notBefore.toISOString(),
      lease_until: null,
      leased_by: null,
      last_error: null,
      sent_at: null,
      created_at: at,
      updated_at: at,
    }));
    const r = await db.kysely
      .insertInto('notification_deliveries')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('dedupe_key')
      .execute();
    for (const x of r) added.push(x.dedupe_key);
  }
  return added;
}

/** takes up to `limit` due rows for `worker` until now + leaseMs; each claim counts as an attempt */
export async function claimDeliveries(
  db: Db,
  worker: string,
  limit: number,
  leaseMs: number,
): Promise<Delivery[]> {
  const now = db.clock.now();
  const nowIso = now.toISOString();
  const due = db.kysely
    .selectFrom('notification_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowIso)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .$if(db.dialect === 'postgres', (q) => q.forUpdate().skipLocked());
  return db.kysely
    .updateTable('notification_deliveries')
    .set({
      lease_until: new Date(now.getTime() + leaseMs).toISOString(),
      leased_by: worker,
      attempts: sql`attempts + 1`,
      updated_at: nowIso,
    })
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** marks a claimed row sent (only while this worker still holds it) */
export async function markSent(db: Db, worker: string, id: string): Promise<void> {
  const at = db.clock.now().toISOString();
  await db.kysely
    .updateTable('notification_deliveries')
    .set({ status: 'sent', sent_at: at, lease_until: null, last_error: null, updated_at: at })
    .where('id', '=', id)
    .where('leased_by', '=', worker)
    .execute();
}

export interface RetryPolicy {
  maxAttempts: number;
  /** the first retry's delay; each further one doubles it */
  backoffMs: number;
}

/** the delay before the retry after attempt n (1-based): backoff · 2^(n-1) */
export const retryDelay = (attempt: number, p: RetryPolicy) => p.backoffMs * 2 ** (attempt - 1);

/** records a failed attempt: retried later with backoff, or `failed` after the last attempt */
export async function markFailed(
  db: Db,
  worker: string,
  d: Delivery,
  error: string,
  p: RetryPolicy,
): Promise<void> {
  const now = db.clock.now();
  const last = d.attempts >= p.maxAttempts;
  await db.kysely
    .updateTable('notification_deliveries')
    .set({
      status: last ? 'failed' : 'pending',
      next_attempt_at: new Date(now.getTime() + (last ? 0 : retryDelay(d.attempts, p))).toISOString(),
      lease_until: null,
      last_error: error.slice(0, 1000),
      updated_at: now.toISOString(),
    })
    .where('id', '=', d.id)
    .where('leased_by', '=', worker)
    .execute();
}
