import { roles } from '@icpdesk/store';
import { forEachDb, seedApplication, seedCompany } from '@icpdesk/store/testing';
import { describe, expect, it } from 'vitest';
import { httpHarness, isWriter } from '../../../test/http-harness.ts';
import { examplePackage, multipart, zipOf } from '../../../test/packages.ts';

/** the example package's applicant, as a company record that agrees with it */
const matching = {
  name: '杭州示例信息技术有限公司',
  uscc: '91330106MA2H7K3LXA',
  legal_representative: '张示例',
};

forEachDb('application precheck', (t) => {
  const h = httpHarness(t);
  const pkg = zipOf(examplePackage);
  const upload = (data = pkg) => multipart('package', 'package.zip', data);

  let matchingCompany: string | undefined;
  /** an application of a company whose record agrees with the example package (or of `company`) */
  const applicationOf = async (company?: Partial<typeof matching>, codes = '["B25:internet"]') => {
    let companyId: string;
    if (company) companyId = await seedCompany(t.db, h.orgA, company);
    else {
      matchingCompany ??= await seedCompany(t.db, h.orgA, matching);
      companyId = matchingCompany;
    }
    return seedApplication(t.db, h.orgA, companyId, { licence_codes: codes, state: 'draft' });
  };

  it('checks the package, finds it consistent with the records, stores it and writes an audit row', async () => {
    const id = await applicationOf();
    const res = await h.call(h.as.consultant, {
      method: 'POST',
      url: `/api/v1/applications/${id}/precheck?asOf=2026-11-29`,
      ...upload(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ asOf: '2026-11-29', consistency: [], package: { sizeBytes: pkg.length } });
    expect(body.package.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.result.summary.errors).toBe(0);
    // the kind of each manifest document, in order, so that documents[i] in a finding names its material
    expect(body.documentKinds).toHaveLength(body.result.summary.documents);
    expect(body.documentKinds[0]).toBe('business-licence');
    expect(body.documentKinds).toContain('premises-lease');

    const detail = await h.call(h.as.viewer, { url: `/api/v1/applications/${id}` });
    expect(detail.json().precheckFindings).toEqual(body);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', id)
      .where('action', '=', 'precheck')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(h.as.consultant.userId);
  });

  it("names where the package disagrees with the company's and the application's records", async () => {
    const id = await applicationOf(
      { name: '杭州另一家公司', uscc: '91440300TESTONLY0X', legal_representative: '李示例' },
      '["B21"]',
    );
    const res = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/applications/${id}/precheck?asOf=2026-11-29`,
      ...upload(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const found = res
      .json()
      .consistency.map((c: { id: string; severity: string }) => `${c.id}:${c.severity}`);
    expect(found).toEqual([
      'records-uscc:error',
      'records-name:warning',
      'records-legal-representative:warning',
      'records-licence:error',
    ]);
  });

  describe('roles', () => {
    for (const role of roles)
      it(`${role}: ${isWriter(role) ? 'allowed' : 'denied (403)'}`, async () => {
        const id = await seedApplication(t.db, h.orgA, h.linked);
        const res = await h.call(h.as[role], {
          method: 'POST',
          url: `/api/v1/applications/${id}/precheck?asOf=2026-11-29`,
          ...upload(),
        });
        expect(res.statusCode).toBe(isWriter(role) ? 200 : 403);
      });
  });

  it("is 404 for another organisation's application and 401 without a session", async () => {
    const id = await applicationOf();
    const outsider = await h.call(h.outsider, {
      method: 'POST',
      url: `/api/v1/applications/${id}/precheck`,
      ...upload(),
    });
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().code).toBe('NOT_FOUND');
    const anonymous = await h.call(undefined, {
      method: 'POST',
      url: `/api/v1/applications/${id}/precheck`,
      ...upload(),
    });
    expect(anonymous.statusCode).toBe(401);
    const stored = await h.call(h.as.owner, { url: `/api/v1/applications/${id}` });
    expect(stored.json().precheckFindings).toBeNull();
  });

  it('answers a damaged package with 400 INVALID_PACKAGE and a JSON body with 415, storing nothing', async () => {
    const id = await applicationOf();
    const damaged = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/applications/${id}/precheck`,
      ...upload(Buffer.from('PK not a zip')),
    });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.json().code).toBe('INVALID_PACKAGE');
    const json = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/applications/${id}/precheck`,
      payload: { package: 'x' },
    });
    expect(json.statusCode).toBe(415);
    const stored = await h.call(h.as.owner, { url: `/api/v1/applications/${id}` });
    expect(stored.json().precheckFindings).toBeNull();
  });
});
