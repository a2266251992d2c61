import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedCompany, seedOrganisation } from '../test/seed.ts';
import { newId } from './ids.ts';

forEachDb('JSON and number columns', (t) => {
  it('round-trip JSON text unchanged, Chinese, nesting and all', async () => {
    const org = await seedOrganisation(t.db);
    const shareholders = [
      { name: '张示例', type: 'person', percent: 60.5, nationality: 'CN' },
      {
        name: 'Example Holdings Ltd',
        type: 'company',
        percent: 39.5,
        shareholders: [{ name: 'X', percent: 100 }],
      },
    ];
    const profile = {
      entity: { type: 'company', registeredProvince: 'CN-ZJ', registeredCapitalCny: 12_345_678.9 },
      service: { activities: ['live-streaming-tipping'], answers: { 'charges-users': true }, note: null },
    };
    const contacts = [{ name: '李联系', phone: '+86 571 0000 0000', email: 'li@example.com', tags: [] }];
    const id = await seedCompany(t.db, org, {
      shareholders: JSON.stringify(shareholders),
      profile: JSON.stringify(profile),
      contacts: JSON.stringify(contacts),
      registered_capital_cny: 12_345_678.9,
    });
    const row = await t.db.kysely
      .selectFrom('companies')
      .select(['shareholders', 'profile', 'contacts', 'registered_capital_cny'])
      .where('organisation_id', '=', org)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.shareholders)).toEqual(shareholders);
    expect(JSON.parse(row.profile ?? 'null')).toEqual(profile);
    expect(JSON.parse(row.contacts)).toEqual(contacts);
    expect(row.registered_capital_cny).toBe(12_345_678.9);
  });

  it('read a bigint size back as a number', async () => {
    const org = await seedOrganisation(t.db);
    const id = newId();
    const size = 5 * 1024 ** 3; // beyond 32 bits
    await t.db.kysely
      .insertInto('documents')
      .values({
        id,
        organisation_id: org,
        series_id: id,
        version: 1,
        company_id: null,
        application_id: null,
        checklist_item: null,
        file_name: '营业执照.pdf',
        content_type: 'application/pdf',
        size_bytes: size,
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        storage_path: `documents/${org}/${id}`,
        uploaded_by: null,
        uploaded_at: new Date().toISOString(),
      })
      .execute();
    const row = await t.db.kysely
      .selectFrom('documents')
      .select(['size_bytes', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ size_bytes: size, version: 1 });
  });
});
