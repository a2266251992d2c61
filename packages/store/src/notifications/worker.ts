/**
 * The reminder worker: each round it (1) schedules — for every organisation with an enabled channel, the
 * reminders due today (./schedule.ts) × channel × recipient are enqueued under a unique key — and (2) sends
 * the due deliveries it can claim, one channel's failure never holding up another's rows. Any number of
 * workers may run on PostgreSQL (claims by SKIP LOCKED and leases); on SQLite only the holder of the
 * `reminders` lock row works, the others wait.
 *
 * Exactly once: a reminder is enqueued once (the key) and claimed by one worker at a time (the lease). A
 * worker killed after a receiver accepted a message but before it recorded `sent` would have the message
 * sent again when its lease runs out; the delivery id travels with every message (X-Icpdesk-Delivery,
 * Message-ID) so that a receiver can drop such a repeat.
 */
import type { ObligationsResult } from '@icpdesk/engine';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { type Channel, channelSecrets, findChannel, listChannels, redactSecrets } from './channels.ts';
import { digestMessage, type Message, reminderMessage } from './messages.ts';
import {
  claimDeliveries,
  type Delivery,
  enqueueDeliveries,
  markFailed,
  markSent,
  type NewDelivery,
  type RetryPolicy,
} from './queue.ts';
import { dueReminders } from './schedule.ts';
import { sendThrough } from './send.ts';
import { afterQuietHours, type NotificationSettings, notificationSettings } from './settings.ts';
import { holdLock } from './worker-lock.ts';

/** an organisation's obligations as of a day, with their rules (the store's obligationsOfOrganisation, or a test's) */
export type ObligationSource = (
  organisationId: string,
  asOf: string,
) => Promise<Pick<ObligationsResult, 'obligations' | 'rules'>>;

export interface WorkerOptions extends Partial<RetryPolicy> {
  obligations: ObligationSource;
  /** this worker's name in claims; default a new id */
  id?: string;
  /** how long a claim holds; default 5 minutes */
  leaseMs?: number;
  /** rows claimed at once; default 20 */
  batch?: number;
  /** between rounds; default 60 s */
  pollMs?: number;
  log?: (line: string) => void;
  /** tests: a pause before each send, so that a kill lands between sends */
  sendDelayMs?: number;
}

const DEFAULTS = { leaseMs: 300_000, batch: 20, pollMs: 60_000, maxAttempts: 6, backoffMs: 60_000 };
const LOCK = 'reminders';

/** enqueues today's reminders of every organisation with an enabled channel; returns how many were new */
export async function scheduleReminders(db: Db, source: ObligationSource): Promise<number> {
  const orgs = await db.kysely
    .selectFrom('notification_channels')
    .select('organisation_id')
    .where('enabled', '=', 1)
    .distinct()
    .execute();
  let added = 0;
  for (const { organisation_id: org } of orgs) added += await scheduleOrganisation(db, source, org);
  return added;
}

async function scheduleOrganisation(db: Db, source: ObligationSource, org: string): Promise<number> {
  const today = db.clock.today();
  const settings = await notificationSettings(db, org);
  const { obligations, rules } = await source(org, today);
  const due = dueReminders(obligations, settings, today);
  if (due.length === 0) return 0;
  const channels = (await listChannels(db, org)).filter((c) => c.enabled);
  const members = await membersByRole(db, org, settings);
  const notBefore = afterQuietHours(db.clock.now(), settings.quietHours);
  const items: NewDelivery[] = [];
  for (const r of due) {
    const message = reminderMessage(r.obligation, rules[r.obligation.rule]!, r.step, settings.language);
    for (const c of channels)
      for (const recipient of recipientsOf(c, members))
        items.push({
          organisationId: org,
          dedupeKey: `${r.obligation.id}|${r.stepKey}|${c.id}|${recipient ?? '-'}`,
          channelId: c.id,
          channelKind: c.config.kind,
          recipient,
          obligationId: r.obligation.id,
          message,
          notBefore,
          ...(settings.digest && recipient !== null ? { status: 'digested' as const } : {}),
        });
  }
  const added = new Set(await enqueueDeliveries(db, items));
  if (!settings.digest) return added.size;
  return (
    added.size +
    (await enqueueDigests(
      db,
      items.filter((i) => i.status === 'digested' && added.has(i.dedupeKey)),
      today,
      settings.language,
    ))
  );
}

/**
 * One digest per member and channel of the reminders newly recorded for them (`digested` rows, enqueued
 * once by their keys); keyed by day, channel, member and its first reminder, so no reminder is lost even
 * when two schedulers run at once (each sends a digest of the reminders it recorded)
 */
