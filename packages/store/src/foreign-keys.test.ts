import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedApplication, seedCompany, seedMember, seedOrganisation, seedUser } from '../test/seed.ts';
import { newId } from './ids.ts';

forEachDb('foreign keys', (t) => {
  it('refuse a row whose organisation does not exist', async () => {
    await expect(seedCompany(t.db, newId())).rejects.toThrow(/foreign key/i);
  });

  it('refuse a row that points into another organisation', async () => {
    const a = await seedOrganisation(t.db);
    const b = await seedOrganisation(t.db);
    const companyOfA = await seedCompany(t.db, a);
    await expect(seedApplication(t.db, b, companyOfA)).rejects.toThrow(/foreign key/i);
    await seedApplication(t.db, a, companyOfA);
  });

  it('refuse deleting a company that has applications', async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    await seedApplication(t.db, org, company);
    await expect(t.db.kysely.deleteFrom('companies').where('id', '=', company).execute()).rejects.toThrow(
      /foreign key/i,
    );
  });

  it('delete everything of an organisation with it, and nothing of another', async () => {
    const gone = await seedOrganisation(t.db);
    const kept = await seedOrganisation(t.db);
    for (const org of [gone, kept]) {
      const company = await seedCompany(t.db, org);
      await seedApplication(t.db, org, company);
      const client = await seedMember(t.db, org, 'client');
      await t.db.kysely
        .insertInto('client_company_links')
        .values({
          organisation_id: org,
          user_id: client,
          company_id: company,
          created_at: new Date().toISOString(),
        })
        .execute();
    }
    await t.db.kysely.deleteFrom('organisations').where('id', '=', gone).execute();

    const count = async (
      table: 'companies' | 'applications' | 'memberships' | 'client_company_links',
      org: string,
    ) =>
      (
        await t.db.kysely
          .selectFrom(table)
          .select('organisation_id')
          .where('organisation_id', '=', org)
          .execute()
      ).length;
    for (const table of ['companies', 'applications', 'memberships', 'client_company_links'] as const) {
      expect(await count(table, gone), table).toBe(0);
      expect(await count(table, kept), table).toBe(1);
    }
  });

  it('keep the rows a deleted user made, without the user', async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    const user = await seedUser(t.db);
    const application = await seedApplication(t.db, org, company, { created_by: user });
    await t.db.kysely.deleteFrom('users').where('id', '=', user).execute();
    const row = await t.db.kysely
      .selectFrom('applications')
      .select('created_by')
      .where('id', '=', application)
      .executeTakeFirstOrThrow();
    expect(row.created_by).toBeNull();
  });
});
