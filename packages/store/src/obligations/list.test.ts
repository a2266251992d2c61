import { loadKb } from '@icpdesk/kb';
import { expect, it } from 'vitest';
import { forEachDb } from '../../test/db-harness.ts';
import { seedApplication, seedCompany, seedLicence, seedMember, seedOrganisation } from '../../test/seed.ts';
import { auditVersion } from '../audit-versions.ts';
import { writeAudit } from '../auth/audit.ts';
import { fixedClock } from '../clock.ts';
import { updateCompany } from '../companies.ts';
import { withClock } from '../db.ts';
import { registerKind } from '../register/kinds.ts';
import { createRegisterEntry, deleteRegisterEntry, updateRegisterEntry } from '../register/repository.ts';
import type { Scope } from '../scope.ts';
import { listObligations, obligationsOfOrganisation } from './list.ts';

const kb = loadKb();
const ctx = { kb, today: '2026-03-01' };

forEachDb('obligations over stored data', (t) => {
  const setup = async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    const other = await seedCompany(t.db, org, { name: '另一家公司' });
    const owner: Scope = { organisationId: org, userId: await seedMember(t.db, org, 'owner'), role: 'owner' };
    const licence = await seedLicence(t.db, org, company, {
      issued_on: '2024-03-01',
      expires_on: '2029-02-28',
    });
    const otherLicence = await seedLicence(t.db, org, other, {
      issued_on: '2025-06-01',
      expires_on: '2030-05-31',
    });
    return { org, company, other, owner, licence, otherLicence };
  };

  it('reads licences, annual reports, filings, numbers and recorded company changes into the engine', async () => {
    const { org, company, owner, licence } = await setup();
    await createRegisterEntry(t.db, owner, ctx, registerKind('annual-reports'), {
      licenceId: licence,
      year: 2024,
      submittedOn: '2025-03-10',
    });
    const site = await createRegisterEntry(t.db, owner, ctx, registerKind('icp-filings'), {
      companyId: company,
      number: '浙ICP备2024012345号-1',
      domains: ['example.cn'],
      filedOn: '2026-01-15',
    });
    await createRegisterEntry(t.db, owner, ctx, registerKind('public-security-filings'), {
      companyId: company,
      number: '浙公网安备33010602011234号',
      domains: ['example.cn'],
      onlineOn: '2026-02-20',
    });
    await createRegisterEntry(t.db, owner, ctx, registerKind('number-resources'), {
      companyId: company,
      type: 'other',
      number: '4001234567',
    });
    // a rename recorded on 2026-02-10 (China): the change obligations run from that day
    await updateCompany(withClock(t.db, fixedClock('2026-02-10')), owner, company, {
      name: '杭州新名信息技术有限公司',
    });

    const r = await listObligations(t.db, kb, owner, { asOf: '2026-03-01', companyId: company });
    expect(r).toBeDefined();
    const ids = r!.obligations.map((o) => o.id);
    const annual2024 = r!.obligations.find((o) => o.kind === 'annual-report' && o.period === '2024');
    expect(annual2024).toMatchObject({ status: 'done', doneOn: '2025-03-10' });
    const annual2025 = r!.obligations.find((o) => o.kind === 'annual-report' && o.period === '2025');
    expect(annual2025).toMatchObject({ status: 'due-soon', window: { opens: '2026-01-01' } });
    const rename = r!.obligations.filter((o) => o.trigger?.event?.startsWith('name@'));
    expect(rename.length).toBeGreaterThan(0);
    expect(rename.every((o) => o.trigger?.on === '2026-02-10' && o.belongsTo.company === company)).toBe(true);
    // the site went online on the public-security filing's online day; that filing is not filed yet
    const ps = r!.obligations.find((o) => o.kind === 'public-security-filing');
    expect(ps).toMatchObject({ belongsTo: { type: 'site', id: site.id }, trigger: { on: '2026-02-20' } });
    expect(ps!.status).not.toBe('done');
    expect(rename.filter((o) => o.belongsTo.type === 'licence').every((o) => o.status !== 'done')).toBe(true);
    // a change application of the licence's codes submitted after the rename was recorded does the licence's part
    await seedApplication(t.db, org, company, {
      procedure: 'change',
      state: 'submitted',
      licence_codes: '["B25:internet"]',
      submitted_on: '2026-02-20',
    });
    const after = (await listObligations(t.db, kb, owner, { asOf: '2026-03-01', companyId: company }))!;
    const renamed = after.obligations.filter(
      (o) => o.trigger?.event?.startsWith('name@') && o.kind === 'change',
    );
    expect(renamed.length).toBeGreaterThan(0);
    expect(renamed.every((o) => o.status === 'done' && o.doneOn === '2026-02-20')).toBe(true);
    // the number without a grant date is left out and said so
    expect(r!.gaps).toEqual([expect.objectContaining({ entity: 'number_resources' })]);
    expect(r!.events.en).toMatch(/audit log/);
    expect(
      ids.every(
        (id) =>
          !id.includes(licence) || r!.obligations.find((o) => o.id === id)!.belongsTo.company === company,
      ),
    ).toBe(true);

    // the worker's unscoped read sees the same obligations and the other company's too
    const all = await obligationsOfOrganisation(t.db, kb, org, '2026-03-01');
    expect(all.obligations.length).toBeGreaterThan(r!.obligations.length);
    for (const id of ids) expect(all.obligations.map((o) => o.id)).toContain(id);
  });

  it('register events start obligations: a filed domain expiring or passing to another holder, a server moved', async () => {
    const { company, other, owner } = await setup();
    const filing = await createRegisterEntry(t.db, owner, ctx, registerKind('icp-filings'), {
      companyId: company,
      number: '浙ICP备2024012345号-1',
      domains: ['example.cn', 'spare.cn'],
      filedOn: '2025-01-15',
    });
    // the other company's filing names a domain of the same name: none of it concerns this company's domain
    await createRegisterEntry(t.db, owner, ctx, registerKind('icp-filings'), {
      companyId: other,
      number: '浙ICP备2024099999号-1',
      domains: ['example.cn'],
      filedOn: '2025-01-15',
    });
    const domain = await createRegisterEntry(t.db, owner, ctx, registerKind('domains'), {
      companyId: company,
      name: 'example.cn',
      holder: '杭州示例信息技术有限公司',
      expiresOn: '2026-04-10',
    });
    // a domain no filing names starts nothing
    await createRegisterEntry(t.db, owner, ctx, registerKind('domains'), {
      companyId: company,
      name: 'unfiled.cn',
      expiresOn: '2026-03-20',
    });
    const server = await createRegisterEntry(t.db, owner, ctx, registerKind('servers'), {
      companyId: company,
      name: 'web-1',
      location: 'CN-ZJ',
      hostingProvider: '甲云',
    });
    const result = async () =>
      (await listObligations(t.db, kb, owner, { asOf: '2026-03-01', companyId: company }))!;
    const of = async () => (await result()).obligations;

    const first = await result();
    const expiring = first.obligations.filter((o) => o.rule === 'domain-kept-for-filing');
    expect(expiring).toHaveLength(1);
    expect(expiring[0]).toMatchObject({
      belongsTo: { type: 'icp-filing', id: filing.id, company },
      trigger: { on: '2026-04-10' },
      window: { due: '2026-04-10' },
      status: 'open',
    });
    expect(first.rules['domain-kept-for-filing']?.confidence).toBe('low');

    // renewed: the new expiry moves the obligation
    await updateRegisterEntry(t.db, owner, ctx, registerKind('domains'), domain.id, {
      expiresOn: '2027-04-10',
    });
    const renewed = (await of()).filter((o) => o.rule === 'domain-kept-for-filing');
    expect(renewed.map((o) => o.window.due)).toEqual(['2027-04-10']);
    expect(renewed[0]!.status).toBe('upcoming');

    // a new holder recorded on 2026-02-20, and the server's hosting provider changed on 2026-02-25
    const updateOn = (at: string, kind: 'domains' | 'servers', id: string, patch: Record<string, unknown>) =>
      updateRegisterEntry(withClock(t.db, fixedClock(at)), owner, ctx, registerKind(kind), id, patch);
    await updateOn('2026-02-20T02:00:00Z', 'domains', domain.id, { holder: '另一家公司' });
    await updateOn('2026-02-25T02:00:00Z', 'servers', server.id, { hostingProvider: '乙云' });
    const list = await of();
    const transfer = list.filter((o) => o.trigger?.event?.startsWith('domain-transferred@2026-02-20'));
    expect(transfer.map((o) => o.rule).sort()).toEqual(['domain-kept-for-filing', 'icp-filing-change']);
    expect(transfer.every((o) => o.belongsTo.id === filing.id && o.status === 'overdue')).toBe(true);
    const governing = transfer.find((o) => o.rule === 'icp-filing-change')!;
    expect(transfer.every((o) => o.conflict?.governing === governing.id)).toBe(true);
    const moved = list.filter((o) => o.trigger?.event?.startsWith('hosting-provider@2026-02-25'));
    expect(moved.map((o) => [o.rule, o.belongsTo.id])).toEqual([['icp-filing-change', filing.id]]);

    // the filing cancelled: a domain it named no longer starts anything
    await updateRegisterEntry(t.db, owner, ctx, registerKind('icp-filings'), filing.id, {
      status: 'cancelled',
    });
    expect((await of()).filter((o) => o.rule === 'domain-kept-for-filing')).toEqual([]);
  });

  it('filters by status, kind, dates and licence', async () => {
    const { owner, licence } = await setup();
    const all = (await listObligations(t.db, kb, owner, { asOf: '2026-03-01' }))!;
    const renewal = (await listObligations(t.db, kb, owner, { asOf: '2026-03-01', kind: ['renewal'] }))!;
    expect(renewal.obligations.length).toBeGreaterThan(0);
    expect(renewal.obligations.every((o) => o.kind === 'renewal')).toBe(true);
    const overdue = (await listObligations(t.db, kb, owner, { asOf: '2026-03-01', status: ['overdue'] }))!;
    expect(overdue.obligations.every((o) => o.status === 'overdue')).toBe(true);
    const window = (await listObligations(t.db, kb, owner, {
      asOf: '2026-03-01',
      from: '2026-01-01',
      to: '2026-12-31',
    }))!;
    expect(window.obligations.every((o) => (o.window.due ?? o.window.opens)! >= '2026-01-01')).toBe(true);
    expect(window.obligations.length).toBeLessThan(all.obligations.length);
    const one = (await listObligations(t.db, kb, owner, { asOf: '2026-03-01', licenceId: licence }))!;
    expect(one.obligations.length).toBeGreaterThan(0);
    expect(one.obligations.every((o) => o.belongsTo.type === 'licence' && o.belongsTo.id === licence)).toBe(
      true,
    );
  });

  it('a recorded company event counts from its effective day, stands for the audit log’s reading of the same change, and starts kinds the audit log cannot', async () => {
    const { org, company, owner } = await setup();
    const on = (day: string) => withClock(t.db, fixedClock(day));
    const events = registerKind('company-events');
    const byRule = async (event: string) =>
      Object.fromEntries(
        (await listObligations(t.db, kb, owner, { asOf: '2026-03-01', companyId: company }))!.obligations
          .filter((o) => o.trigger?.event?.startsWith(event))
          .map((o) => [o.rule, { on: o.trigger!.on, due: o.window.due, status: o.status }]),
      );
    // the rename took effect at the registry on 2025-12-01 but was entered in icpdesk on 2026-02-10
    await updateCompany(on('2026-02-10'), owner, company, { name: '杭州新名信息技术有限公司' });
    const fromAudit = await byRule('name@');
    expect(fromAudit['licence-change-registry']).toEqual({
      on: '2026-02-10',
      due: '2026-03-12',
      status: 'due-soon',
    });
    const rename = await createRegisterEntry(on('2026-02-10'), owner, ctx, events, {
      companyId: company,
      kind: 'name',
      effectiveOn: '2025-12-01',
    });
    const fromRecord = await byRule('name@');
    // the same rules, once each, now counted from the effective day: 30 days after 2025-12-01 has passed
    expect(Object.keys(fromRecord).sort()).toEqual(Object.keys(fromAudit).sort());
    expect(fromRecord['licence-change-registry']).toEqual({
      on: '2025-12-01',
      due: '2025-12-31',
      status: 'overdue',
    });
    const ids = (await listObligations(t.db, kb, owner, {
      asOf: '2026-03-01',
      companyId: company,
    }))!.obligations
      .filter((o) => o.trigger?.event?.startsWith('name@'))
      .map((o) => o.trigger!.event);
    expect(new Set(ids)).toEqual(new Set([`name@2025-12-01#${rename.id}`]));
    // deleting the recorded event brings the audit log's reading back
    await deleteRegisterEntry(t.db, owner, events, rename.id);
    expect((await byRule('name@'))['licence-change-registry']).toMatchObject({ on: '2026-02-10' });

    // a planned change of shareholders, decided 2026-02-20, effective 2026-07-01: apply 90 days before it
    await createRegisterEntry(on('2026-02-25'), owner, ctx, events, {
      companyId: company,
      kind: 'shareholders',
      decidedOn: '2026-02-20',
      effectiveOn: '2026-07-01',
    });
    const planned = await byRule('shareholders@');
    expect(planned['licence-change-advance-regulations-ownership']).toMatchObject({
      on: '2026-07-01',
      due: '2026-04-02',
    });
    // 30 days after the decision is Sunday 2026-03-22: a period ends on the next working day
    expect(planned['licence-change-entity']).toMatchObject({ on: '2026-02-20', due: '2026-03-23' });
    // a change application made ahead of the planned change does the licence's part
    await seedApplication(t.db, org, company, {
      procedure: 'change',
      state: 'submitted',
      licence_codes: '["B25:internet"]',
      submitted_on: '2026-02-26',
    });
    const applied = await byRule('shareholders@');
    expect(applied['licence-change-advance-regulations-ownership']).toMatchObject({ status: 'done' });

    // a kind with no audit source: the company stops the business
    await createRegisterEntry(on('2026-02-25'), owner, ctx, events, {
      companyId: company,
      kind: 'termination',
      effectiveOn: '2026-09-30',
    });
    expect((await byRule('termination@'))['licence-change-advance-regulations']).toMatchObject({
      on: '2026-09-30',
      due: '2026-07-02',
    });
  });

  it('keeps to the scope: another organisation sees nothing of it, a client only its linked companies', async () => {
    const { org, company, other, licence, otherLicence } = await setup();
    const stranger = await seedOrganisation(t.db);
    const outsider: Scope = {
      organisationId: stranger,
      userId: await seedMember(t.db, stranger, 'owner'),
      role: 'owner',
    };
    expect(await listObligations(t.db, kb, outsider, { companyId: company })).toBeUndefined();
    expect(await listObligations(t.db, kb, outsider, { licenceId: licence })).toBeUndefined();
    expect((await listObligations(t.db, kb, outsider, { asOf: '2026-03-01' }))!.obligations).toEqual([]);

    const client: Scope = {
      organisationId: org,
      userId: await seedMember(t.db, org, 'client'),
      role: 'client',
    };
    await t.db.kysely
      .insertInto('client_company_links')
      .values({
        organisation_id: org,
        user_id: client.userId,
        company_id: company,
        created_at: new Date().toISOString(),
      })
      .execute();
    const seen = (await listObligations(t.db, kb, client, { asOf: '2026-03-01' }))!;
    expect(seen.obligations.length).toBeGreaterThan(0);
    expect(seen.obligations.every((o) => o.belongsTo.company === company)).toBe(true);
    expect(await listObligations(t.db, kb, client, { companyId: other })).toBeUndefined();
    expect(await listObligations(t.db, kb, client, { licenceId: otherLicence })).toBeUndefined();
    expect(await listObligations(t.db, kb, client, { licenceId: licence, companyId: other })).toBeUndefined();
  });
});

