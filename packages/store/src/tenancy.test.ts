import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedCompany, seedOrganisation } from '../test/seed.ts';

forEachDb('tenant-scoped rows', (t) => {
  it('come back for their organisation, and never for another', async () => {
    const agency = await seedOrganisation(t.db, '甲咨询公司');
    const other = await seedOrganisation(t.db, '乙咨询公司');
    const mine = [
      await seedCompany(t.db, agency, { name: '甲一', uscc: '91330106MA2H000001' }),
      await seedCompany(t.db, agency, { name: '甲二', uscc: '91330106MA2H000002' }),
    ];
    const theirs = await seedCompany(t.db, other, { name: '乙一', uscc: '91330106MA2H000001' });

    const listed = await t.db.kysely
      .selectFrom('companies')
      .select(['id', 'name', 'organisation_id'])
      .where('organisation_id', '=', agency)
      .orderBy('id')
      .execute();
    expect(listed).toEqual([
      { id: mine[0], name: '甲一', organisation_id: agency },
      { id: mine[1], name: '甲二', organisation_id: agency },
    ]);

    const byIdElsewhere = await t.db.kysely
      .selectFrom('companies')
      .select('id')
      .where('organisation_id', '=', agency)
      .where('id', '=', theirs)
      .executeTakeFirst();
    expect(byIdElsewhere).toBeUndefined();
  });

  it('keep a credit code unique within an organisation', async () => {
    const org = await seedOrganisation(t.db);
    await seedCompany(t.db, org, { uscc: '91330106MA2H000009' });
    await expect(seedCompany(t.db, org, { uscc: '91330106MA2H000009' })).rejects.toThrow(/unique/i);
    // companies without a credit code yet do not collide
    await seedCompany(t.db, org, { uscc: null });
    await seedCompany(t.db, org, { uscc: null });
  });

  it('list in creation order by id', async () => {
    const org = await seedOrganisation(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await seedCompany(t.db, org));
    const listed = await t.db.kysely
      .selectFrom('companies')
      .select('id')
      .where('organisation_id', '=', org)
      .orderBy('id')
      .execute();
    expect(listed.map((r) => r.id)).toEqual(ids);
  });
});
