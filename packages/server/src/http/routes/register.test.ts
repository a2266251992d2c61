import { roles } from '@icpdesk/store';
import { forEachDb, seedLicence } from '@icpdesk/store/testing';
import { describe, expect, it } from 'vitest';
import { httpHarness, isWriter } from '../../../test/http-harness.ts';

/** a valid new entry of each kind, for the company (or licence) given */
const samples: Record<string, (parent: string, n: number) => Record<string, unknown>> = {
  'icp-filings': (companyId, n) => ({
    companyId,
    number: `粤ICP备2024${String(n).padStart(6, '0')}号`,
    sites: ['示例网'],
    domains: ['Example.cn'],
    filedOn: '2024-05-01',
  }),
  'app-filings': (companyId, n) => ({
    companyId,
    number: `粤ICP备2024${String(n).padStart(6, '0')}号-1A`,
    appName: '示例',
    platforms: ['android', 'ios'],
  }),
  'public-security-filings': (companyId, n) => ({
    companyId,
    number: `粤公网安备44010602${String(n).padStart(6, '0')}号`,
    site: '示例网',
    onlineOn: '2024-05-10',
  }),
  domains: (companyId, n) => ({
    companyId,
    name: `example-${n}.cn`,
    registrar: '阿里云',
    expiresOn: '2027-05-01',
  }),
  servers: (companyId, n) => ({
    companyId,
    name: `web-${n}`,
    address: '114.114.114.114',
    location: 'CN-GD',
    hostingProvider: '某云',
    providerLicence: '京B1-20090001',
  }),
  'number-resources': (companyId, n) => ({
    companyId,
    type: 'sms-access-code',
    number: `1069${String(n).padStart(6, '0')}`,
    authority: 'MIIT',
    grantedOn: '2024-01-01',
  }),
  'annual-reports': (licenceId, n) => ({
    licenceId,
    year: 2024 + (n % 2),
    submittedOn: `${2025 + (n % 2)}-03-01`,
  }),
  'company-events': (companyId, n) => ({
    companyId,
    kind: 'shareholders',
    // one event of a kind per company and day: a day of its own (some in the future: planned changes)
    effectiveOn: `${2000 + n}-06-01`,
    note: '引入新股东',
  }),
};
/** a change of one field that stays valid */
const patches: Record<string, Record<string, unknown>> = {
  'icp-filings': { status: 'cancelled' },
  'app-filings': { appName: '示例二' },
  'public-security-filings': { filedOn: '2024-05-20' },
  domains: { holder: '广州示例' },
  servers: { location: 'HK' },
  'number-resources': { expiresOn: '2029-01-01' },
  'annual-reports': { note: '已报送' },
  'company-events': { decidedOn: '1999-12-01' },
};

