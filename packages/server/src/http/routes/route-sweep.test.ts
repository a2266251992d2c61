/**
 * A sweep over every route the API documents (read from its own OpenAPI document, so a route added later is
 * swept too), on both databases:
 *
 * - without a session or token, every route but the anonymous ones is 401 problem+json;
 * - for every route that takes an id, the owner of another organisation gets 404 (or a 4xx about its own
 *   request body) with ids of organisation A's real resources — never data, never a change;
 * - a well-formed id that does not exist is 404 for the owner of A, never a 5xx.
 */

import { newId } from '@icpdesk/store';
import { forEachDb, sampleProfile, seedApplication, seedDocument, seedLicence } from '@icpdesk/store/testing';
import type { HTTPMethods } from 'fastify';
import { describe, expect, it } from 'vitest';
import { httpHarness } from '../../../test/http-harness.ts';

/** routes that answer without signing in */
const ANONYMOUS = new Set([
  'GET /health',
  'GET /ready',
  'POST /api/v1/assess',
  'POST /api/v1/checklist',
  'GET /api/v1/kb/search',
  'POST /api/v1/precheck',
  'GET /api/v1/kb/catalogue',
  'POST /api/v1/compare',
  'POST /api/v1/auth/login',
  // signing out without a session only clears the cookie (204): there is nothing to protect
  'POST /api/v1/auth/logout',
  'GET /api/v1/invitations/accept/{token}',
  'POST /api/v1/invitations/accept',
  // a calendar application reads the feed without signing in: its secret URL is the credential (404 otherwise)
  'GET /api/v1/ical/{secret}',
]);

interface Route {
  method: HTTPMethods;
  path: string;
}

const hasBody = (m: string) => m === 'POST' || m === 'PUT' || m === 'PATCH';

