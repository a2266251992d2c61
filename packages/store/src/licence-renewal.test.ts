import { loadKb } from '@icpdesk/kb';
import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedApplication, seedCompany, seedLicence, seedMember, seedOrganisation } from '../test/seed.ts';
import { createLicenceFromApplication, listLicences } from './licences.ts';
import type { Scope } from './scope.ts';

const kb = loadKb();
const ctx = { kb, today: '2026-11-29' };

forEachDb('a renewal that keeps the licence number', (t) => {
  it('renews the licence (new validity) instead of creating a second one, audited, once', async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    const owner: Scope = { organisationId: org, userId: await seedMember(t.db, org, 'owner'), role: 'owner' };
    const licence = await seedLicence(t.db, org, company, {
      number: '浙B2-20210001',
      issued_on: '2021-12-01',
      expires_on: '2026-11-30',
    });
    const approved = {
      procedure: 'renewal' as const,
      state: 'approved' as const,
      submitted_on: '2026-08-01',
      accepted_on: '2026-08-03',
      decided_on: '2026-10-20',
    };
    const renewal = await seedApplication(t.db, org, company, approved);
    const renewed = await createLicenceFromApplication(t.db, owner, ctx, {
      applicationId: renewal,
      number: '浙B2-20210001',
      issuedOn: '2026-10-25',
    });
    expect(renewed).toMatchObject({
      id: licence,
      issuedOn: '2026-10-25',
      expiresOn: '2031-10-24',
      status: 'active',
    });
    const all = await listLicences(t.db, owner, { limit: 10, sort: 'number', companyId: company });
    expect(all.items.map((l) => l.id)).toEqual([licence]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', licence)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['renew']);
    expect(JSON.parse(audit[0]!.before!)).toMatchObject({ expiresOn: '2026-11-30' });
    const app = await t.db.kysely
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', renewal)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(app.clock!)).toMatchObject({ issuedOn: '2026-10-25' });
    // recorded once: the same application cannot renew it again
    await expect(
      createLicenceFromApplication(t.db, owner, ctx, {
        applicationId: renewal,
        number: '浙B2-20210001',
        issuedOn: '2026-10-26',
      }),
    ).rejects.toMatchObject({ code: 'APPLICATION_HAS_LICENCE' });
    // a new application with that number is still refused: the number is taken
    const fresh = await seedApplication(t.db, org, company, { ...approved, procedure: 'new' });
    await expect(
      createLicenceFromApplication(t.db, owner, ctx, {
        applicationId: fresh,
        number: '浙B2-20210001',
        issuedOn: '2026-10-26',
      }),
    ).rejects.toMatchObject({ code: 'LICENCE_NUMBER_TAKEN' });
  });
});
