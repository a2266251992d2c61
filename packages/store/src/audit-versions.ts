/**
 * The audit version of an organisation: a counter raised with every audit entry, in the same transaction
 * (migration 0013). Every write that changes compliance state leaves an audit entry, so while the counter
 * stands still so do the organisation's licences, register, applications and links — and anything computed
 * from them may be served again. The counter lives in the database, so several server processes on one
 * database agree on it.
 *
 * Read the version BEFORE the rows it guards: a write committed between the two reads then leaves newer rows
 * under the older version (computed again at the next read), never older rows under the newer version.
 */
import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** raises each organisation's counter by one (creating it at 1) */
export async function raiseAuditVersions(
  db: Kysely<Database> | Transaction<Database>,
  organisationIds: ReadonlySet<string>,
): Promise<void> {
  for (const organisation_id of [...organisationIds].sort())
    await db
      .insertInto('audit_versions')
      .values({ organisation_id, version: 1 })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({ version: sql<number>`audit_versions.version + 1` }),
      )
      .execute();
}

const versionQuery = (db: Kysely<Database>, organisationId: string) =>
  db.selectFrom('audit_versions').select('version').where('organisation_id', '=', organisationId);

/** the version query's SQL per database handle, compiled once: it is read before every kept answer */
const versionSql = new WeakMap<Kysely<Database>, string>();

/** the organisation's audit version (0 before its first audit entry) */
export async function auditVersion(db: Kysely<Database>, organisationId: string): Promise<number> {
  let text = versionSql.get(db);
  if (text === undefined) {
    text = versionQuery(db, '').compile().sql;
    versionSql.set(db, text);
  }
  const { rows } = await db.executeQuery<{ version: number | string }>(
    CompiledQuery.raw(text, [organisationId]),
  );
  return Number(rows[0]?.version ?? 0);
}
