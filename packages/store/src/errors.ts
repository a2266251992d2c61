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
