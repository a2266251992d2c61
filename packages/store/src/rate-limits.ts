/**
 * Rate limits that hold across server processes: counters of attempts kept in the database (table
 * rate_limits, migration 0008), so that several servers on one database see the same counts.
 *
 * A counter counts in fixed windows: [start, start + windowMs) with start a multiple of windowMs since the
 * epoch, so that every process agrees on the window without asking another. One atomic upsert
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL alike) counts an attempt and returns
 * the count, so concurrent attempts through different processes are all counted. Rows of ended windows are
 * deleted now and then (at most once a minute per process). Counters are written through `Db.counters`,
 * which on SQLite does not wait for the disk on every commit.
 *
 * Subjects (addresses, e-mails) are stored as their SHA-256 only.
 */
import { sha256Hex } from './auth/sessions.ts';
import type { Db } from './db.ts';

export interface Limit {
  /** attempts allowed per window */
  max: number;
  windowMs: number;
}

/** one counter: what is counted (e.g. "login-address") of whom (an address, an e-mail), and its limit */
export interface Counter {
  kind: string;
  subject: string;
  limit: Limit;
  /** an attempt that succeeds starts this counter over (rather than only not counting) */
  resetOnSuccess?: boolean;
}

/** a counter's current window */
interface Window {
  key: string;
  start: string;
  end: string;
  endMs: number;
}

const SWEEP_EVERY_MS = 60_000;
const lastSweep = new WeakMap<Db, number>();

const keyOf = (c: Pick<Counter, 'kind' | 'subject'>) => `${c.kind}:${sha256Hex(c.subject)}`;

function windowOf(c: Counter, at: number): Window {
  const ms = c.limit.windowMs;
  const start = at - (at % ms);
  return {
    key: keyOf(c),
    start: new Date(start).toISOString(),
    end: new Date(start + ms).toISOString(),
    endMs: start + ms,
  };
}

/** seconds until the window ends, at least 1 */
const secondsLeft = (w: Window, at: number) => Math.max(1, Math.ceil((w.endMs - at) / 1000));

/** the counts of the windows, in order (0 for a window nobody counted in yet) */
async function countsOf(db: Db, windows: readonly Window[]): Promise<number[]> {
  const rows = await db.counters
    .selectFrom('rate_limits')
    .select(['key', 'window_start', 'hits'])
    .where(
      'key',
      'in',
      windows.map((w) => w.key),
    )
    .execute();
  return windows.map((w) => rows.find((r) => r.key === w.key && r.window_start === w.start)?.hits ?? 0);
}

/** adds one to each window's count and returns the new counts, in order: one statement */
async function increment(db: Db, windows: readonly Window[], at: number): Promise<number[]> {
  const rows = await db.counters
    .insertInto('rate_limits')
    .values(windows.map((w) => ({ key: w.key, window_start: w.start, expires_at: w.end, hits: 1 })))
    .onConflict((oc) =>
      oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })),
    )
    .returning(['key', 'window_start', 'hits'])
    .execute();
  await sweep(db, at);
  return windows.map((w) => rows.find((r) => r.key === w.key && r.window_start === w.start)?.hits ?? 1);
}

/** deletes the rows of ended windows, at most once every SWEEP_EVERY_MS per process and database */
async function sweep(db: Db, at: number): Promise<void> {
  if (at - (lastSweep.get(db) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweep.set(db, at);
  await db.counters.deleteFrom('rate_limits').where('expires_at', '<=', new Date(at).toISOString()).execute();
}

/**
 * Counts one request of a subject (the anonymous endpoints' limit): the count in the current window and the
 * milliseconds until it ends.
 */
export async function countRequest(
  db: Db,
  counter: Counter,
  at = db.clock.now().getTime(),
): Promise<{ count: number; resetsInMs: number }> {
  const w = windowOf(counter, at);
  const [count] = await increment(db, [w], at);
  return { count: count!, resetsInMs: w.endMs - at };
}

/** an attempt begun by AttemptLimiter.begin */
export interface Attempt {
  /** seconds until another attempt is allowed when this one was refused; 0 when it may go ahead */
  retryAfter: number;
  /** it went ahead and did not fail: it no longer counts, and counters with resetOnSuccess start over */
  succeeded(): Promise<void>;
}

/**
 * Limits attempts that may fail (sign-ins, invitation look-ups) on several counters at once, shared by every
 * process on the database. An attempt is counted before it is tried, so that concurrent attempts, through
 * any process, cannot slip past the limit while the first ones are still being checked; one that does not
 * fail is taken back (`succeeded`). While a counter is at its limit further attempts are refused without
 * being counted, until its window ends.
 */
export class AttemptLimiter {
  constructor(
    readonly db: Db,
    private readonly now: () => number = () => db.clock.now().getTime(),
  ) {}

  async begin(counters: readonly Counter[]): Promise<Attempt> {
    const at = this.now();
    const windows = counters.map((c) => windowOf(c, at));
    const refusal = (counts: number[], over: (count: number, max: number) => boolean) => {
      const full = windows.filter((_w, i) => over(counts[i]!, counters[i]!.limit.max));
      return full.length ? Math.max(...full.map((w) => secondsLeft(w, at))) : 0;
    };
    const refused = (retryAfter: number): Attempt => ({ retryAfter, succeeded: async () => {} });
    const before = refusal(await countsOf(this.db, windows), (n, max) => n >= max);
    if (before) return refused(before);
    const after = refusal(await increment(this.db, windows, at), (n, max) => n > max);
    if (after) return refused(after);
    return { retryAfter: 0, succeeded: () => this.takeBack(counters, windows) };
  }

  private async takeBack(counters: readonly Counter[], windows: readonly Window[]): Promise<void> {
    await this.db.counters.transaction().execute(async (trx) => {
      for (const [i, w] of windows.entries()) {
        if (counters[i]!.resetOnSuccess)
          await trx.deleteFrom('rate_limits').where('key', '=', w.key).execute();
        else
          await trx
            .updateTable('rate_limits')
            .set((eb) => ({ hits: eb('hits', '-', 1) }))
            .where('key', '=', w.key)
            .where('window_start', '=', w.start)
            .where('hits', '>', 0)
            .execute();
      }
    });
  }
}