async function enqueueDigests(db: Db, fresh: readonly NewDelivery[], day: string, lang: 'zh' | 'en') {
  const groups = new Map<string, NewDelivery[]>();
  for (const d of fresh) {
    const k = `${d.channelId}|${d.recipient}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const digests: NewDelivery[] = [...groups.values()].map((ds) => {
    const first = ds[0]!;
    return {
      ...first,
      status: 'pending',
      obligationId: null,
      dedupeKey: `digest|${day}|${first.channelId}|${first.recipient}|${first.dedupeKey}`,
      message: digestMessage(
        ds.map((d) => d.message as Message),
        day,
        lang,
      ),
    };
  });
  return (await enqueueDeliveries(db, digests)).length;
}

type Member = { userId: string; email: string };

async function membersByRole(db: Db, org: string, s: NotificationSettings): Promise<Member[]> {
  if (s.roles.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email'])
    .where('memberships.organisation_id', '=', org)
    .where('memberships.role', 'in', s.roles)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email }));
}

function recipientsOf(c: Channel, members: readonly Member[]): (string | null)[] {
  if (c.config.kind === 'email') return members.map((m) => m.email);
  if (c.config.kind === 'in-app') return members.map((m) => m.userId);
  return [null];
}

/** claims and sends due deliveries until none is left to claim; returns how many were sent */
export async function sendDue(db: Db, o: WorkerOptions & { id: string }): Promise<number> {
  const policy = {
    maxAttempts: o.maxAttempts ?? DEFAULTS.maxAttempts,
    backoffMs: o.backoffMs ?? DEFAULTS.backoffMs,
  };
  let sent = 0;
  for (;;) {
    const claimed = await claimDeliveries(db, o.id, o.batch ?? DEFAULTS.batch, o.leaseMs ?? DEFAULTS.leaseMs);
    if (claimed.length === 0) return sent;
    o.log?.(`claimed ${claimed.length}`);
    for (const d of claimed) {
      if (o.sendDelayMs) await new Promise((r) => setTimeout(r, o.sendDelayMs));
      if (await deliverOne(db, o.id, d, policy, o.log)) sent++;
    }
  }
}

async function deliverOne(db: Db, worker: string, d: Delivery, p: RetryPolicy, log?: (l: string) => void) {
  const channel = await findChannel(db, d.organisation_id, d.channel_id);
  if (!channel?.enabled) {
    await markFailed(db, worker, d, 'channel deleted or disabled', { ...p, maxAttempts: 0 });
    return false;
  }
  try {
    await sendThrough(db, channel, {
      id: d.id,
      key: d.dedupe_key,
      recipient: d.recipient,
      organisationId: d.organisation_id,
      message: JSON.parse(d.message) as Message,
    });
    await markSent(db, worker, d.id);
    log?.(`sent ${d.id} ${d.channel_kind}`);
    return true;
  } catch (e) {
    const error = redactSecrets(e instanceof Error ? e.message : String(e), channelSecrets(channel.config));
    await markFailed(db, worker, d, error, p);
    log?.(`failed ${d.id} ${d.channel_kind} (attempt ${d.attempts}): ${error}`);
    return false;
  }
}

/** one round: schedule, then send; on SQLite only while holding the lock. Returns what it did. */
export async function workerRound(db: Db, o: WorkerOptions & { id: string }) {
  if (db.dialect === 'sqlite' && !(await holdLock(db, LOCK, o.id, (o.pollMs ?? DEFAULTS.pollMs) * 3)))
    return { scheduled: 0, sent: 0, locked: true };
  const scheduled = await scheduleReminders(db, o.obligations);
  const sent = await sendDue(db, o);
  return { scheduled, sent, locked: false };
}

export interface RunningWorker {
  readonly id: string;
  /** finishes the current round and stops */
  stop(): Promise<void>;
}

/** runs rounds every pollMs until stopped; a round's error is logged and the next round tries again */
export function startWorker(db: Db, options: WorkerOptions): RunningWorker {
  const o = { ...options, id: options.id ?? newId() };
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await workerRound(db, o);
        if (r.scheduled || r.sent) o.log?.(`round: ${r.scheduled} scheduled, ${r.sent} sent`);
      } catch (e) {
        o.log?.(`round failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (stopped) break;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, o.pollMs ?? DEFAULTS.pollMs).unref();
      });
    }
  })();
  return {
    id: o.id,
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
