import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import { expect, it } from 'vitest';
import { forEachDb } from '../../test/db-harness.ts';
import { seedApplication, seedCompany, seedLicence, seedMember, seedOrganisation } from '../../test/seed.ts';
import { transitionApplication } from '../applications/index.ts';
import { deleteCompany } from '../companies.ts';
import { ImportRejected } from '../import-export/import.ts';
import { readSheet } from '../import-export/sheet.ts';
import type { Scope } from '../scope.ts';
import { registerKind } from './kinds.ts';
import {
  createRegisterEntry,
  deleteRegisterEntry,
  getRegisterEntry,
  listRegisterEntries,
  RegisterStoreError,
  updateRegisterEntry,
} from './repository.ts';
import { importRegister, registerTable } from './spreadsheet.ts';

const kb = loadKb();
const first17 = `91330100MA000042${orgCodeCheckChar('MA000042')}`;
const USCC = first17 + usccCheckChar(first17);
const ctx = { kb, today: '2026-11-29' };
const domains = registerKind('domains');
const icp = registerKind('icp-filings');
const annual = registerKind('annual-reports');
const servers = registerKind('servers');
const events = registerKind('company-events');

forEachDb('the register', (t) => {
  const setup = async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    const owner: Scope = { organisationId: org, userId: await seedMember(t.db, org, 'owner'), role: 'owner' };
    return { org, company, owner };
  };
  const auditOf = (id: string) =>
    t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('at').execute();

  it('creates, reads, lists, changes and deletes an entry, with an audit row for each write', async () => {
    const { company, owner } = await setup();
    const d = await createRegisterEntry(t.db, owner, ctx, domains, {
      companyId: company,
      name: ' Example.CN ',
      holder: '杭州示例信息技术有限公司',
      registeredOn: '2020-01-01',
      expiresOn: '2027-01-01',
    });
    expect(d).toMatchObject({
      companyId: company,
      name: 'example.cn',
      registrar: null,
      expiresOn: '2027-01-01',
    });
    expect(await getRegisterEntry(t.db, owner, domains, d.id)).toEqual(d);
    const changed = await updateRegisterEntry(t.db, owner, ctx, domains, d.id, { registrar: '阿里云' });
    expect(changed).toMatchObject({ name: 'example.cn', registrar: '阿里云' });
    const page = await listRegisterEntries(t.db, owner, domains, {
      limit: 10,
      sort: 'name',
      companyId: company,
      expiringBefore: '2027-06-01',
    });
    expect(page.items.map((x) => x.id)).toEqual([d.id]);
    expect(
      (
        await listRegisterEntries(t.db, owner, domains, {
          limit: 10,
          sort: 'name',
          expiringBefore: '2026-12-31',
        })
      ).items,
    ).toEqual([]);
    expect(await deleteRegisterEntry(t.db, owner, domains, d.id)).toBe(true);
    expect(await getRegisterEntry(t.db, owner, domains, d.id)).toBeUndefined();
    expect((await auditOf(d.id)).map((a) => [a.entity, a.action, a.company_id])).toEqual([
      ['domains', 'create', company],
      ['domains', 'update', company],
      ['domains', 'delete', company],
    ]);
  });

  it("validates with the engine's validators, field by field", async () => {
    const { company, owner } = await setup();
    const bad = createRegisterEntry(t.db, owner, ctx, icp, {
      companyId: company,
      number: '京公网安备11010502030143号',
      domains: ['http://example.cn/x'],
    });
    await expect(bad).rejects.toBeInstanceOf(RegisterStoreError);
    const e = (await bad.catch((x) => x)) as RegisterStoreError;
    expect(e.code).toBe('INVALID_REGISTER_ENTRY');
    expect(e.issues.map((i) => [i.field, i.code])).toEqual([
      ['number', 'ICP_FILING_PUBLIC_SECURITY'],
      ['domains', 'DOMAIN_URL'],
    ]);
    const server = createRegisterEntry(t.db, owner, ctx, servers, {
      companyId: company,
      name: 'web-1',
      address: '999.1.1.1',
      location: 'mainland',
      providerLicence: '粤ICP备12345678号',
    });
    const s = (await server.catch((x) => x)) as RegisterStoreError;
    expect(s.issues.map((i) => i.field)).toEqual(['address', 'location', 'providerLicence']);
    const dates = (await createRegisterEntry(t.db, owner, ctx, domains, {
      companyId: company,
      name: 'example.com.cn',
      registeredOn: '2026-01-01',
      expiresOn: '2025-01-01',
    }).catch((x) => x)) as RegisterStoreError;
    expect(dates.issues.map((i) => i.code)).toEqual(['DATES_OUT_OF_ORDER']);
  });

  it('keeps the key unique in the organisation', async () => {
    const { company, owner, org } = await setup();
    const other = await seedCompany(t.db, org);
    await createRegisterEntry(t.db, owner, ctx, icp, { companyId: company, number: '粤ICP备2024012345号' });
    await expect(
      createRegisterEntry(t.db, owner, ctx, icp, { companyId: other, number: '粤ICP备2024012345号' }),
    ).rejects.toMatchObject({ code: 'REGISTER_KEY_TAKEN' });
    // servers are named within their company
    await createRegisterEntry(t.db, owner, ctx, servers, { companyId: company, name: 'web-1' });
    await createRegisterEntry(t.db, owner, ctx, servers, { companyId: other, name: 'web-1' });
  });

  it('behaves for another organisation as if the entry did not exist; a client sees linked companies only', async () => {
    const { company, owner, org } = await setup();
    const d = await createRegisterEntry(t.db, owner, ctx, domains, {
      companyId: company,
      name: 'example.cn',
    });
    const otherOrg = await seedOrganisation(t.db);
    const outsider: Scope = {
      organisationId: otherOrg,
      userId: await seedMember(t.db, otherOrg, 'owner'),
      role: 'owner',
    };
    expect(await getRegisterEntry(t.db, outsider, domains, d.id)).toBeUndefined();
    expect(await updateRegisterEntry(t.db, outsider, ctx, domains, d.id, { holder: 'x' })).toBeUndefined();
    expect(await deleteRegisterEntry(t.db, outsider, domains, d.id)).toBe(false);
    await expect(
      createRegisterEntry(t.db, outsider, ctx, domains, { companyId: company, name: 'example.net' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const client: Scope = {
      organisationId: org,
      userId: await seedMember(t.db, org, 'client'),
      role: 'client',
      linkedCompanyIds: [],
    };
    expect(await getRegisterEntry(t.db, client, domains, d.id)).toBeUndefined();
    expect(await getRegisterEntry(t.db, { ...client, linkedCompanyIds: [company] }, domains, d.id)).toEqual(
      d,
    );
    const viewer: Scope = {
      organisationId: org,
      userId: await seedMember(t.db, org, 'viewer'),
      role: 'viewer',
    };
    await expect(
      createRegisterEntry(t.db, viewer, ctx, domains, { companyId: company, name: 'example.net' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // a company with register entries is not deleted from under them
    await expect(deleteCompany(t.db, owner, company)).rejects.toMatchObject({ code: 'COMPANY_IN_USE' });
  });

  it('records annual reports per licence and year, only for a year the licence was held at its end', async () => {
    const { company, owner, org } = await setup();
    const licence = await seedLicence(t.db, org, company, { issued_on: '2024-03-01' });
    const r = await createRegisterEntry(t.db, owner, ctx, annual, {
      licenceId: licence,
      year: 2024,
      submittedOn: '2025-03-10',
    });
    expect(r).toMatchObject({ licenceId: licence, companyId: company, year: 2024, applicationId: null });
    const early = (await createRegisterEntry(t.db, owner, ctx, annual, {
      licenceId: licence,
      year: 2023,
      submittedOn: '2024-12-31',
    }).catch((x) => x)) as RegisterStoreError;
    expect(early.issues.map((i) => i.code)).toEqual(['LICENCE_NOT_HELD']);
    const before = (await createRegisterEntry(t.db, owner, ctx, annual, {
      licenceId: licence,
      year: 2025,
      submittedOn: '2025-12-31',
    }).catch((x) => x)) as RegisterStoreError;
    expect(before.issues.map((i) => i.code)).toEqual(['SUBMITTED_BEFORE_YEAR_END']);
  });

  it('records the annual report when an annual-report application is approved, audited, and updates a hand-entered one', async () => {
    const { company, owner, org } = await setup();
    const held = await seedLicence(t.db, org, company, { issued_on: '2024-03-01' });
    const other = await seedLicence(t.db, org, company, {
      issued_on: '2024-05-01',
      codes: '["B21"]',
      number: '浙B2-20240999',
    });
    const handEntered = await createRegisterEntry(t.db, owner, ctx, annual, {
      licenceId: held,
      year: 2025,
      submittedOn: '2026-03-30',
    });
    const app = await seedApplication(t.db, org, company, {
      procedure: 'annual-report',
      state: 'submitted',
      submitted_on: '2026-03-02',
      clock: JSON.stringify({ corrections: [], pauses: [], lastOn: '2026-03-02' }),
    });
    await transitionApplication(t.db, kb, owner, app, { to: 'accepted', on: '2026-03-03', today: ctx.today });
    await transitionApplication(t.db, kb, owner, app, { to: 'approved', on: '2026-03-20', today: ctx.today });
    const reports = await listRegisterEntries(t.db, owner, annual, {
      limit: 10,
      sort: 'year',
      companyId: company,
    });
    expect(reports.items.map((x) => [x.licenceId, x.year, x.submittedOn, x.applicationId])).toEqual([
      [held, 2025, '2026-03-02', app],
    ]);
    expect(reports.items[0]!.id).toBe(handEntered.id);
    expect((await auditOf(handEntered.id)).map((a) => a.action)).toEqual(['create', 'record']);
    expect(other).toBeTruthy();
  });

  it('records company events: a kind of the kb, an effective day (a planned one too), one per kind and day, audited, imported by key', async () => {
    const { company, owner } = await setup();
    const e = await createRegisterEntry(t.db, owner, ctx, events, {
      companyId: company,
      kind: 'shareholders',
      decidedOn: '2026-11-20',
      effectiveOn: '2027-03-01',
      note: '引入新股东',
    });
    expect(e).toMatchObject({
      companyId: company,
      kind: 'shareholders',
      effectiveOn: '2027-03-01',
      decidedOn: '2026-11-20',
      subject: null,
    });
    const refused = async (input: Record<string, unknown>) =>
      (
        (await createRegisterEntry(t.db, owner, ctx, events, { companyId: company, ...input }).catch(
          (x) => x,
        )) as RegisterStoreError
      ).issues?.map((i) => [i.field, i.code]);
    // dated by other records, not taken here; a day that is none; decided after it took effect
    expect(await refused({ kind: 'site-online', effectiveOn: '2026-11-01' })).toEqual([
      ['kind', 'FIELD_VALUE_UNKNOWN'],
    ]);
    expect(await refused({ kind: 'name', effectiveOn: '2026-02-30' })).toEqual([
      ['effectiveOn', expect.any(String)],
    ]);
    expect(await refused({ kind: 'name' })).toEqual([['effectiveOn', 'REQUIRED']]);
    expect(await refused({ kind: 'name', decidedOn: '2026-11-02', effectiveOn: '2026-11-01' })).toEqual([
      ['decidedOn', 'DATES_OUT_OF_ORDER'],
    ]);
    // the subject is a licence or ICP filing of the event's company, not another's
    const ownLicence = await seedLicence(t.db, owner.organisationId, company);
    const otherLicence = await seedLicence(
      t.db,
      owner.organisationId,
      await seedCompany(t.db, owner.organisationId, { name: '另一家' }),
    );
    expect(await refused({ kind: 'coverage', effectiveOn: '2026-11-01', subject: otherLicence })).toEqual([
      ['subject', 'SUBJECT_UNKNOWN'],
    ]);
    expect(await refused({ kind: 'coverage', effectiveOn: '2026-11-01', subject: 'nothing' })).toEqual([
      ['subject', 'SUBJECT_UNKNOWN'],
    ]);
    const covered = await createRegisterEntry(t.db, owner, ctx, events, {
      companyId: company,
      kind: 'coverage',
      effectiveOn: '2026-11-01',
      subject: ownLicence,
    });
    expect(covered.subject).toBe(ownLicence);
    // named by its number (as a spreadsheet holds it, spaces and full-width forms aside): stored by its id
    const { number: ownNumber } = await t.db.kysely
      .selectFrom('licences')
      .select('number')
      .where('id', '=', ownLicence)
      .executeTakeFirstOrThrow();
    const byNumber = await createRegisterEntry(t.db, owner, ctx, events, {
      companyId: company,
      kind: 'coverage',
      effectiveOn: '2026-11-05',
      subject: ` ${ownNumber.normalize('NFKC')} `.replace('-', '－'),
    });
    expect(byNumber.subject).toBe(ownLicence);
    const otherNumber = (
      await t.db.kysely
        .selectFrom('licences')
        .select('number')
        .where('id', '=', otherLicence)
        .executeTakeFirstOrThrow()
    ).number;
    expect(await refused({ kind: 'coverage', effectiveOn: '2026-11-06', subject: otherNumber })).toEqual([
      ['subject', 'SUBJECT_UNKNOWN'],
    ]);
    await deleteRegisterEntry(t.db, owner, events, byNumber.id);
    const twice = await createRegisterEntry(t.db, owner, ctx, events, {
      companyId: company,
      kind: 'shareholders',
      effectiveOn: '2027-03-01',
    }).catch((x) => x);
    expect(twice).toMatchObject({ code: 'REGISTER_KEY_TAKEN' });
    const page = await listRegisterEntries(t.db, owner, events, {
      limit: 10,
      sort: 'effectiveOn',
      companyId: company,
    });
    expect(page.items.map((x) => x.id)).toEqual([covered.id, e.id]);
    expect(await deleteRegisterEntry(t.db, owner, events, e.id)).toBe(true);
    expect((await auditOf(e.id)).map((a) => [a.entity, a.action, a.company_id])).toEqual([
      ['company_events', 'create', company],
      ['company_events', 'delete', company],
    ]);

    await t.db.kysely.updateTable('companies').set({ uscc: USCC }).where('id', '=', company).execute();
    const table = await registerTable(t.db, owner, events, 'zh');
    const header = table.columns.filter((c) => c.imported !== false).map((c) => c.zh);
    expect(header).toEqual(expect.arrayContaining(['事件类型', '生效日期', '决定或登记日期']));
    const report = await importRegister(
      t.db,
      owner,
      events,
      await readSheet(
        Buffer.from(
          ['公司统一社会信用代码,事件类型,生效日期,备注', `${USCC},coverage,2026-10-01,新增江苏`].join('\n'),
        ),
      ),
      ctx,
    );
    expect(report).toMatchObject({ rows: 1, imported: 1 });
    /** one coverage event of the company on `day` about `subject`, imported from a CSV */
    const importSubject = async (day: string, subject: string) =>
      importRegister(
        t.db,
        owner,
        events,
        await readSheet(
          Buffer.from(
            `公司统一社会信用代码,事件类型,生效日期,涉及的许可证或备案\n${USCC},coverage,${day},${subject}\n`,
          ),
        ),
        ctx,
      );
    const numbered = await importSubject('2026-10-03', ownNumber);
    expect(await getRegisterEntry(t.db, owner, events, numbered.ids[0]!)).toMatchObject({
      subject: ownLicence,
    });
    const stranger = await importSubject('2026-10-02', otherLicence).catch((x) => x);
    expect((stranger as ImportRejected).report.errors.map((x) => [x.row, x.field, x.code])).toEqual([
      [2, 'subject', 'SUBJECT_UNKNOWN'],
    ]);
    expect(await getRegisterEntry(t.db, owner, events, report.ids[0]!)).toMatchObject({
      kind: 'coverage',
      effectiveOn: '2026-10-01',
      note: '新增江苏',
    });
  });

  it('imports all or nothing, updating the entries the file names by key, and exports what imports back', async () => {
    const { company, owner, org } = await setup();
    await t.db.kysely.updateTable('companies').set({ uscc: USCC }).where('id', '=', company).execute();
    const existing = await createRegisterEntry(t.db, owner, ctx, domains, {
      companyId: company,
      name: 'example.cn',
      holder: '旧',
    });
    const csv = (rows: string[]) =>
      readSheet(Buffer.from(['公司统一社会信用代码,域名,持有人,到期日期', ...rows].join('\n')));
    const bad = await importRegister(
      t.db,
      owner,
      domains,
      await csv([
        `${USCC},example.cn,新,2027-01-01`,
        `${USCC},not a domain,x,2027-01-01`,
        `${USCC},example.cn,重复,`,
      ]),
      ctx,
    ).catch((x) => x);
    expect(bad).toBeInstanceOf(ImportRejected);
    expect((bad as ImportRejected).report.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'name', 'DOMAIN_CHARSET'],
      [4, 'name', 'DUPLICATE_IN_FILE'],
    ]);
    expect(await getRegisterEntry(t.db, owner, domains, existing.id)).toMatchObject({ holder: '旧' });

    const report = await importRegister(
      t.db,
      owner,
      domains,
      await csv([`${USCC},example.cn,新,2027-01-01`, `${USCC},example.net,新,`]),
      ctx,
    );
    expect(report).toMatchObject({ rows: 2, imported: 2 });
    expect(report.ids[0]).toBe(existing.id);
    expect(await getRegisterEntry(t.db, owner, domains, existing.id)).toMatchObject({
      holder: '新',
      expiresOn: '2027-01-01',
    });
    expect((await auditOf(existing.id)).map((a) => a.action)).toEqual(['create', 'import']);

    const table = await registerTable(t.db, owner, domains, 'zh');
    expect(table.rows).toHaveLength(2);
    const header = table.columns.map((c) => c.zh).join(',');
    const again = table.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','));
    const back = await importRegister(
      t.db,
      owner,
      domains,
      await readSheet(Buffer.from([header, ...again].join('\n'))),
      ctx,
    );
    expect(back.imported).toBe(2);
    expect(org).toBeTruthy();
  });
});
