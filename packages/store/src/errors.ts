/**
 * Error catalogue of the server's data layer. Codes are stable; messages say what to do and never carry a
 * stack trace, a password or a driver's internals (the original error stays on `cause`, for the log only).
 */
export const storeErrorCodes = {
  DB_URL_UNSUPPORTED: 'DATABASE_URL is set but is not a postgres:// or postgresql:// URL',
  DB_UNAVAILABLE: 'the database cannot be opened or reached',
  MIGRATION_FAILED: 'a database migration failed; the database is left at the last migration that succeeded',
  BACKUP_UNSUPPORTED: 'online backup is built in for SQLite only; back up PostgreSQL with pg_dump',
  BACKUP_FAILED: 'the backup could not be written',
} as const;
export type StoreErrorCode = keyof typeof storeErrorCodes;

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A driver's message, with any password in a connection URL masked. */
export function describeCause(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return redactUrl(text);
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, wherever it appears in the text. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

/** network errors of a database connection (Node's codes): the server is down, unreachable or went away */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/**
 * PostgreSQL's SQLSTATEs of a database that is not there for now: class 08 (connection exception), shutting
 * down or starting up (57P01–57P03), too many connections (53300); SQLite's: locked past the busy timeout,
 * the file cannot be opened or read.
 */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR)/;
/**
 * What the drivers say without a code (pinned versions): pg when a connection ends or cannot be made in
 * time, pg-pool and Kysely once the pool is closed (shutting down), better-sqlite3 once its file is closed.
 */
const UNAVAILABLE_TEXT =
  /^(Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end|driver has already been destroyed|The database connection is not open)/;

/**
 * Whether an error means the database cannot be reached for now (so that trying again later may work),
 * rather than that a query is wrong: the HTTP layer answers 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e instanceof StoreError) return e.code === 'DB_UNAVAILABLE';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE.has(code) || PG_UNAVAILABLE.test(code))) return true;
    if (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code)) return true;
    if (UNAVAILABLE_TEXT.test(e.message)) return true;
  }
  return false;
}
