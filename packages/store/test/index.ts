/** Test helpers for every package whose tests need a database: run a suite on SQLite and PostgreSQL, seed rows. */
export * from './db-harness.ts';
export * from './fail-documents.ts';
export * from './seed.ts';
export * from './windows.ts';
