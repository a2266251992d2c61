/**
 * Values of the installation itself (the `settings` table, 0009), shared by every server process on the same
 * database. A secret is created at random on first use; when two processes create it at once, the first
 * insert wins and both read that one.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';

/** the secret stored under `name`, created (32 random bytes, base64url) if there is none yet */
export async function installationSecret(db: Db, name: string): Promise<string> {
  const read = () =>
    db.kysely.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst();
  const found = await read();
  if (found) return found.value;
  await db.kysely
    .insertInto('settings')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: db.clock.now().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await read())!.value;
}