forEachDb('route sweep', (t) => {
  const h = httpHarness(t, {
    // read in beforeAll, when the suite's directory exists
    get dataDir() {
      return t.dir;
    },
  });
  let routes: Route[] = [];
  /** ids of organisation A's resources, by the collection their route starts with */
  const ids: Record<string, string> = {};
  let otherAssessment = '';

  const routesOf = async () => {
    if (routes.length) return routes;
    await h.app.ready();
    const spec = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase() as HTTPMethods, path })),
    );
    return routes;
  };

  /** the path with A's ids (or `fill` for every id) in place of its parameters */
  const concrete = (path: string, fill?: string) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string, offset: number) => {
      if (fill !== undefined) return fill;
      if (name === 'userId') return ids.members!;
      if (name === 'otherId') return otherAssessment;
      const collection = /\/api\/v1\/([a-z-]+)\/$/.exec(path.slice(0, offset))?.[1] ?? '';
      const id = ids[collection];
      if (!id) throw new Error(`no id of organisation A for ${path} (${name})`);
      return id;
    });

  const seedA = async () => {
    if (ids.companies) return;
    const company = h.linked;
    ids.companies = company;
    ids.members = h.as.viewer.userId;
    ids.applications = await seedApplication(t.db, h.orgA, company);
    ids.licences = await seedLicence(t.db, h.orgA, company);
    ids.documents = await seedDocument(t.db, h.orgA, company);
    const assess = () =>
      h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${company}/assessments`,
        payload: { asOf: '2026-11-29', profile: sampleProfile() },
      });
    const first = await assess();
    expect(first.statusCode).toBe(201);
    ids.assessments = first.json().id;
    otherAssessment = (await assess()).json().id;
    const invitation = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/invitations',
      payload: { email: 'invited@example.com', role: 'viewer' },
    });
    expect(invitation.statusCode).toBe(201);
    ids.invitations = invitation.json().invitation.id;
    const token = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: '集成', scopes: ['read'] },
    });
    expect(token.statusCode).toBe(201);
    ids.tokens = token.json().token.id;
    const feed = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/calendar-feeds',
      payload: { name: '日历' },
    });
    expect(feed.statusCode).toBe(201);
    ids['calendar-feeds'] = feed.json().feed.id;
    // one entry of each register kind
    const register: Record<string, Record<string, unknown>> = {
      'icp-filings': { companyId: company, number: '粤ICP备2024999001号' },
      'app-filings': { companyId: company, number: '粤ICP备2024999002号-1A', appName: '示例' },
      'public-security-filings': { companyId: company, number: '粤公网安备44010602999003号' },
      domains: { companyId: company, name: 'sweep-example.cn' },
      servers: { companyId: company, name: 'sweep' },
      'number-resources': { companyId: company, type: 'other', number: '999004' },
      'annual-reports': { licenceId: ids.licences, year: 2024, submittedOn: '2025-03-01' },
      'company-events': { companyId: company, kind: 'name', effectiveOn: '2024-06-01' },
    };
    for (const [kind, payload] of Object.entries(register)) {
      const res = await h.call(h.as.owner, { method: 'POST', url: `/api/v1/${kind}`, payload });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(201);
      ids[kind] = res.json().id;
    }
    const open = await h.call(h.as.owner, {
      url: `/api/v1/companies/${company}/obligations?status=overdue,due-soon,open,upcoming`,
    });
    const record = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/obligation-records',
      payload: { obligation: open.json().obligations[0].id, status: 'waived', reason: '巡检' },
    });
    expect(record.statusCode, record.body).toBe(201);
    ids['obligation-records'] = record.json().id;
    const channel = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/notification-channels',
      payload: { name: '站内', config: { kind: 'in-app' } },
    });
    ids['notification-channels'] = channel.json().id;
    await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/notification-channels/${channel.json().id}/test`,
    });
    ids.notifications = (await h.call(h.as.owner, { url: '/api/v1/notifications' })).json().items[0].id;
  };

  it('sweeps a reasonable number of routes', async () => {
    expect((await routesOf()).length).toBeGreaterThan(50);
  });

  describe('without a session or token', () => {
    it('every route but the anonymous ones is 401 problem+json', async () => {
      const open: string[] = [];
      for (const r of await routesOf()) {
        if (ANONYMOUS.has(`${r.method} ${r.path}`)) continue;
        const res = await h.call(undefined, {
          method: r.method,
          url: concrete(r.path, newId()),
          ...(hasBody(r.method) ? { payload: {} } : {}),
        });
        if (
          res.statusCode !== 401 ||
          !/^application\/problem\+json/.test(String(res.headers['content-type']))
        )
          open.push(`${r.method} ${r.path} → ${res.statusCode}`);
      }
      expect(open).toEqual([]);
    });
  });

  describe("another organisation's owner, with organisation A's ids", () => {
    it('gets 404 (or a 4xx about its body) on every route that takes an id, and changes nothing', async () => {
      await seedA();
      const leaks: string[] = [];
      for (const r of await routesOf()) {
        if (!r.path.includes('{') || ANONYMOUS.has(`${r.method} ${r.path}`)) continue;
        const url = concrete(r.path);
        const res = await h.call(h.outsider, {
          method: r.method,
          url,
          ...(hasBody(r.method) ? { payload: {} } : {}),
        });
        const allowed = hasBody(r.method) ? [400, 404, 415] : [404];
        if (!allowed.includes(res.statusCode)) leaks.push(`${r.method} ${url} → ${res.statusCode}`);
        for (const id of Object.values(ids))
          if (res.statusCode !== 400 && res.body.includes(id) && !url.includes(id))
            leaks.push(`${r.method} ${url} shows ${id}`);
      }
      expect(leaks).toEqual([]);
      // every resource of A is still there, unchanged in state
      for (const [collection, id] of Object.entries(ids)) {
        if (['members', 'invitations', 'tokens', 'calendar-feeds'].includes(collection)) continue;
        const res = await h.call(h.as.owner, { url: `/api/v1/${collection}/${id}` });
        expect(res.statusCode, `${collection}/${id}`).toBe(200);
      }
      const tokens = await h.call(h.as.owner, { url: '/api/v1/tokens' });
      expect(tokens.json().items.find((x: { id: string }) => x.id === ids.tokens)).toMatchObject({
        revokedAt: null,
      });
      const feeds = await h.call(h.as.owner, { url: '/api/v1/calendar-feeds' });
      expect(feeds.json().items.find((x: { id: string }) => x.id === ids['calendar-feeds'])).toMatchObject({
        revokedAt: null,
      });
      const invitations = await h.call(h.as.owner, { url: '/api/v1/invitations' });
      expect(invitations.json().items.map((x: { id: string }) => x.id)).toContain(ids.invitations);
      const members = await h.call(h.as.owner, { url: '/api/v1/members?limit=100' });
      expect(members.json().items.find((m: { userId: string }) => m.userId === ids.members)).toMatchObject({
        role: 'viewer',
      });
    });
  });

  describe('an id that does not exist', () => {
    it('is 404 on every route that takes one, for the owner of A; never a 5xx', async () => {
      const wrong: string[] = [];
      for (const r of await routesOf()) {
        if (!r.path.includes('{') || ANONYMOUS.has(`${r.method} ${r.path}`)) continue;
        const url = concrete(r.path, newId());
        const res = await h.call(h.as.owner, {
          method: r.method,
          url,
          ...(hasBody(r.method) ? { payload: {} } : {}),
        });
        const allowed = hasBody(r.method) ? [400, 404, 415] : [404];
        if (!allowed.includes(res.statusCode)) wrong.push(`${r.method} ${r.path} → ${res.statusCode}`);
      }
      expect(wrong).toEqual([]);
    });
  });
});
