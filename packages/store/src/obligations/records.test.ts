import { loadKb } from '@icpdesk/kb';
import { expect, it } from 'vitest';
import { forEachDb } from '../../test/db-harness.ts';
import { seedCompany, seedLicence, seedMember, seedOrganisation } from '../../test/seed.ts';
import { auditVersion } from '../audit-versions.ts';
import { fixedClock } from '../clock.ts';
import { openDb, withClock } from '../db.ts';
import { createChannel } from '../notifications/channels.ts';
import { scheduleReminders } from '../notifications/worker.ts';
import { registerKind } from '../register/kinds.ts';
import { createRegisterEntry } from '../register/repository.ts';
import type { Scope } from '../scope.ts';
import { listObligations, obligationsOfOrganisation } from './list.ts';
import { createObligationRecord, deleteObligationRecord, listObligationRecords } from './records.ts';

const kb = loadKb();
const TODAY = '2026-03-01';

/** the refusal's code, or 'none' */
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'none',
    (e: unknown) => (e as { code?: string }).code ?? String(e),
  );

forEachDb('obligation records', (t) => {
  const db = () => withClock(t.db, fixedClock(TODAY));
  const setup = async () => {
    const org = await seedOrganisation(t.db);
    const company = await seedCompany(t.db, org);
    const other = await seedCompany(t.db, org, { name: '另一家公司' });
    const owner: Scope = {
      organisationId: org,
      userId: await seedMember(t.db, org, 'owner'),
      role: 'owner',
      actorLabel: 'owner@example.com',
    };
    const licence = await seedLicence(t.db, org, company, {
      issued_on: '2024-03-01',
      expires_on: '2029-02-28',
    });
    await seedLicence(t.db, org, other, { issued_on: '2025-06-01', expires_on: '2030-05-31' });
    const number = await createRegisterEntry(
      db(),
      owner,
      { kb, today: TODAY },
      registerKind('number-resources'),
      {
        companyId: company,
        type: 'other',
        number: '4001234567',
        grantedOn: '2024-05-10',
      },
    );
    const of = async (scope: Scope = owner) =>
      (await listObligations(db(), kb, scope, { asOf: TODAY }))!.obligations;
    const numberReport = (await of()).find(
      (o) => o.kind === 'number-annual-report' && o.status === 'overdue',
    );
    expect(numberReport, 'an overdue number annual report to record').toBeDefined();
    return { org, company, other, owner, licence, number, of, numberReport: numberReport! };
  };

  it('a done record makes the obligation done on its day, at once; undo opens it again; both audited', async () => {
    const { org, owner, of, numberReport } = await setup();
    const v0 = await auditVersion(t.db.kysely, org);
    const record = await createObligationRecord(db(), kb, owner, {
      obligation: numberReport.id,
      status: 'done',
      on: '2026-02-20',
      note: '工信部系统回执 2026-0220',
    });
    expect(record).toMatchObject({
      obligation: numberReport.id,
      companyId: numberReport.belongsTo.company,
      status: 'done',
      on: '2026-02-20',
      reason: null,
      note: '工信部系统回执 2026-0220',
      createdByLabel: 'owner@example.com',
    });
    expect(await auditVersion(t.db.kysely, org)).toBe(v0 + 1);
    // the kept computation of the scope is computed again: the record shows at once
    const after = (await of()).find((o) => o.id === numberReport.id);
    expect(after).toMatchObject({ status: 'done', doneOn: '2026-02-20', late: true });
    const unscoped = await obligationsOfOrganisation(t.db, kb, org, TODAY);
    expect(unscoped.obligations.find((o) => o.id === numberReport.id)?.status).toBe('done');

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'obligation_records')
      .where('entity_id', '=', record.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);

    expect(await deleteObligationRecord(db(), owner, record.id)).toMatchObject({ id: record.id });
    expect((await of()).find((o) => o.id === numberReport.id)?.status).toBe('overdue');
    const actions = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'obligation_records')
      .where('entity_id', '=', record.id)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['create', 'delete']);
    expect(await deleteObligationRecord(db(), owner, record.id)).toBeUndefined();
  });

  it('a waiver needs a reason and makes the obligation waived', async () => {
    const { owner, of, numberReport } = await setup();
    expect(
      await codeOf(
        createObligationRecord(db(), kb, owner, { obligation: numberReport.id, status: 'waived' }),
      ),
    ).toBe('INVALID_OBLIGATION_RECORD');
    expect(
      await codeOf(
        createObligationRecord(db(), kb, owner, {
          obligation: numberReport.id,
          status: 'waived',
          reason: '  ',
        }),
      ),
    ).toBe('INVALID_OBLIGATION_RECORD');
    const w = await createObligationRecord(db(), kb, owner, {
      obligation: numberReport.id,
      status: 'waived',
      reason: '该号码已于 2024 年收回',
    });
    expect(w).toMatchObject({ status: 'waived', on: null, reason: '该号码已于 2024 年收回' });
    expect((await of()).find((o) => o.id === numberReport.id)?.status).toBe('waived');
    // one record per obligation
    expect(
      await codeOf(
        createObligationRecord(db(), kb, owner, { obligation: numberReport.id, status: 'done', on: TODAY }),
      ),
    ).toBe('OBLIGATION_RECORDED');
  });

  it('refuses a day after today (China), an unknown obligation, one done by its own fact, and a reader', async () => {
    const { org, licence, owner, of, numberReport } = await setup();
    const done = (obligation: string, on: string, scope: Scope = owner) =>
      codeOf(createObligationRecord(db(), kb, scope, { obligation, status: 'done', on }));
    expect(await done(numberReport.id, '2026-03-02')).toBe('INVALID_OBLIGATION_RECORD');
    expect(await done(numberReport.id, '2026-02-30')).toBe('INVALID_OBLIGATION_RECORD');
    // today in China is 2026-03-01 even at 23:30 UTC of 2026-02-28
    const lateNight = withClock(t.db, fixedClock('2026-02-28T23:30:00Z'));
    expect(lateNight.clock.today()).toBe(TODAY);
    expect(await done('number-annual-report/number:nope/2025', TODAY)).toBe('OBLIGATION_UNKNOWN');
    // the 2024 annual report of the licence, once its report is in the register, is done by that fact
    const report = (await of()).find(
      (o) => o.kind === 'annual-report' && o.belongsTo.id === licence && o.period === '2024',
    );
    expect(report).toBeDefined();
    await createRegisterEntry(db(), owner, { kb, today: TODAY }, registerKind('annual-reports'), {
      licenceId: licence,
      year: 2024,
      submittedOn: '2025-03-10',
    });
    expect(await done(report!.id, TODAY)).toBe('OBLIGATION_ALREADY_DONE');
    const viewer: Scope = {
      organisationId: org,
      userId: await seedMember(t.db, org, 'viewer'),
      role: 'viewer',
    };
    expect(await done(numberReport.id, TODAY, viewer)).toBe('FORBIDDEN');
    // another organisation does not see the obligation
    const org2 = await seedOrganisation(t.db, '另一机构');
    const stranger: Scope = {
      organisationId: org2,
      userId: await seedMember(t.db, org2, 'owner'),
      role: 'owner',
    };
    expect(await done(numberReport.id, TODAY, stranger)).toBe('OBLIGATION_UNKNOWN');
  });

  it('a record stands over a fact of the obligation’s own recorded after it, until it is undone', async () => {
    const { licence, owner, of } = await setup();
    const report = (await of()).find(
      (o) => o.kind === 'annual-report' && o.belongsTo.id === licence && o.period === '2024',
    )!;
    const r = await createObligationRecord(db(), kb, owner, {
      obligation: report.id,
      status: 'done',
      on: '2025-03-20',
    });
    await createRegisterEntry(db(), owner, { kb, today: TODAY }, registerKind('annual-reports'), {
      licenceId: licence,
      year: 2024,
      submittedOn: '2025-03-10',
    });
    expect((await of()).find((o) => o.id === report.id)?.doneOn).toBe('2025-03-20');
    await deleteObligationRecord(db(), owner, r.id);
    expect((await of()).find((o) => o.id === report.id)?.doneOn).toBe('2025-03-10');
  });

  it('lists by company and obligation, within the scope (a client: its linked companies only)', async () => {
    const { org, company, other, owner, of, numberReport } = await setup();
    const otherObligation = (await of()).find((o) => o.belongsTo.company === other && o.status !== 'done');
    expect(otherObligation).toBeDefined();
    const a = await createObligationRecord(db(), kb, owner, {
      obligation: numberReport.id,
      status: 'done',
      on: TODAY,
    });
    const b = await createObligationRecord(db(), kb, owner, {
      obligation: otherObligation!.id,
      status: 'waived',
      reason: '不适用',
    });
    const ids = async (scope: Scope, o: { companyId?: string; obligation?: string } = {}) =>
      (await listObligationRecords(t.db, scope, { limit: 50, ...o })).items.map((r) => r.id);
    expect(await ids(owner)).toEqual([a.id, b.id]);
    expect(await ids(owner, { companyId: company })).toEqual([a.id]);
    expect(await ids(owner, { obligation: otherObligation!.id })).toEqual([b.id]);
    const client: Scope = {
      organisationId: org,
      userId: await seedMember(t.db, org, 'client'),
      role: 'client',
      linkedCompanyIds: [company],
    };
    expect(await ids(client)).toEqual([a.id]);
    expect(await codeOf(deleteObligationRecord(db(), client, a.id))).toBe('FORBIDDEN');
    const org2 = await seedOrganisation(t.db, '另一机构');
    const stranger: Scope = {
      organisationId: org2,
      userId: await seedMember(t.db, org2, 'owner'),
      role: 'owner',
    };
    expect(await ids(stranger)).toEqual([]);
    expect(await deleteObligationRecord(db(), stranger, a.id)).toBeUndefined();
  });

  it('another process on the database sees a record at once (its kept computation is computed again)', async () => {
    const { org, owner, numberReport } = await setup();
    const second = await openDb(t.dialect === 'sqlite' ? { dataDir: t.dir } : { url: t.url! });
    try {
      const before = await obligationsOfOrganisation(second, kb, org, TODAY);
      expect(before.obligations.find((o) => o.id === numberReport.id)?.status).toBe('overdue');
      await createObligationRecord(db(), kb, owner, {
        obligation: numberReport.id,
        status: 'done',
        on: TODAY,
      });
      const after = await obligationsOfOrganisation(second, kb, org, TODAY);
      expect(after.obligations.find((o) => o.id === numberReport.id)?.status).toBe('done');
    } finally {
      await second.close();
    }
  });

  it('a recorded completion stops the reminders of the obligation', async () => {
    const { org, owner, numberReport } = await setup();
    await createChannel(t.db, org, { name: 'app', enabled: true, config: { kind: 'in-app' } });
    await createObligationRecord(db(), kb, owner, { obligation: numberReport.id, status: 'done', on: TODAY });
    // 10:00 in China, outside quiet hours
    const morning = withClock(t.db, fixedClock('2026-03-01T02:00:00.000Z'));
    const source = (o: string, asOf: string) => obligationsOfOrganisation(t.db, kb, o, asOf);
    expect(await scheduleReminders(morning, source)).toBeGreaterThan(0);
    const reminded = await t.db.kysely
      .selectFrom('notification_deliveries')
      .select('obligation_id')
      .where('organisation_id', '=', org)
      .execute();
    const ids = new Set(reminded.map((r) => r.obligation_id));
    // the other number's and licence's overdue obligations are reminded; the recorded one not
    expect(ids.size).toBeGreaterThan(0);
    expect(ids.has(numberReport.id)).toBe(false);
    // undone, it is reminded again
    const [record] = (await listObligationRecords(t.db, owner, { limit: 1, obligation: numberReport.id }))
      .items;
    await deleteObligationRecord(db(), owner, record!.id);
    await scheduleReminders(morning, source);
    const again = await t.db.kysely
      .selectFrom('notification_deliveries')
      .select('obligation_id')
      .where('organisation_id', '=', org)
      .where('obligation_id', '=', numberReport.id)
      .execute();
    expect(again.length).toBeGreaterThan(0);
  });
});
