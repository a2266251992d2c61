/**
 * Opening the database: PostgreSQL when given a postgres:// URL (the caller reads DATABASE_URL), otherwise
 * embedded SQLite at <dataDir>/icpdesk.sqlite. Both behind one Kysely instance typed by ./schema.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type Clock, systemClock } from './clock.ts';
import { Cursors } from './cursors.ts';
import { describeCause, redactUrl, StoreError } from './errors.ts';
import type { Database } from './schema.ts';
import { statementCache } from './sqlite-statements.ts';

export type DbDialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DbDialect;
  /** the SQLite file's absolute path, or the PostgreSQL URL with its password masked */
  readonly location: string;
  /**
   * Where rate-limit counters are written (./rate-limits.ts): on PostgreSQL the same pool; on SQLite a second
   * connection to the same file with synchronous=NORMAL, so that counting an anonymous request does not wait
   * for the disk as every other commit does (synchronous=FULL). A counter lost to a power cut does no harm;
   * WAL with NORMAL stays consistent.
   */
  readonly counters: Kysely<Database>;
  /** signs and reads the keyset cursors of this database's lists (./cursors.ts) */
  readonly cursors: Cursors;
  /**
   * the one source of time for everything written or compared through this handle (created_at, updated_at,
   * audit `at`, expiries, rate-limit windows): repositories read `db.clock`, never the system clock, so a
   * database opened with fixedClock (or seen through withClock) writes deterministic instants
   */
  readonly clock: Clock;
  /**
   * SQLite: a consistent copy of the live database in `toFile` (SQLite's online backup API; writers go on
   * meanwhile). The copy is written beside the target and renamed into place, so a failed backup never
   * leaves a half-written file under the target's name. PostgreSQL: throws BACKUP_UNSUPPORTED.
   */
  backup(toFile: string): Promise<void>;
  /** closes the connection or pool; calling it again does nothing */
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** a postgres:// or postgresql:// URL selects PostgreSQL; absent or empty selects SQLite */
  url?: string;
  /** the SQLite database's directory, created if missing; default ./data */
  dataDir?: string;
  /** PostgreSQL connections at most; default 10 */
  poolSize?: number;
  /**
   * PostgreSQL: send column-naming SELECTs as named prepared statements (default true). Turn it off behind a
   * connection pooler that cannot keep them, such as PgBouncer in transaction mode before version 1.21.
   */
  namedStatements?: boolean;
  /** now and today for the rows written through this handle (Db.clock); default the system clock */
  clock?: Clock;
}

/**
 * The same open database seen through another clock (tests, or a server given its own): connections,
 * cursors and close() are the database's; only `clock` differs.
 */
export function withClock(db: Db, clock: Clock): Db {
  if (db.clock === clock) return db;
  return Object.create(db, { clock: { value: clock, enumerable: true } }) as Db;
}

export const SQLITE_FILE = 'icpdesk.sqlite';
/** how long a SQLite writer waits for another process's lock before SQLITE_BUSY */
const BUSY_TIMEOUT_MS = 5_000;
const PG_CONNECT_TIMEOUT_MS = 10_000;

export async function openDb(o: OpenDbOptions = {}): Promise<Db> {
  const clock = o.clock ?? systemClock();
  const url = o.url?.trim();
  if (!url) return openSqlite(o.dataDir ?? './data', clock);
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new StoreError(
      'DB_URL_UNSUPPORTED',
      `DATABASE_URL must be a postgres:// or postgresql:// URL (got ${redactUrl(url)}); leave it unset for the embedded SQLite database`,
    );
  return openPostgres(url, o.poolSize ?? 10, o.namedStatements ?? true, clock);
}

