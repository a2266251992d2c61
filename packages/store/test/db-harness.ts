/**
 * `forEachDb(name, fn)`: defines a suite once per database, `name [sqlite]` and `name [postgres]`, each on a
 * fresh, migrated database of its own (SQLite in a temporary data directory; PostgreSQL in a new database
 * on the cluster from global-setup.ts), closed and deleted afterwards. Suites therefore never see each
 * other's rows, and test files run in parallel. Tests within one suite share its database.
 *
 *   forEachDb('companies', (t) => {
 *     it('round-trips', async () => { await t.db.kysely.insertInto('companies')… });
 *   });
 *
 * Without PostgreSQL on the machine (and without CI) the postgres suite is listed as skipped, with the reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type Db, type DbDialect, openDb } from '../src/db.ts';
import { migrate } from '../src/migrations/index.ts';
import type {} from './global-setup.ts';

export interface DbContext {
  /** known when the suite is defined, so tests may branch on it */
  readonly dialect: DbDialect;
  /** the suite's open, migrated database (from beforeAll on) */
  readonly db: Db;
  /** the migrations the harness ran on the fresh database */
  readonly migrated: readonly string[];
  /** a temporary directory of the suite's own (the SQLite data directory; scratch space on PostgreSQL) */
  readonly dir: string;
  /** the PostgreSQL database's URL (for a process of its own, as DATABASE_URL); undefined on SQLite */
  readonly url: string | undefined;
}

const SETUP_TIMEOUT_MS = 60_000;

export function forEachDb(name: string, fn: (t: DbContext) => void): void {
  describe(`${name} [sqlite]`, () => fn(suite('sqlite', '')));
  const pgUrl = inject('pgUrl');
  if (pgUrl) describe(`${name} [postgres]`, () => fn(suite('postgres', pgUrl)));
  else
    describe.skip(`${name} [postgres] (skipped: no PostgreSQL here; install postgresql or set TEST_DATABASE_URL)`, () =>
      fn(suite('postgres', '')));
}

/** registers the suite's hooks and returns its context, whose db exists once beforeAll has run */
function suite(dialect: DbDialect, pgUrl: string): DbContext {
  let db: Db | undefined;
  let dir: string | undefined;
  let migrated: string[] = [];
  let pgDatabase: string | undefined;
  let dbUrl: string | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `icpdesk-${dialect}-`));
    if (dialect === 'sqlite') {
      db = await openDb({ dataDir: dir });
    } else {
      pgDatabase = `icpdesk_test_${randomBytes(6).toString('hex')}`;
      await pgAdmin(pgUrl, `create database ${pgDatabase}`);
      const url = new URL(pgUrl);
      url.pathname = `/${pgDatabase}`;
      dbUrl = url.toString();
      db = await openDb({ url: dbUrl, poolSize: 4 });
    }
    migrated = await migrate(db);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await db?.close();
    if (pgDatabase) await pgAdmin(pgUrl, `drop database if exists ${pgDatabase} with (force)`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, SETUP_TIMEOUT_MS);

  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`forEachDb: ${what} is there only from beforeAll on`);
    return value;
  };
  return {
    dialect,
    get db() {
      return ready(db, 'the database');
    },
    get migrated() {
      return migrated;
    },
    get dir() {
      return ready(dir, 'the directory');
    },
    get url() {
      return dbUrl;
    },
  };
}

/** one statement on the cluster's admin database (create or drop a test database) */
export async function pgAdmin(pgUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
