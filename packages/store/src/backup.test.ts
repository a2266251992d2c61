import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedCompany, seedOrganisation } from '../test/seed.ts';
import { openDb, SQLITE_FILE } from './db.ts';
import { StoreError } from './errors.ts';
import { migrate } from './migrations/index.ts';

forEachDb('backup', (t) => {
  if (t.dialect === 'sqlite') {
    it('copies the live database while writes go on, and the copy opens as a working database', async () => {
      const org = await seedOrganisation(t.db);
      const before = await Promise.all(Array.from({ length: 200 }, () => seedCompany(t.db, org)));
      // writes keep coming while the backup runs, one per turn of the event loop as requests would (the
      // backup proceeds in steps between them)
      let writing = true;
      const during = (async () => {
        let n = 0;
        while (writing) {
          await seedCompany(t.db, org);
          n++;
          await new Promise((resolve) => setImmediate(resolve));
        }
        return n;
      })();
      const restored = join(t.dir, 'restored');
      await t.db.backup(join(restored, SQLITE_FILE));
      writing = false;
      expect(await during).toBeGreaterThan(0);
      expect(readdirSync(restored)).toEqual([SQLITE_FILE]); // no partial file left behind

      // restore: open the copy as a data directory of its own
      const copy = await openDb({ dataDir: restored });
      try {
        expect(await migrate(copy)).toEqual([]);
        const rows = await copy.kysely
          .selectFrom('companies')
          .select('id')
          .where('organisation_id', '=', org)
          .execute();
        const ids = new Set(rows.map((r) => r.id));
        for (const id of before) expect(ids.has(id)).toBe(true);
        const { rows: check } = await sql`pragma integrity_check`.execute(copy.kysely);
        expect(check).toEqual([{ integrity_check: 'ok' }]);
        await seedCompany(copy, org); // and it takes writes
      } finally {
        await copy.close();
      }
    });

    it('refuses to write over the live database', async () => {
      await expect(t.db.backup(t.db.location)).rejects.toMatchObject({ code: 'BACKUP_FAILED' });
      expect(existsSync(t.db.location)).toBe(true);
    });
  } else {
    it('is not offered on PostgreSQL, which says to use pg_dump', async () => {
      const err = await t.db.backup(join(t.dir, 'x.sqlite')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'BACKUP_UNSUPPORTED', message: expect.stringContaining('pg_dump') });
    });
  }
});