function openSqlite(dataDir: string, clock: Clock): Db {
  const file = resolve(dataDir, SQLITE_FILE);
  let sqlite: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    sqlite = new BetterSqlite3(file);
  } catch (err) {
    throw new StoreError('DB_UNAVAILABLE', `cannot open the SQLite database ${file}: ${describeCause(err)}`, {
      cause: err,
    });
  }
  try {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new Error(
        `journal_mode is ${String(mode)}, not WAL (is the data directory on a network filesystem?)`,
      );
    // FULL: a commit is on disk before it is acknowledged, also in WAL mode (NORMAL may lose the last
    // transactions on power loss)
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
  } catch (err) {
    sqlite.close();
    throw new StoreError(
      'DB_UNAVAILABLE',
      `cannot set up the SQLite database ${file}: ${describeCause(err)}`,
      {
        cause: err,
      },
    );
  }

  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: statementCache(sqlite) }) });
  let counters: Kysely<Database> | undefined;
  let closed = false;
  return {
    kysely,
    dialect: 'sqlite',
    location: file,
    cursors: new Cursors(),
    clock,
    get counters() {
      counters ??= sqliteCounters(file);
      return counters;
    },
    async backup(toFile) {
      const target = resolve(toFile);
      if (target === file)
        throw new StoreError('BACKUP_FAILED', 'the backup must go to another file than the live database');
      const partial = `${target}.partial-${process.pid}`;
      try {
        mkdirSync(dirname(target), { recursive: true });
        rmSync(partial, { force: true });
        await sqlite.backup(partial);
        renameSync(partial, target);
      } catch (err) {
        rmSync(partial, { force: true });
        throw new StoreError('BACKUP_FAILED', `cannot write the backup ${target}: ${describeCause(err)}`, {
          cause: err,
        });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await counters?.destroy();
      await kysely.destroy();
    },
  };
}

/** the second SQLite connection, for rate-limit counters (Db.counters) */
function sqliteCounters(file: string): Kysely<Database> {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: statementCache(sqlite) }) });
}

/** int8 (bigint, count(*)) as a JS number, as SQLite gives it; our int8 values (byte sizes, counts) stay
 * far below 2^53. Every other type keeps pg's parser. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The pool as Kysely's PostgreSQL dialect sees it, with SELECTs that name their columns sent as named
 * prepared statements: PostgreSQL parses and plans each once per connection instead of on every call (most
 * of a small query's server time). `select *` stays unnamed, since a prepared `*` would fail ("cached plan
 * must not change result type") once a migration adds a column while the server runs; so do writes and DDL.
 */
function namedSelects(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `icpdesk_${createHash('sha1').update(text).digest('hex')}`;
      if (names.size < 10_000) names.set(text, name);
    }
    return name;
  };
  const named = (text: string) => /^\s*select\b/i.test(text) && !text.includes('*');
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query(text: unknown, values?: readonly unknown[]) {
          if (typeof text === 'string' && named(text))
            return client.query({ name: nameOf(text), text, values: values as unknown[] });
          return (client.query as (...args: unknown[]) => unknown)(text, values);
        },
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
}

async function openPostgres(
  url: string,
  poolSize: number,
  namedStatements: boolean,
  clock: Clock,
): Promise<Db> {
  const location = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    types: pgTypes,
  });
  // an idle connection that breaks (a server restart) is dropped by the pool and the next query opens a new
  // one; without a listener the 'error' event would end the process
  pool.on('error', () => {});
  // a connection that breaks while checked out (PostgreSQL restarts mid-query) fails its query, which the
  // caller sees; without a listener the client's 'error' event would also end the process
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreError('DB_UNAVAILABLE', `cannot reach PostgreSQL at ${location}: ${describeCause(err)}`, {
      cause: err,
    });
  }

  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: namedStatements ? namedSelects(pool) : pool }),
  });
  let closed = false;
  return {
    kysely,
    dialect: 'postgres',
    location,
    counters: kysely,
    cursors: new Cursors(),
    clock,
    async backup() {
      throw new StoreError(
        'BACKUP_UNSUPPORTED',
        'icpdesk backup copies the embedded SQLite database only; back up PostgreSQL with pg_dump (e.g. pg_dump --format=custom --file=icpdesk.dump "$DATABASE_URL")',
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}
