/**
 * The register of what a company holds besides its licences (issue #11 §2): ICP filings, app filings,
 * public-security filings (公安联网备案), domains, servers with their hosting providers, number resources,
 * and the annual-report records of its licences. One table per kind, each tenant-owned like the others
 * (organisation_id first in its unique keys; rows point at their company, and an annual report at its
 * licence and application, by (organisation_id, id)), and a unique key per kind that the import updates by:
 *
 *   icp_filings, app_filings, public_security_filings   (organisation_id, number)
 *   domains                                              (organisation_id, name)
 *   servers                                              (organisation_id, company_id, name)
 *   number_resources                                     (organisation_id, type, number)
 *   annual_reports                                       (organisation_id, licence_id, year)
 *
 * A company or licence with register rows cannot be deleted (no action), like one with licences.
 *
 * Frozen once released (see 0001-initial.ts).
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

type Table = CreateTableBuilder<string, string>;

/** id, the tenant, the company (→ companies by (organisation_id, id)), and the two instants */
function registerTable(db: Kysely<unknown>, table: string) {
  return db.schema
    .createTable(table)
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('organisation_id', 'text', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addUniqueConstraint(`${table}_org_id_key`, ['organisation_id', 'id'])
    .addForeignKeyConstraint(
      `${table}_company_fkey`,
      ['organisation_id', 'company_id'],
      'companies',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    );
}

const stamps = (t: Table) =>
  t
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());

export async function up(db: Kysely<unknown>): Promise<void> {
  await registerTable(db, 'icp_filings')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('sites', 'text', (c) => c.notNull())
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(stamps)
    .addUniqueConstraint('icp_filings_org_number_key', ['organisation_id', 'number'])
    .execute();

  await registerTable(db, 'app_filings')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('app_name', 'text', (c) => c.notNull())
    .addColumn('platforms', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(stamps)
    .addUniqueConstraint('app_filings_org_number_key', ['organisation_id', 'number'])
    .execute();

  await registerTable(db, 'public_security_filings')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('site', 'text')
    .addColumn('domains', 'text', (c) => c.notNull())
    .addColumn('online_on', 'text')
    .addColumn('filed_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .$call(stamps)
    .addUniqueConstraint('public_security_filings_org_number_key', ['organisation_id', 'number'])
    .execute();

  await registerTable(db, 'domains')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('registrar', 'text')
    .addColumn('registered_on', 'text')
    .addColumn('expires_on', 'text')
    .$call(stamps)
    .addUniqueConstraint('domains_org_name_key', ['organisation_id', 'name'])
    .execute();

  await registerTable(db, 'servers')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('location', 'text')
    .addColumn('hosting_provider', 'text')
    .addColumn('provider_licence', 'text')
    .$call(stamps)
    .addUniqueConstraint('servers_org_company_name_key', ['organisation_id', 'company_id', 'name'])
    .execute();

  await registerTable(db, 'number_resources')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('authority', 'text')
    .addColumn('granted_on', 'text')
    .addColumn('expires_on', 'text')
    .$call(stamps)
    .addUniqueConstraint('number_resources_org_type_number_key', ['organisation_id', 'type', 'number'])
    .execute();

  await registerTable(db, 'annual_reports')
    .addColumn('licence_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('application_id', 'text')
    .$call(stamps)
    .addUniqueConstraint('annual_reports_org_licence_year_key', ['organisation_id', 'licence_id', 'year'])
    .addForeignKeyConstraint(
      'annual_reports_licence_fkey',
      ['organisation_id', 'licence_id'],
      'licences',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .addForeignKeyConstraint(
      'annual_reports_application_fkey',
      ['organisation_id', 'application_id'],
      'applications',
      ['organisation_id', 'id'],
      (c) => c.onDelete('no action'),
    )
    .execute();

  for (const table of [
    'icp_filings',
    'app_filings',
    'public_security_filings',
    'domains',
    'servers',
    'number_resources',
    'annual_reports',
  ])
    await db.schema.createIndex(`${table}_company_idx`).on(table).columns(['company_id', 'id']).execute();
}
