/**
 * Stored assessments keep the profile they were run on, and the audit log knows its company and refuses to
 * be changed:
 *
 * - `assessments.profile`: the engine profile the result was computed from (JSON), so that a re-run uses the
 *   same facts and a comparison can say which facts differ. Nullable only because SQLite cannot add a NOT
 *   NULL column without a default; the code always writes it.
 * - `audit_log.company_id`: the company a row is about (the company itself, or the company its assessment,
 *   application, licence or document belongs to); null for organisation-level rows (members, tokens, sign-in).
 *   No foreign key: the rows outlive the company. Filled for existing company rows here.
 * - append-only, enforced by the database: a trigger refuses every UPDATE and DELETE of audit_log except
 *   the two the schema's own foreign keys make —
 *     · DELETE when the row's organisation no longer exists (the cascade from deleting an organisation,
 *       which takes everything of it along, its audit log included);
 *     · UPDATE that only sets actor_id to null after that user was deleted (ON DELETE SET NULL; actor_label
 *       still says who it was).
 *   PostgreSQL also refuses TRUNCATE. A later migration that adds a column to audit_log must recreate the
 *   UPDATE check with that column.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** the columns an UPDATE may not change (all but actor_id) */
const FIXED = [
  'id',
  'organisation_id',
  'actor_label',
  'at',
  'entity',
  'entity_id',
  'action',
  'before',
  'after',
  'company_id',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('assessments').addColumn('profile', 'text').execute();
  await s.alterTable('audit_log').addColumn('company_id', 'text').execute();
  await sql`update audit_log set company_id = entity_id where entity = 'companies'`.execute(db);
  await s
    .createIndex('audit_log_company_idx')
    .on('audit_log')
    .columns(['organisation_id', 'company_id', 'id'])
    .execute();

  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) {
    const same = sql.raw(FIXED.map((c) => `new.${c} is not distinct from old.${c}`).join(' and '));
    await sql`
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if not exists (select 1 from organisations where id = old.organisation_id) then
            return old;
          end if;
        elsif tg_op = 'UPDATE' then
          if new.actor_id is null and old.actor_id is not null
             and not exists (select 1 from users where id = old.actor_id)
             and ${same} then
            return new;
          end if;
        end if;
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end
      $$`.execute(db);
    await sql`
      create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`
      create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
  } else {
    const same = sql.raw(FIXED.map((c) => `new.${c} is old.${c}`).join(' and '));
    await sql`
      create trigger audit_log_no_delete before delete on audit_log
      when exists (select 1 from organisations where id = old.organisation_id)
      begin select raise(abort, 'audit_log is append-only: DELETE refused'); end`.execute(db);
    await sql`
      create trigger audit_log_no_update before update on audit_log
      when not (new.actor_id is null and old.actor_id is not null
        and not exists (select 1 from users where id = old.actor_id)
        and ${same})
      begin select raise(abort, 'audit_log is append-only: UPDATE refused'); end`.execute(db);
  }
}
