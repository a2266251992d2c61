import { sql } from 'kysely';
import { expect, inject, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { type Db, openDb } from './db.ts';
import { AttemptLimiter, type Counter, countRequest } from './rate-limits.ts';

const MINUTE = 60_000;
/** a time at the start of a one-minute window (fixed windows start at multiples of their length) */
const T0 = Math.ceil(Date.now() / MINUTE) * MINUTE;

forEachDb('rate limits', (t) => {
  let n = 0;
  /** a counter of its own per test: the suite's tests share the database */
  const counter = (max: number, more: Partial<Counter> = {}): Counter => ({
    kind: 'test',
    subject: `subject ${++n}`,
    limit: { max, windowMs: MINUTE },
    ...more,
  });

  it('refuses once a counter is at its limit, until its window ends', async () => {
    let now = T0 + 15_000;
    const limiter = new AttemptLimiter(t.db, () => now);
    const c = counter(3);
    for (let i = 0; i < 3; i++) expect((await limiter.begin([c])).retryAfter).toBe(0);
    expect((await limiter.begin([c])).retryAfter).toBe(45);
    now = T0 + 59_500;
    expect((await limiter.begin([c])).retryAfter).toBe(1);
    now = T0 + MINUTE;
    expect((await limiter.begin([c])).retryAfter).toBe(0);
  });

  it('refuses when any of several counters is full, and counts on all of them', async () => {
    const limiter = new AttemptLimiter(t.db, () => T0);
    const shared = counter(2);
    expect((await limiter.begin([counter(5), shared])).retryAfter).toBe(0);
    expect((await limiter.begin([counter(5), shared])).retryAfter).toBe(0);
    const fresh = counter(5);
    expect((await limiter.begin([fresh, shared])).retryAfter).toBe(60);
    // a refused attempt counts on none of them
    for (let i = 0; i < 5; i++) expect((await limiter.begin([fresh])).retryAfter).toBe(0);
    expect((await limiter.begin([fresh])).retryAfter).toBeGreaterThan(0);
  });

  it('takes back an attempt that succeeded, and starts a resetOnSuccess counter over', async () => {
    const limiter = new AttemptLimiter(t.db, () => T0);
    const kept = counter(2);
    const reset = counter(3, { resetOnSuccess: true });
    await limiter.begin([kept]);
    await limiter.begin([reset]);
    await limiter.begin([reset]);
    await (await limiter.begin([kept, reset])).succeeded();
    // kept: 1 failure (the success no longer counts); reset: none
    expect((await limiter.begin([kept])).retryAfter).toBe(0);
    expect((await limiter.begin([kept])).retryAfter).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await limiter.begin([reset])).retryAfter).toBe(0);
    expect((await limiter.begin([reset])).retryAfter).toBeGreaterThan(0);
  });

  it('holds under concurrent attempts: exactly max of them go ahead', async () => {
    const limiter = new AttemptLimiter(t.db, () => T0);
    const c = counter(5);
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.begin([c])));
    expect(results.filter((r) => r.retryAfter === 0)).toHaveLength(5);
  });

  it('holds across two connections to the database (as two server processes have)', async () => {
    const other: Db =
      t.dialect === 'sqlite'
        ? await openDb({ dataDir: t.dir })
        : await openDb({ url: await urlOf(t.db), poolSize: 2 });
    try {
      const c = counter(4);
      const a = new AttemptLimiter(t.db, () => T0);
      const b = new AttemptLimiter(other, () => T0);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).begin([c])));
      expect(results.filter((r) => r.retryAfter === 0)).toHaveLength(4);
      expect((await a.begin([c])).retryAfter).toBeGreaterThan(0);
      expect((await b.begin([c])).retryAfter).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('counts requests per window and says when the window ends', async () => {
    const c = counter(100);
    expect(await countRequest(t.db, c, T0 + 1000)).toEqual({ count: 1, resetsInMs: 59_000 });
    expect(await countRequest(t.db, c, T0 + 2000)).toEqual({ count: 2, resetsInMs: 58_000 });
    expect(await countRequest(t.db, c, T0 + MINUTE)).toEqual({ count: 1, resetsInMs: MINUTE });
  });

  it('stores subjects as hashes only, and deletes ended windows', async () => {
    const c = counter(1, { subject: 'someone@example.com' });
    // far in the future, so that this process sweeps (at most once a minute) and every window so far ended
    const later = T0 + 1000 * MINUTE;
    await countRequest(t.db, c, later);
    const rows = await t.db.kysely.selectFrom('rate_limits').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('someone@example.com');
    expect(rows.every((r) => r.expires_at > new Date(later).toISOString())).toBe(true);
    expect(rows).toHaveLength(1);
  });
});

/** the URL of the suite's PostgreSQL database: the harness's cluster, with the database it created */
async function urlOf(db: Db): Promise<string> {
  const url = new URL(inject('pgUrl'));
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db.kysely);
  url.pathname = `/${rows[0]!.name}`;
  return url.toString();
}
