/**
 * The facts drafts take from stored data beyond the company's name and register basics — the licence a
 * renewal is about, the apps filed, the headcount and business premises — read back from the drafted DOCX
 * with the draft tests' independent reader; and the package's supplement: the legal representative's ID
 * number given for one package, checked, written into application.yaml and stored nowhere.
 */
import { readDocx } from '@icpdesk/draft/testing';
import { forEachDb, seedApplication, seedCompany, seedLicence } from '@icpdesk/store/testing';
import { strFromU8, unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { httpHarness } from '../../../test/http-harness.ts';

/** a made-up resident ID (GB 11643 check character correct) */
const ID_NUMBER = '11010519491231002X';

/** a company whose records hold everything application.yaml needs but the legal representative's ID */
const recorded = {
  name: '上海示例网络科技有限公司',
  uscc: '91310115MA1K4LXX0A',
  legal_representative: '王示例',
  address: '上海市浦东新区示例路2号',
  registered_capital_cny: 2_000_000,
  shareholders: JSON.stringify([{ name: '王示例', kind: 'natural-person', country: 'CN', percent: 100 }]),
  profile: JSON.stringify({
    entity: { type: 'company', registeredProvince: 'CN-SH' },
    service: { coverage: ['CN-SH'], activities: ['online-advertising'], channels: ['app'] },
  }),
};

forEachDb('drafts: facts from stored data, and the package supplement', (t) => {
  const h = httpHarness(t, {
    get dataDir() {
      return t.dir;
    },
  });
  const draft = (id: string, materials: string[]) =>
    h.call(h.as.consultant, {
      method: 'POST',
      url: `/api/v1/applications/${id}/drafts`,
      payload: { materials },
    });
  /** the text of the drafted document of that material */
  const draftedText = async (id: string, material: string) => {
    const res = await draft(id, [material]);
    expect(res.statusCode, res.body).toBe(201);
    const [d] = res.json().drafts;
    const content = await h.call(h.as.owner, { url: `/api/v1/documents/${d.document.id}/content` });
    return { missing: d.missing as string[], text: readDocx(content.rawPayload).text };
  };

  it('a renewal names the licence it renews: its number and expiry', async () => {
    const company = await seedCompany(t.db, h.orgA);
    // an older, cancelled licence of the same category and one of another category are not the one
    await seedLicence(t.db, h.orgA, company, {
      number: '浙B2-20190007',
      expires_on: '2024-01-31',
      status: 'cancelled',
    });
    await seedLicence(t.db, h.orgA, company, { number: '浙B1-20230002', codes: '["B11"]' });
    await seedLicence(t.db, h.orgA, company, { number: '浙B2-20220123', expires_on: '2027-03-14' });
    const id = await seedApplication(t.db, h.orgA, company, { procedure: 'renewal' });
    const { missing, text } = await draftedText(id, 'renewal-application');
    expect(missing).not.toContain('licence.number');
    expect(missing).not.toContain('licence.expiresOn');
    expect(text).toContain('浙B2-20220123');
    expect(text).toContain('2027年3月14日');
    expect(text).not.toContain('浙B2-20190007');
    // a new application is about no licence held
    const fresh = await seedApplication(t.db, h.orgA, company);
    const plan = await draftedText(fresh, 'business-plan');
    expect(plan.text).not.toContain('浙B2-20220123');
  });

  it('names the apps filed (not those cancelled), the headcount and the premises', async () => {
    const company = await seedCompany(t.db, h.orgA);
    for (const [n, appName, status] of [
      [1, '示例资讯', 'active'],
      [2, '示例旧版', 'cancelled'],
    ] as const) {
      const res = await h.call(h.as.consultant, {
        method: 'POST',
        url: '/api/v1/app-filings',
        payload: { companyId: company, number: `浙ICP备2024${n}00000号-1A`, appName, status },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const patched = await h.call(h.as.consultant, {
      method: 'PATCH',
      url: `/api/v1/companies/${company}`,
      payload: { staffCount: 37, premisesAddress: '浙江省杭州市滨江区示例大厦8楼', premisesAreaSqm: 420.5 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ staffCount: 37, premisesAreaSqm: 420.5 });
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'companies')
      .where('entity_id', '=', company)
      .where('action', '=', 'update')
      .execute();
    expect(audit.map((a) => JSON.parse(String(a.after)).staffCount)).toContain(37);

    const id = await seedApplication(t.db, h.orgA, company);
    const plan = await draftedText(id, 'business-plan');
    expect(plan.missing).not.toContain('service.apps');
    expect(plan.text).toContain('示例资讯');
    expect(plan.text).not.toContain('示例旧版');
    const form = await draftedText(id, 'application-form');
    for (const f of ['staff.count', 'premises.address', 'premises.area'])
      expect(form.missing).not.toContain(f);
    expect(form.text).toContain('37');
    expect(form.text).toContain('浙江省杭州市滨江区示例大厦8楼');
    expect(form.text).toContain('420.5');

    // a headcount that is not a whole number is refused on its field
    const bad = await h.call(h.as.consultant, {
      method: 'PATCH',
      url: `/api/v1/companies/${company}`,
      payload: { staffCount: 2.5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.staffCount');
  });

  it("takes the legal representative's ID number for one package: checked, in application.yaml, stored nowhere", async () => {
    const company = await seedCompany(t.db, h.orgA, recorded);
    const id = await seedApplication(t.db, h.orgA, company, { authority: 'CN-SH' });
    const packageOf = (supplement?: object) =>
      h.call(h.as.consultant, {
        method: 'POST',
        url: `/api/v1/applications/${id}/package`,
        payload: supplement ? { supplement } : {},
      });
    const refused = await packageOf();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'manifest.applicant.legalRepresentative.idNumber',
    ]);

    // not a resident ID (the check character is wrong): 400 on the field, in the request's language
    const wrong = await packageOf({ applicant: { legalRepresentative: { idNumber: '110105194912310021' } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([
      expect.objectContaining({
        path: 'body.supplement.applicant.legalRepresentative.idNumber',
        code: 'ID_CHECK_DIGIT',
      }),
    ]);

    // the number alone (the name is the records'), a lower-case x normalised
    const res = await packageOf({
      applicant: { legalRepresentative: { idNumber: ID_NUMBER.toLowerCase() } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const manifest = parse(strFromU8(unzipSync(res.rawPayload)['application.yaml']!));
    expect(manifest.applicant.legalRepresentative).toEqual({ name: '王示例', idNumber: ID_NUMBER });

    // nothing of it was written: not in the company, the audit log or any document
    for (const table of ['companies', 'audit_log', 'documents'] as const) {
      const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(rows).toUpperCase()).not.toContain(ID_NUMBER);
    }
  });
});
