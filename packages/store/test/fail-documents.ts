/**
 * A fault for tests of "all or none": a trigger that refuses to insert a document for an application that
 * already has `after` documents (counted inside the inserting transaction, so its own earlier rows count),
 * on SQLite and PostgreSQL alike. Returns the undo, which drops the trigger.
 */
import { sql } from 'kysely';
import type { Db } from '../src/db.ts';

export async function failDocumentsAfter(db: Db, after: number): Promise<() => Promise<void>> {
  const n = sql.lit(after);
  if (db.dialect === 'sqlite') {
    await sql`create trigger test_fail_documents before insert on documents
      when (select count(*) from documents where application_id = new.application_id) >= ${n}
      begin select raise(abort, 'injected failure: one document too many'); end`.execute(db.kysely);
    return async () => {
      await sql`drop trigger test_fail_documents`.execute(db.kysely);
    };
  }
  await sql`create function test_fail_documents() returns trigger language plpgsql as $$
    begin
      if (select count(*) from documents where application_id = new.application_id) >= ${n} then
        raise exception 'injected failure: one document too many';
      end if;
      return new;
    end $$`.execute(db.kysely);
  await sql`create trigger test_fail_documents before insert on documents
    for each row execute function test_fail_documents()`.execute(db.kysely);
  return async () => {
    await sql`drop trigger test_fail_documents on documents`.execute(db.kysely);
    await sql`drop function test_fail_documents()`.execute(db.kysely);
  };
}
