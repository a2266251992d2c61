import { gunzipSync } from 'node:zlib';
import { loadKb } from '@icpdesk/kb';
import { createApiToken, createLicence, roles } from '@icpdesk/store';
import { forEachDb, seedLicence } from '@icpdesk/store/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness } from '../../../test/http-harness.ts';

interface Body {
  asOf: string;
  obligations: {
    id: string;
    rule: string;
    kind: string;
    status: string;
    belongsTo: { type: string; id: string; company: string };
  }[];
  rules: Record<string, { name: { zh: string; en: string }; sources: { ref: string }[] }>;
  sources: Record<string, unknown>;
  events: { zh: string; en: string };
  gaps: unknown[];
}

/** the rule ids a list of obligations refers to, each once, sorted */
const rulesOf = (b: Body) => [...new Set(b.obligations.map((o) => o.rule))].sort();

forEachDb('obligations routes', (t) => {
  const h = httpHarness(t);
  let onLinked: string;
  let onUnlinked: string;
  let theirs: string;

  beforeAll(async () => {
    onLinked = await seedLicence(t.db, h.orgA, h.linked, {
      issued_on: '2024-03-01',
      expires_on: '2029-02-28',
    });
    onUnlinked = await seedLicence(t.db, h.orgA, h.unlinked, {
      issued_on: '2025-05-01',
      expires_on: '2030-04-30',
    });
    theirs = await seedLicence(t.db, h.orgB, h.theirs);
  });

  const get = async (role: (typeof roles)[number], url: string) => {
    const res = await h.call(h.as[role], { url });
    return { status: res.statusCode, body: res.json() as Body };
  };

  describe('each role', () => {
    for (const role of roles)
      it(`${role}: the organisation's (a client: its linked companies'), one company's, one licence's`, async () => {
        const all = await get(role, '/api/v1/obligations?asOf=2026-03-01');
        expect(all.status).toBe(200);
        const licences = new Set(
          all.body.obligations.filter((o) => o.belongsTo.type === 'licence').map((o) => o.belongsTo.id),
        );
        expect(licences.has(onLinked)).toBe(true);
        expect(licences.has(onUnlinked)).toBe(role !== 'client');
        expect(licences.has(theirs)).toBe(false);

        const company = await get(role, `/api/v1/companies/${h.unlinked}/obligations?asOf=2026-03-01`);
        expect(company.status).toBe(role === 'client' ? 404 : 200);
        const licence = await get(role, `/api/v1/licences/${onLinked}/obligations?asOf=2026-03-01`);
        expect(licence.status).toBe(200);
        expect(licence.body.obligations.every((o) => o.belongsTo.id === onLinked)).toBe(true);
      });
  });

  it('filters by status, kind and due dates; the annual report of 2025 is due soon on 1 March 2026', async () => {
    const r = await get(
      'owner',
      `/api/v1/licences/${onLinked}/obligations?asOf=2026-03-01&kind=annual-report`,
    );
    expect(r.body.asOf).toBe('2026-03-01');
    expect(r.body.obligations.length).toBeGreaterThan(0);
    expect(r.body.obligations.every((o) => o.kind === 'annual-report')).toBe(true);
    const soon = await get(
      'owner',
      '/api/v1/obligations?asOf=2026-03-01&status=due-soon,overdue&from=2026-01-01&to=2026-04-30',
    );
    expect(soon.body.obligations.length).toBeGreaterThan(0);
    expect(soon.body.obligations.every((o) => o.status === 'due-soon' || o.status === 'overdue')).toBe(true);
    expect(soon.body.events.zh).toContain('审计日志');
  });

  it('pages the filtered list in its order: offset and limit, with the total before the cut', async () => {
    const all = (await get('owner', '/api/v1/obligations?asOf=2026-03-01')).body;
    const page = (await get('owner', '/api/v1/obligations?asOf=2026-03-01&offset=1&limit=2')).body;
    expect(all.obligations.length).toBeGreaterThan(3);
    expect(page.obligations.map((o) => o.id)).toEqual(all.obligations.slice(1, 3).map((o) => o.id));
    expect((page as Body & { total: number }).total).toBe(all.obligations.length);
  });

  it('lists each rule once, and a page only the rules and sources its obligations cite', async () => {
    const all = (await get('owner', '/api/v1/obligations?asOf=2026-03-01')).body;
    expect(Object.keys(all.rules).sort()).toEqual(rulesOf(all));
    expect(rulesOf(all).length).toBeGreaterThan(1);
    const renewal = (await get('owner', '/api/v1/obligations?asOf=2026-03-01&kind=renewal')).body;
    expect(renewal.obligations.length).toBeGreaterThan(0);
    expect(Object.keys(renewal.rules).sort()).toEqual(rulesOf(renewal));
    expect(Object.keys(renewal.rules).length).toBeLessThan(Object.keys(all.rules).length);
    for (const r of Object.values(renewal.rules))
      for (const s of r.sources) expect(renewal.sources[s.ref], s.ref).toBeDefined();
    expect(Object.keys(renewal.sources).length).toBeLessThan(Object.keys(all.sources).length);
  });

  it('refuses bad filters and hides other organisations', async () => {
    for (const q of [
      'status=late',
      'kind=x',
      'from=2026-02-30',
      'asOf=tomorrow',
      'status=open,,due-soon',
      'limit=0',
      'limit=1001',
      'offset=-1',
    ]) {
      const res = await h.call(h.as.owner, { url: `/api/v1/obligations?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await get('owner', `/api/v1/companies/${h.theirs}/obligations`)).status).toBe(404);
    expect((await get('owner', `/api/v1/licences/${theirs}/obligations`)).status).toBe(404);
    expect((await h.call(undefined, { url: '/api/v1/obligations' })).statusCode).toBe(401);
  });

  it('keeps an answer while nothing changes, and answers anew after a write of any process on the database', async () => {
    const url = `/api/v1/companies/${h.linked}/obligations?asOf=2026-03-01`;
    const first = await h.call(h.as.owner, { url });
    const again = await h.call(h.as.owner, { url });
    expect(again.statusCode).toBe(200);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toBe(first.body);
    // gzipped, the same answer, for a client that accepts it (kept compressed once); as it is for one that does not
    const zipped = await h.call(h.as.owner, { url, headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(first.body);
    const refused = await h.call(h.as.owner, { url, headers: { 'accept-encoding': 'gzip;q=0, *' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(first.body);
    // a licence entered through the API, then one through the store alone (as another server process would)
    const made = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/licences',
      payload: {
        companyId: h.linked,
        number: '浙B2-20250777',
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: '2025-04-01',
        status: 'active',
      },
    });
    expect(made.statusCode).toBe(201);
    const afterApi = (await get('owner', url)).body.obligations.map((o) => o.belongsTo.id);
    expect(afterApi).toContain(made.json().id);
    const elsewhere = await createLicence(
      t.db,
      { organisationId: h.orgA, userId: h.as.owner.userId, role: 'owner' },
      { kb: loadKb(), today: '2026-03-01' },
      {
        companyId: h.linked,
        number: '浙B2-20250778',
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: '2025-05-01',
        status: 'active',
      },
    );
    const afterStore = (await get('owner', url)).body.obligations.map((o) => o.belongsTo.id);
    expect(afterStore).toContain(elsewhere.id);
    // a session reads the version with itself; an API token has none and reads it on its own: the same rule
    const owner = { organisationId: h.orgA, userId: h.as.owner.userId, role: 'owner' as const };
    const { secret } = await createApiToken(t.db, owner, { name: 'kept', scopes: ['read'], expiresAt: null });
    const byToken = async () =>
      (
        (await h.app.inject({ url, headers: { authorization: `Bearer ${secret}` } })).json() as Body
      ).obligations.map((o) => o.belongsTo.id);
    expect(await byToken()).toEqual(afterStore);
    const third = await createLicence(
      t.db,
      owner,
      { kb: loadKb(), today: '2026-03-01' },
      {
        companyId: h.linked,
        number: '浙B2-20250779',
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: '2025-06-01',
        status: 'active',
      },
    );
    expect(await byToken()).toContain(third.id);
    expect((await get('owner', url)).body.obligations.map((o) => o.belongsTo.id)).toContain(third.id);
    // a client sees its own answer, never one kept for the organisation's staff
    const client = await get('client', `/api/v1/obligations?asOf=2026-03-01`);
    const staff = await get('owner', `/api/v1/obligations?asOf=2026-03-01`);
    expect(client.body.obligations.length).toBeLessThan(staff.body.obligations.length);
  });
});
