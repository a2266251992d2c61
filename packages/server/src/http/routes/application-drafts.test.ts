import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { checkPackage } from '@icpdesk/pack';
import { createDocument, DOCX_TYPE, DocumentFiles, roles } from '@icpdesk/store';
import { failDocumentsAfter, forEachDb, seedApplication, seedCompany } from '@icpdesk/store/testing';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { httpHarness, isWriter } from '../../../test/http-harness.ts';
import { examplePackage } from '../../../test/packages.ts';

const AS_OF = '2026-11-29';

/** every file under `dir` */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
const example = parse(readFileSync(join(examplePackage, 'application.yaml'), 'utf8'));

/** the example package's applicant as stored records: the company (with its shareholder tree) */
const exampleCompany = {
  name: example.applicant.name,
  uscc: example.applicant.uscc,
  legal_representative: example.applicant.legalRepresentative.name,
  address: example.applicant.address,
  registered_capital_cny: example.applicant.registeredCapitalCny,
  shareholders: JSON.stringify(example.applicant.shareholders),
  contacts: JSON.stringify([
    { name: '钱联系', role: '联系人', phone: '13800000000', email: 'qian@example-hz.cn' },
  ]),
  profile: JSON.stringify({
    entity: { type: 'company', name: example.applicant.name, registeredProvince: 'CN-ZJ', pilotArea: null },
    service: {
      coverage: example.coverage,
      activities: example.activities,
      channels: example.channels,
      serverLocation: example.serverLocation,
    },
  }),
};

/** what the records do not hold, for the package's application.yaml */
const supplement = {
  applicant: { legalRepresentative: example.applicant.legalRepresentative, onCreditBlacklist: false },
  staff: example.staff,
  domains: example.domains,
  servers: example.servers,
};

