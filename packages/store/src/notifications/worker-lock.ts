/**
 * A named lock row with a lease (worker_locks): on SQLite only the holder runs the reminder worker, so two
 * processes on one file do not both send. A holder renews it each round; when it dies, the lease runs out
 * and another process takes over.
 */
import type { Db } from '../db.ts';

/** takes or renews the lock for `holder` until now + leaseMs; false when another holder's lease still runs */
export async function holdLock(db: Db, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const now = db.clock.now();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  await db.kysely
    .insertInto('worker_locks')
    .values({ name, holder, lease_until: until })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, lease_until: until })
        .where((eb) =>
          eb.or([
            eb('worker_locks.holder', '=', holder),
            eb('worker_locks.lease_until', '<=', now.toISOString()),
          ]),
        ),
    )
    .execute();
  const row = await db.kysely
    .selectFrom('worker_locks')
    .select('holder')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLock(db: Db, name: string, holder: string): Promise<void> {
  await db.kysely.deleteFrom('worker_locks').where('name', '=', name).where('holder', '=', holder).execute();
}
