/**
 * The register feeds obligations through the API: a domain an ICP filing names, recorded with its expiry, starts
 * the kb rule domain-kept-for-filing on the filing; a new holder recorded later is a transfer, which also
 * changes the filing's data (icp-filing-change, the earlier governing); a server moved to another hosting
 * provider changes the filing's data too. A site or app recorded as closed starts the filing's cancellation
 * (icp-filing-cancellation), done once the filing is recorded cancelled. A company event recorded with the
 * day it took effect starts its rules from that day, in place of the audit log's reading of the same change.
 */
import { forEachDb, seedLicence } from '@icpdesk/store/testing';
import { expect, it } from 'vitest';
import { httpHarness } from '../../../test/http-harness.ts';

interface Obligation {
  id: string;
  rule: string;
  status: string;
  belongsTo: { type: string; id: string };
  trigger: { event: string | null; on: string } | null;
  window: { due: string | null };
}

forEachDb('obligations from register events', (t) => {
  const h = httpHarness(t);

  it('a filed domain expiring, passing to another holder, and a server moved each start the kb rule', async () => {
    const post = async (url: string, payload: Record<string, unknown>) => {
      const res = await h.call(h.as.owner, { method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const patch = async (url: string, payload: Record<string, unknown>) => {
      const res = await h.call(h.as.owner, { method: 'PATCH', url, payload });
      expect(res.statusCode, res.body).toBe(200);
    };
    const filing = await post('/api/v1/icp-filings', {
      companyId: h.linked,
      number: '粤ICP备2024000123号-1',
      domains: ['example.cn'],
      filedOn: '2024-05-01',
    });
    const domain = await post('/api/v1/domains', {
      companyId: h.linked,
      name: 'example.cn',
      holder: '示例公司',
      expiresOn: '2026-03-20',
    });
    const server = await post('/api/v1/servers', {
      companyId: h.linked,
      name: 'web-1',
      hostingProvider: '甲云',
    });
    const read = async (role: 'owner' | 'client') => {
      const res = await h.call(h.as[role], {
        url: `/api/v1/companies/${h.linked}/obligations?asOf=2026-03-01&kind=filing-change`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { obligations: Obligation[] }).obligations;
    };

    const expiring = (await read('client')).filter((o) => o.rule === 'domain-kept-for-filing');
    expect(expiring).toMatchObject([
      { belongsTo: { type: 'icp-filing', id: filing.id }, window: { due: '2026-03-20' }, status: 'due-soon' },
    ]);

    await patch(`/api/v1/domains/${domain.id}`, { holder: '另一家公司' });
    await patch(`/api/v1/servers/${server.id}`, { hostingProvider: '乙云' });
    const after = await read('owner');
    const transfer = after.filter((o) => o.trigger?.event?.startsWith('domain-transferred@'));
    expect(transfer.map((o) => o.rule).sort()).toEqual(['domain-kept-for-filing', 'icp-filing-change']);
    const moved = after.filter((o) => o.trigger?.event?.startsWith('hosting-provider@'));
    expect(moved.map((o) => `${o.rule} ${o.belongsTo.id}`)).toEqual([`icp-filing-change ${filing.id}`]);
  });

  it('a site or app recorded as closed starts its filing’s cancellation, done once the filing is cancelled', async () => {
    const post = async (url: string, payload: Record<string, unknown>) => {
      const res = await h.call(h.as.owner, { method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const site = await post('/api/v1/icp-filings', {
      companyId: h.linked,
      number: '粤ICP备2024000456号-1',
      domains: ['closed.cn'],
      filedOn: '2024-05-01',
      closedOn: '2026-02-27',
    });
    const app = await post('/api/v1/app-filings', {
      companyId: h.linked,
      number: '粤ICP备2024000456号-2A',
      appName: '示例APP',
      filedOn: '2024-06-01',
      closedOn: '2026-03-02',
    });
    const running = await post('/api/v1/icp-filings', {
      companyId: h.linked,
      number: '粤ICP备2024000456号-3',
      domains: ['open.cn'],
      filedOn: '2024-05-01',
    });
    const read = async () => {
      const res = await h.call(h.as.client, {
        url: `/api/v1/companies/${h.linked}/obligations?asOf=2026-03-10&kind=filing-cancellation`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { obligations: Obligation[] }).obligations;
    };
    const before = await read();
    expect(
      before.map((o) => `${o.belongsTo.type} ${o.belongsTo.id} ${o.window.due} ${o.status}`).sort(),
    ).toEqual([`app-filing ${app.id} 2026-03-02 overdue`, `icp-filing ${site.id} 2026-02-27 overdue`].sort());
    expect(before.some((o) => o.belongsTo.id === running.id)).toBe(false);

    const res = await h.call(h.as.owner, {
      method: 'PATCH',
      url: `/api/v1/icp-filings/${site.id}`,
      payload: { status: 'cancelled' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await read();
    expect(after.find((o) => o.belongsTo.id === site.id)?.status).toBe('done');
    expect(after.find((o) => o.belongsTo.id === app.id)?.status).toBe('overdue');
  });

  it('a company event recorded with its effective day starts the change rules from it, once', async () => {
    const licence = await seedLicence(t.db, h.orgA, h.linked, {
      issued_on: '2024-03-01',
      expires_on: '2029-02-28',
    });
    const post = (payload: Record<string, unknown>) =>
      h.call(h.as.owner, { method: 'POST', url: '/api/v1/company-events', payload });
    const refused = await post({ companyId: h.linked, kind: 'name', effectiveOn: '2026-02-30' });
    expect(refused.statusCode).toBe(400);
    const other = await post({ companyId: h.linked, kind: 'site-online', effectiveOn: '2026-02-01' });
    expect(other.statusCode).toBe(400);
    const res = await post({
      companyId: h.linked,
      kind: 'name',
      effectiveOn: '2025-12-01',
      subject: licence,
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json() as { id: string };
    expect(res.headers.location).toBe(`/api/v1/company-events/${e.id}`);
    const again = await post({ companyId: h.linked, kind: 'name', effectiveOn: '2025-12-01' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'REGISTER_KEY_TAKEN' });
    // the company's register lists it with the other kinds
    const reg = await h.call(h.as.client, { url: `/api/v1/companies/${h.linked}/register` });
    expect(reg.json().companyEvents.map((x: { id: string }) => x.id)).toEqual([e.id]);
    const read = async () =>
      (
        (
          await h.call(h.as.client, { url: `/api/v1/companies/${h.linked}/obligations?asOf=2026-03-01` })
        ).json() as { obligations: Obligation[] }
      ).obligations.filter((o) => o.trigger?.event?.startsWith('name@'));
    const named = await read();
    expect(named.find((o) => o.rule === 'licence-change-registry')).toMatchObject({
      belongsTo: { type: 'licence', id: licence },
      trigger: { on: '2025-12-01' },
      window: { due: '2025-12-31' },
      status: 'overdue',
    });
    expect(new Set(named.map((o) => o.trigger?.event))).toEqual(new Set([`name@2025-12-01#${e.id}`]));
    const gone = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/company-events/${e.id}` });
    expect(gone.statusCode).toBe(204);
    expect(await read()).toEqual([]);
  });
});