function multipart(data: string) {
  const boundary = '----icpdesk-register-test';
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n${data}\r\n--${boundary}--\r\n`,
    ),
  };
}

forEachDb('register routes', (t) => {
  const h = httpHarness(t);
  let n = 0;
  /** the company, or for an annual report a fresh licence of it (a licence has one report a year) */
  const parentOf = async (kind: string, linked: boolean) =>
    kind === 'annual-reports'
      ? seedLicence(t.db, h.orgA, linked ? h.linked : h.unlinked, { issued_on: '2023-03-01' })
      : linked
        ? h.linked
        : h.unlinked;
  const create = async (kind: string, linked = true) => {
    const res = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/${kind}`,
      payload: samples[kind]!(await parentOf(kind, linked), ++n),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; companyId: string };
  };

  for (const kind of Object.keys(samples))
    describe(kind, () => {
      it('creates, reads, lists, changes and deletes; the location names the entry', async () => {
        const res = await h.call(h.as.consultant, {
          method: 'POST',
          url: `/api/v1/${kind}`,
          payload: samples[kind]!(await parentOf(kind, true), ++n),
        });
        expect(res.statusCode, res.body).toBe(201);
        const e = res.json();
        expect(res.headers.location).toBe(`/api/v1/${kind}/${e.id}`);
        expect(e.companyId).toBe(h.linked);
        expect((await h.call(h.as.viewer, { url: `/api/v1/${kind}/${e.id}` })).json()).toEqual(e);
        const list = await h.call(h.as.viewer, { url: `/api/v1/${kind}?companyId=${h.linked}&limit=100` });
        expect(list.json().items.map((x: { id: string }) => x.id)).toContain(e.id);
        const changed = await h.call(h.as.admin, {
          method: 'PATCH',
          url: `/api/v1/${kind}/${e.id}`,
          payload: patches[kind],
        });
        expect(changed.statusCode, changed.body).toBe(200);
        expect(changed.json()).toMatchObject(patches[kind]!);
        const gone = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/${kind}/${e.id}` });
        expect(gone.statusCode).toBe(204);
        expect((await h.call(h.as.owner, { url: `/api/v1/${kind}/${e.id}` })).statusCode).toBe(404);
      });

      for (const role of roles)
        it(`${role}: ${isWriter(role) ? 'may' : 'may not'} write; ${role === 'client' ? 'sees linked companies only' : 'sees all'}`, async () => {
          const mine = await create(kind, true);
          const other = await create(kind, false);
          const write = await h.call(h.as[role], {
            method: 'POST',
            url: `/api/v1/${kind}`,
            payload: samples[kind]!(await parentOf(kind, true), ++n),
          });
          expect(write.statusCode).toBe(isWriter(role) ? 201 : 403);
          expect((await h.call(h.as[role], { url: `/api/v1/${kind}/${mine.id}` })).statusCode).toBe(200);
          expect((await h.call(h.as[role], { url: `/api/v1/${kind}/${other.id}` })).statusCode).toBe(
            role === 'client' ? 404 : 200,
          );
          const ids = (await h.call(h.as[role], { url: `/api/v1/${kind}?limit=100` }))
            .json()
            .items.map((x: { id: string }) => x.id);
          expect(ids.includes(other.id)).toBe(role !== 'client');
          expect((await h.call(h.outsider, { url: `/api/v1/${kind}/${mine.id}` })).statusCode).toBe(404);
        });

      it('exports what it holds and imports it back, updating by key', async () => {
        await create(kind, true);
        const csv = await h.call(h.as.owner, { url: `/api/v1/export/${kind}.csv?lang=en` });
        expect(csv.statusCode).toBe(200);
        const xlsx = await h.call(h.as.owner, { url: `/api/v1/export/${kind}.xlsx` });
        expect(xlsx.statusCode).toBe(200);
        const rows = csv.body
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/);
        const back = await h.call(h.as.owner, {
          method: 'POST',
          url: `/api/v1/import/${kind}?dryRun=false`,
          ...multipart(rows.join('\n')),
        });
        expect(back.statusCode, back.body).toBe(200);
        expect(back.json()).toMatchObject({ rows: rows.length - 1, imported: rows.length - 1 });
        const before = (await h.call(h.as.owner, { url: `/api/v1/${kind}?limit=100` })).json().items.length;
        expect(before).toBeGreaterThanOrEqual(rows.length - 1);
      });
    });

  it('refuses invalid fields with one error per problem, and a key taken', async () => {
    const bad = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/domains?lang=en',
      payload: {
        companyId: h.linked,
        name: 'https://example.cn/',
        registeredOn: '2026-01-01',
        expiresOn: '2027-01-01',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'INVALID_REGISTER_ENTRY',
      errors: [{ path: 'body.name', code: 'DOMAIN_URL' }],
    });
    const d = await create('domains');
    const dup = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/domains',
      payload: {
        companyId: h.unlinked,
        name: (await h.call(h.as.owner, { url: `/api/v1/domains/${d.id}` })).json().name,
      },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('REGISTER_KEY_TAKEN');
    const unknown = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/domains',
      payload: { companyId: h.theirs, name: 'x.cn' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a file with any bad row, row by row, and writes nothing', async () => {
    const res = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/import/domains?lang=en',
      ...multipart(`Company ID,Domain\n${h.linked},ok-domain.cn\n${h.linked},not a domain\n`),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_ROWS_INVALID', errors: [{ row: 3, field: 'name' }] });
    const list = (await h.call(h.as.owner, { url: '/api/v1/domains?limit=100' })).json().items;
    expect(list.some((x: { name: string }) => x.name === 'ok-domain.cn')).toBe(false);
  });

  it("shows a company's whole register; another organisation's company is 404", async () => {
    await create('servers');
    const res = await h.call(h.as.client, { url: `/api/v1/companies/${h.linked}/register` });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json())).toEqual([
      'icpFilings',
      'appFilings',
      'publicSecurityFilings',
      'domains',
      'servers',
      'numberResources',
      'annualReports',
      'companyEvents',
    ]);
    expect(res.json().servers.length).toBeGreaterThan(0);
    expect((await h.call(h.as.client, { url: `/api/v1/companies/${h.unlinked}/register` })).statusCode).toBe(
      404,
    );
    expect((await h.call(h.outsider, { url: `/api/v1/companies/${h.linked}/register` })).statusCode).toBe(
      404,
    );
  });
});
