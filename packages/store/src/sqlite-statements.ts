/**
 * better-sqlite3 as Kysely's SQLite dialect sees it, made faster in two ways that change no result: compiled
 * statements are cached by SQL text, and rows are read in array form and made into objects by a compiled
 * builder. See statementCache.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** compiled statements kept per SQL text; the cache's size bound (the app has a few hundred distinct queries) */
const STATEMENT_CACHE_SIZE = 1000;

/** how often the schema version is read for changes made by other processes */
const SCHEMA_CHECK_MS = 1000;
/** statements that change the schema */
const DDL = /^\s*(create|alter|drop)\b/i;

/** what Kysely's SQLite dialect calls on a statement */
interface DialectStatement {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): BetterSqlite3.RunResult;
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

/**
 * A function that turns a row in array form into the object better-sqlite3 would make (same keys in the same
 * order, a later column of the same name winning). better-sqlite3 builds row objects one property at a time
 * from C++, which costs half of a 50-row page's query time; an object literal of a fixed shape is made by V8
 * in one step. The column names go into the literal as JSON strings, so no name can inject code.
 */
export function rowBuilder(names: readonly string[]): (row: unknown[]) => Record<string, unknown> {
  const fields = names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ');
  return new Function('r', `return { ${fields} };`) as (row: unknown[]) => Record<string, unknown>;
}

function fastStatement(statement: BetterSqlite3.Statement): DialectStatement {
  if (!statement.reader) return statement as unknown as DialectStatement;
  const raw = statement.raw(true);
  const build = rowBuilder(statement.columns().map((c) => c.name));
  return {
    reader: true,
    all: (parameters) => (raw.all(parameters) as unknown[][]).map(build),
    run: (parameters) => raw.run(parameters),
    *iterate(parameters) {
      for (const row of raw.iterate(parameters) as IterableIterator<unknown[]>) yield build(row);
    },
  };
}

/**
 * The connection as Kysely's SQLite dialect sees it, with `prepare` answered from a cache: Kysely compiles the
 * same SQL text for the same query shape, and better-sqlite3 would otherwise parse and plan it again on every
 * call. A statement is reused only
 * synchronously (`all`/`run`), never while another use iterates it. Least recently used statements go first
 * when the cache is full. Rows are read in array form and made into objects by `rowBuilder`.
 */
export function statementCache(
  sqlite: BetterSqlite3.Database,
  size = STATEMENT_CACHE_SIZE,
  schemaCheckMs = SCHEMA_CHECK_MS,
) {
  const statements = new Map<string, DialectStatement>();
  // A schema change may change what `select *` returns, so the cache, row builders included, is dropped when
  // the schema changes: at once after DDL run through this connection (migrations), and for DDL from another
  // process when the schema version is next read (at most every `schemaCheckMs`; reading it on every call
  // would cost a tenth of a small query).
  const schemaVersion = sqlite.prepare('pragma schema_version').pluck();
  let version: unknown = schemaVersion.get();
  let checkedAt = performance.now();
  let afterDdl = false;
  return {
    /** statements held now (tests) */
    get size() {
      return statements.size;
    },
    prepare(sql: string): DialectStatement {
      const now = performance.now();
      if (afterDdl || now - checkedAt >= schemaCheckMs) {
        const v = schemaVersion.get();
        if (afterDdl || v !== version) statements.clear();
        version = v;
        checkedAt = now;
        afterDdl = false;
      }
      if (DDL.test(sql)) {
        afterDdl = true; // it runs after this call returns: the next call drops the cache
        return fastStatement(sqlite.prepare(sql));
      }
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = fastStatement(sqlite.prepare(sql));
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}