forEachDb('application drafts', (t) => {
  // documents go under the suite's own data directory
  const h = httpHarness(t, {
    get dataDir() {
      return t.dir;
    },
  });
  const draft = (id: string, payload?: object, actor = h.as.consultant) =>
    h.call(actor, {
      method: 'POST',
      url: `/api/v1/applications/${id}/drafts`,
      payload: payload ?? {},
    });
  const packageOf = (id: string, payload?: object, actor = h.as.consultant) =>
    h.call(actor, {
      method: 'POST',
      url: `/api/v1/applications/${id}/package`,
      payload: payload ?? {},
    });
  let exampleCompanyId: string | undefined;
  /** the example applicant's company, seeded once (its credit code is unique in the organisation) */
  const exampleCompanyOf = async () => {
    exampleCompanyId ??= await seedCompany(t.db, h.orgA, exampleCompany);
    return exampleCompanyId;
  };
  const exampleApplication = async () => seedApplication(t.db, h.orgA, await exampleCompanyOf());

  it('drafts the materials as DOCX documents of the application, lists the missing facts and audits each', async () => {
    const id = await seedApplication(t.db, h.orgA, h.linked);
    const res = await draft(id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/documents?applicationId=${id}`);
    const body = res.json();
    expect(body.applicationId).toBe(id);
    expect(body.drafts.length).toBeGreaterThan(0);
    for (const d of body.drafts) {
      expect(d.document).toMatchObject({ applicationId: id, checklistItem: d.material, version: 1 });
      expect(d.document.contentType).toBe(DOCX_TYPE);
      expect(d.document.fileName).toMatch(/\.docx$/);
      const content = await h.call(h.as.viewer, { url: `/api/v1/documents/${d.document.id}/content` });
      expect(content.statusCode).toBe(200);
      expect(Object.keys(unzipSync(content.rawPayload))).toContain('word/document.xml');
    }
    // the seeded company has no contacts: the drafts that need them say so
    const missing = body.missing.map((m: { id: string }) => m.id);
    expect(missing.length).toBeGreaterThan(0);
    for (const d of body.drafts) for (const m of d.missing) expect(missing).toContain(m);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['entity_id', 'actor_id'])
      .where('entity', '=', 'documents')
      .where('action', '=', 'create')
      .where(
        'entity_id',
        'in',
        body.drafts.map((d: { document: { id: string } }) => d.document.id),
      )
      .execute();
    expect(audit).toHaveLength(body.drafts.length);
    expect(audit.every((a) => a.actor_id === h.as.consultant.userId)).toBe(true);
  });

  it('drafts again as a new version of each draft, filling facts given by id', async () => {
    const id = await seedApplication(t.db, h.orgA, h.linked);
    const first = (await draft(id)).json();
    const given = Object.fromEntries(
      first.missing.map((m: { id: string }) => [m.id, m.id === 'company.contactPerson' ? '钱联系' : 'x']),
    );
    const again = await draft(id, { facts: given });
    expect(again.statusCode, again.body).toBe(201);
    const second = again.json();
    expect(second.drafts.map((d: { document: { seriesId: string } }) => d.document.seriesId)).toEqual(
      first.drafts.map((d: { document: { seriesId: string } }) => d.document.seriesId),
    );
    expect(second.drafts.every((d: { document: { version: number } }) => d.document.version === 2)).toBe(
      true,
    );
    expect(second.missing.length).toBeLessThan(first.missing.length);
  });

  it("fills the register's facts: the domains and the sites filed under the company's ICP filings", async () => {
    const company = await exampleCompanyOf();
    const filing = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/icp-filings',
      payload: {
        companyId: company,
        number: '浙ICP备2024000001号',
        sites: ['示例资讯网'],
        domains: ['example-hz.cn'],
        filedOn: '2024-05-01',
      },
    });
    expect(filing.statusCode, filing.body).toBe(201);
    const id = await seedApplication(t.db, h.orgA, company);
    const res = await draft(id, { materials: ['technical-plan'] });
    expect(res.statusCode, res.body).toBe(201);
    const [drafted] = res.json().drafts;
    expect(drafted.missing).not.toContain('service.websites');
    const content = await h.call(h.as.owner, { url: `/api/v1/documents/${drafted.document.id}/content` });
    expect(strFromU8(unzipSync(content.rawPayload)['word/document.xml']!)).toContain('示例资讯网');
  });

  /** the example package's file of a material, uploaded (as a signed scan would be) to the application */
  const uploadExample = async (applicationId: string, kind: string) => {
    const d = (example.documents as { kind: string; file: string }[]).find((x) => x.kind === kind)!;
    const files = new DocumentFiles(t.dir);
    const scope = { organisationId: h.orgA, userId: h.as.owner.userId, role: 'owner' as const };
    const staged = await files.stage(Readable.from([readFileSync(join(examplePackage, d.file))]), 1 << 24);
    return createDocument(t.db, files, scope, {
      applicationId,
      checklistItem: kind,
      fileName: d.file.split('/').pop()!,
      contentType: 'application/pdf',
      file: staged,
    });
  };

  it('never versions a draft over an uploaded scan, and packs the scan instead of the draft', async () => {
    const id = await exampleApplication();
    const scan = await uploadExample(id, 'legal-rep-undertaking');
    const res = await draft(id, { materials: ['legal-rep-undertaking'] });
    expect(res.statusCode, res.body).toBe(201);
    const [drafted] = res.json().drafts;
    expect(drafted.document.seriesId).not.toBe(scan.seriesId);
    expect(drafted.document.version).toBe(1);
    const pkg = await packageOf(id, { supplement });
    expect(pkg.statusCode, pkg.body).toBe(200);
    const names = Object.keys(unzipSync(pkg.rawPayload));
    expect(names).toContain(`docs/${scan.id}-${scan.fileName}`);
    expect(names.filter((n) => n.startsWith('drafts/'))).toEqual([]);
  });

  it('stores all the drafts or none: a failure at the second leaves no document, audit row or file', async () => {
    const id = await seedApplication(t.db, h.orgA, h.linked);
    const filesBefore = filesUnder(t.dir).length;
    const undo = await failDocumentsAfter(t.db, 1);
    let res: Awaited<ReturnType<typeof draft>>;
    try {
      res = await draft(id);
    } finally {
      await undo();
    }
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('injected');
    const documents = await t.db.kysely
      .selectFrom('documents')
      .select('id')
      .where('application_id', '=', id)
      .execute();
    expect(documents).toEqual([]);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'documents')
      .where('after', 'like', `%${id}%`)
      .execute();
    expect(audit).toEqual([]);
    expect(filesUnder(t.dir)).toHaveLength(filesBefore);
    // the same call once the fault is gone stores them all
    expect((await draft(id)).statusCode).toBe(201);
  });

  it('drafts only the materials asked for; an unknown one is 400 UNKNOWN_MATERIAL and stores nothing', async () => {
    const id = await seedApplication(t.db, h.orgA, h.linked);
    const one = await draft(id, { materials: ['legal-rep-undertaking'] });
    expect(one.statusCode, one.body).toBe(201);
    expect(one.json().drafts.map((d: { material: string }) => d.material)).toEqual(['legal-rep-undertaking']);

    const other = await seedApplication(t.db, h.orgA, h.linked);
    const bad = await draft(other, { materials: ['no-such-material'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('UNKNOWN_MATERIAL');
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    const stored = await t.db.kysely
      .selectFrom('documents')
      .select('id')
      .where('application_id', '=', other)
      .execute();
    expect(stored).toEqual([]);
  });

  it('is 422 NO_TEMPLATES for a licence and procedure no template covers, and 400 for an unknown field', async () => {
    const none = await seedApplication(t.db, h.orgA, h.linked, { licence_codes: '["A11"]' });
    const res = await draft(none);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('NO_TEMPLATES');
    const id = await seedApplication(t.db, h.orgA, h.linked);
    const odd = await draft(id, { material: ['legal-rep-undertaking'] });
    expect(odd.statusCode).toBe(400);
  });

  describe('roles', () => {
    for (const role of roles)
      it(`${role}: drafting ${isWriter(role) ? 'allowed' : 'denied (403)'}`, async () => {
        const id = await seedApplication(t.db, h.orgA, h.linked);
        const res = await draft(id, undefined, h.as[role]);
        expect(res.statusCode).toBe(isWriter(role) ? 201 : 403);
      });
  });

  it("is 404 for another organisation's application and 401 without a session", async () => {
    const id = await seedApplication(t.db, h.orgA, h.linked);
    const outsider = await draft(id, undefined, h.outsider);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().code).toBe('NOT_FOUND');
    expect((await packageOf(id, undefined, h.outsider)).statusCode).toBe(404);
    const anonymous = await h.call(undefined, { method: 'POST', url: `/api/v1/applications/${id}/drafts` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('packages the application: precheck finds nothing but the unsigned drafts', async () => {
    const id = await exampleApplication();
    const drafted = await draft(id);
    expect(drafted.statusCode, drafted.body).toBe(201);
    const draftedKinds = new Set(drafted.json().drafts.map((d: { material: string }) => d.material));
    // the other materials, uploaded as the example package's files
    for (const d of example.documents as { kind: string }[])
      if (!draftedKinds.has(d.kind)) await uploadExample(id, d.kind);

    const incomplete = await packageOf(id);
    expect(incomplete.statusCode, incomplete.body).toBe(409);
    expect(incomplete.json().code).toBe('PACKAGE_INCOMPLETE');
    expect(incomplete.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'manifest.applicant.legalRepresentative.idNumber',
    ]);

    const res = await packageOf(id, { supplement }, h.as.viewer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const path = join(t.dir, `${id}.zip`);
    writeFileSync(path, res.rawPayload);
    const checked = await checkPackage(h.kb, path, AS_OF);
    if (!checked.ok) throw new Error(`the package does not read: ${JSON.stringify(checked)}`);
    const findings = checked.result.findings;
    expect(findings.filter((f) => f.id !== 'document-unsigned')).toEqual([]);
    expect(findings).toHaveLength(draftedKinds.size);
  });
});