forEachDb('obligations kept while the audit version stands', (t) => {
  it('a write raises only its organisation’s version; the result is computed again after it, not before', async () => {
    const org = await seedOrganisation(t.db);
    const other = await seedOrganisation(t.db);
    const owner: Scope = { organisationId: org, userId: await seedMember(t.db, org, 'owner'), role: 'owner' };
    const before = await auditVersion(t.db.kysely, org);
    const otherBefore = await auditVersion(t.db.kysely, other);
    const company = await seedCompany(t.db, org);
    expect(await auditVersion(t.db.kysely, org)).toBe(before + 1);
    const first = await listObligations(t.db, kb, owner, { asOf: '2026-03-01' });
    // unchanged data: the very same result, not a new computation
    expect(await listObligations(t.db, kb, owner, { asOf: '2026-03-01' })).toEqual(first);
    expect((await obligationsOfOrganisation(t.db, kb, org, '2026-03-01')).obligations).toBe(
      (await obligationsOfOrganisation(t.db, kb, org, '2026-03-01')).obligations,
    );
    // a licence written through the repository (with its audit entry) shows at once
    await updateCompany(t.db, owner, company, { name: '杭州改名信息技术有限公司' });
    expect(await auditVersion(t.db.kysely, org)).toBe(before + 2);
    await seedLicence(t.db, org, company, { issued_on: '2024-03-01', expires_on: '2029-02-28' });
    const after = await listObligations(t.db, kb, owner, { asOf: '2026-03-01' });
    expect(after!.obligations.length).toBeGreaterThan(first!.obligations.length);
    expect(await auditVersion(t.db.kysely, other)).toBe(otherBefore);
  });

  it('raising the version is part of the audit entry’s transaction: a rolled back write raises nothing', async () => {
    const org = await seedOrganisation(t.db);
    const before = await auditVersion(t.db.kysely, org);
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await writeAudit(trx, new Date().toISOString(), [
          {
            organisationId: org,
            actorId: null,
            actorLabel: 'system',
            entity: 'x',
            entityId: 'y',
            action: 'z',
          },
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await auditVersion(t.db.kysely, org)).toBe(before);
  });
});
