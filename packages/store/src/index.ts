/**
 * @icpdesk/store: the data layer shared by the server, the CLI and background work — Kysely over SQLite or
 * PostgreSQL, one migration history, tenant-scoped repositories (every function takes a Scope), the audit log,
 * sign-in data (passwords, sessions, tokens, invitations) and uploaded files. No HTTP.
 */
export * from './application-transitions.ts';
export * from './applications/index.ts';
export * from './assessments.ts';
export * from './audit-log.ts';
export * from './audit-versions.ts';
export * from './auth/audit.ts';
export * from './auth/errors.ts';
export * from './auth/invitations.ts';
export * from './auth/owner.ts';
export * from './auth/password.ts';
export * from './auth/sessions.ts';
export * from './auth/sign-in.ts';
export * from './auth/tokens.ts';
export * from './calendar-feeds.ts';
export * from './clock.ts';
export * from './companies.ts';
export * from './cursors.ts';
export * from './db.ts';
export * from './documents.ts';
export * from './drafts/index.ts';
export * from './errors.ts';
export * from './files.ts';
export * from './ids.ts';
export * from './import-export/columns.ts';
export * from './import-export/csv.ts';
export * from './import-export/export.ts';
export * from './import-export/import.ts';
export * from './import-export/sheet.ts';
export * from './keyset.ts';
export * from './licence-rules.ts';
export * from './licences.ts';
export * from './members.ts';
export * from './migrations/index.ts';
export * from './newest-first.ts';
export * from './notifications/index.ts';
export * from './obligations/index.ts';
export * from './organisation.ts';
export * from './rate-limits.ts';
export * from './register/index.ts';
export * from './schema.ts';
export * from './scope.ts';
export * from './settings.ts';
export * from './sqlite-statements.ts';
