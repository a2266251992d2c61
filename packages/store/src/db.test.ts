import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { openDb } from './db.ts';
import { StoreError } from './errors.ts';

forEachDb('openDb', (t) => {
  it('opens the dialect it was asked for', () => {
    expect(t.db.dialect).toBe(t.dialect);
  });

  if (t.dialect === 'sqlite') {
    it('keeps the file in the data directory, in WAL mode, with foreign keys on and durable commits', async () => {
      expect(t.db.location).toBe(`${t.dir}/icpdesk.sqlite`);
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(t.db.kysely)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(2); // FULL
      expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    });
  } else {
    it('really talks to a PostgreSQL server', async () => {
      const { rows } = await sql<{ version: string }>`select version() as version`.execute(t.db.kysely);
      expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
      expect(t.db.location).toMatch(/^postgres:\/\/.*@127\.0\.0\.1:\d+\/icpdesk_test_/);
    });
  }

  it('answers the same queries after a migration adds a column, with `select *` showing it', async () => {
    await t.db.kysely.schema
      .createTable('schema_change_probe')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .execute();
    await t.db.kysely
      .insertInto('schema_change_probe' as never)
      .values({ id: 'a' } as never)
      .execute();
    const named = () => sql`select id from schema_change_probe order by id`.execute(t.db.kysely);
    const star = () => sql`select * from schema_change_probe order by id`.execute(t.db.kysely);
    // several times, so that every pooled connection has them prepared
    for (let i = 0; i < 6; i++) await Promise.all([named(), star()]);
    await sql`alter table schema_change_probe add column added text`.execute(t.db.kysely);
    for (let i = 0; i < 6; i++) {
      expect((await named()).rows).toEqual([{ id: 'a' }]);
      expect((await star()).rows).toEqual([{ id: 'a', added: null }]);
    }
  });

  if (t.dialect === 'postgres')
    it('works without named statements too (for poolers that cannot keep them)', async () => {
      const plain = await openDb({
        url: t.db.location.includes('***') ? '' : t.db.location,
        namedStatements: false,
      });
      try {
        const r = await sql<{ n: number }>`select count(*)::int8 as n from companies`.execute(plain.kysely);
        expect(typeof r.rows[0]?.n).toBe('number');
      } finally {
        await plain.close();
      }
    });

  it('reads bigint counts as numbers', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from organisations`.execute(t.db.kysely);
    expect(rows[0]?.n).toBe(0);
  });

  it('closes once, and again without complaint', async () => {
    const again = t.dialect === 'sqlite' ? await openDb({ dataDir: t.dir }) : undefined;
    await again?.close();
    await again?.close();
  });
});

describe('openDb errors', () => {
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(StoreError);
      return err as StoreError;
    }
    throw new Error('expected a StoreError');
  };

  it('refuses a DATABASE_URL that is not PostgreSQL, without echoing its password', async () => {
    const err = await code(openDb({ url: 'mysql://root:hunter2@db/icpdesk' }));
    expect(err.code).toBe('DB_URL_UNSUPPORTED');
    expect(err.message).not.toContain('hunter2');
  });

  it('says DB_UNAVAILABLE when PostgreSQL cannot be reached, without echoing the password', async () => {
    const err = await code(openDb({ url: 'postgres://icpdesk:hunter2@127.0.0.1:1/icpdesk' }));
    expect(err.code).toBe('DB_UNAVAILABLE');
    expect(err.message).toContain('postgres://icpdesk:***@127.0.0.1:1/icpdesk');
    expect(err.message).not.toContain('hunter2');
  });

  it('says DB_UNAVAILABLE when the data directory cannot be made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icpdesk-'));
    try {
      writeFileSync(join(dir, 'a-file'), '');
      const err = await code(openDb({ dataDir: join(dir, 'a-file', 'data') }));
      expect(err.code).toBe('DB_UNAVAILABLE');
      expect(err.message).toContain(join(dir, 'a-file', 'data', 'icpdesk.sqlite'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
