/** Audit rows (append-only: the code never updates or deletes them, and database triggers refuse it). */
import type { Kysely, Transaction } from 'kysely';
import { raiseAuditVersions } from '../audit-versions.ts';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';

export interface AuditEntry {
  organisationId: string;
  actorId: string | null;
  /** an e-mail, "token:<name>" or "system" */
  actorLabel: string;
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  at?: string;
  /**
   * the company the entry is about (the company itself, or the one the assessment, application, licence or
   * document belongs to); GET /api/v1/companies/:id/audit finds entries by it. Omit for organisation-level
   * entries (members, tokens, sign-in).
   */
  companyId?: string | null;
}

/**
 * writes the entries, and raises the audit version of their organisations (../audit-versions.ts); `at` is
 * the instant of the write, from the database's clock (Db.clock)
 */
export async function writeAudit(
  db: Kysely<Database> | Transaction<Database>,
  at: string,
  entries: AuditEntry[],
): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        id: newId(),
        organisation_id: e.organisationId,
        actor_id: e.actorId,
        actor_label: e.actorLabel,
        at: e.at ?? at,
        entity: e.entity,
        entity_id: e.entityId,
        action: e.action,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
        company_id: e.companyId ?? null,
      })),
    )
    .execute();
  await raiseAuditVersions(db, new Set(entries.map((e) => e.organisationId)));
}

/** the organisations a user belongs to: an account event is recorded in each of them */
export async function organisationsOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .orderBy('organisation_id')
    .execute();
  return rows.map((r) => r.organisation_id);
}
