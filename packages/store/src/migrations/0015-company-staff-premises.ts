/**
 * Facts of a company that its application materials state and no other record holds (kb/templates/facts.yaml
 * staff.count, premises.address, premises.area): `staff_count` (the headcount), `premises_address` (where it
 * actually works, which may differ from the registered address) and `premises_area_sqm` (that floor area).
 * All null until given.
 *
 * Frozen once released (see 0001-initial.ts). SQLite adds one column per ALTER TABLE.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('companies').addColumn('staff_count', 'integer').execute();
  await db.schema.alterTable('companies').addColumn('premises_address', 'text').execute();
  await db.schema.alterTable('companies').addColumn('premises_area_sqm', 'double precision').execute();
}
