import type { Scope } from '@icpdesk/store';
import { changeMemberRole, newId, type Role, removeMember, roles } from '@icpdesk/store';
import { forEachDb, seedCompany, seedOrganisation } from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { httpHarness, isManager, isWriter } from '../../../test/http-harness.ts';
import { collectPages } from '../../../test/pages.ts';

forEachDb('member and client link routes', (t) => {
  const h = httpHarness(t);

  const membership = (org: string, userId: string) =>
    t.db.kysely
      .selectFrom('memberships')
      .selectAll()
      .where('organisation_id', '=', org)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  const links = async (org: string, userId: string) =>
    (
      await t.db.kysely
        .selectFrom('client_company_links')
        .select('company_id')
        .where('organisation_id', '=', org)
        .where('user_id', '=', userId)
        .orderBy('company_id')
        .execute()
    ).map((r) => r.company_id);
  const auditOf = (entity: string, entityId: string) =>
    t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute();
  const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, detail: undefined });
  const ownerCount = async (org: string) =>
    (
      await t.db.kysely
        .selectFrom('memberships')
        .select('user_id')
        .where('organisation_id', '=', org)
        .where('role', '=', 'owner')
        .execute()
    ).length;

  describe('each route × each role', () => {
    for (const role of roles) {
      const manager = isManager(role);
      const writer = isWriter(role);

      it(`${role}: list (a client sees only itself)`, async () => {
        const res = await h.call(h.as[role], { url: '/api/v1/members?limit=100' });
        expect(res.statusCode).toBe(200);
        const items = res.json().items as { userId: string; role: Role; email: string }[];
        const ids = items.map((m) => m.userId);
        expect(ids).not.toContain(h.outsider.userId);
        if (role === 'client') expect(ids).toEqual([h.as.client.userId]);
        else for (const r of roles) expect(ids).toContain(h.as[r].userId);
        expect(items.find((m) => m.userId === h.as[role].userId)?.role).toBe(role);
        expect(res.body).not.toContain('password');
      });

      it(`${role}: change a role ${manager ? 'allowed' : 'denied'}`, async () => {
        const target = await h.actor(h.orgA, 'consultant');
        const res = await h.call(h.as[role], {
          method: 'PATCH',
          url: `/api/v1/members/${target.userId}`,
          payload: { role: 'viewer' },
        });
        expect(res.statusCode).toBe(manager ? 200 : 403);
        if (manager)
          expect(res.json()).toMatchObject({ userId: target.userId, role: 'viewer', disabled: false });
        else expect(res.json().code).toBe('FORBIDDEN');
        expect((await membership(h.orgA, target.userId))?.role).toBe(manager ? 'viewer' : 'consultant');
      });

      it(`${role}: remove ${manager ? 'allowed' : 'denied'}`, async () => {
        const target = await h.actor(h.orgA, 'viewer');
        const res = await h.call(h.as[role], { method: 'DELETE', url: `/api/v1/members/${target.userId}` });
        expect(res.statusCode).toBe(manager ? 204 : 403);
        expect((await membership(h.orgA, target.userId)) === undefined).toBe(manager);
      });

      it(`${role}: read a client’s companies`, async () => {
        const res = await h.call(h.as[role], { url: `/api/v1/members/${h.as.client.userId}/companies` });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ items: [{ id: h.linked, name: '已关联公司' }] });
      });

      it(`${role}: set a client’s companies ${writer ? 'allowed' : 'denied'}`, async () => {
        const client = await h.actor(h.orgA, 'client');
        const res = await h.call(h.as[role], {
          method: 'PUT',
          url: `/api/v1/members/${client.userId}/companies`,
          payload: { companyIds: [h.unlinked, h.linked] },
        });
        expect(res.statusCode).toBe(writer ? 200 : 403);
        expect(await links(h.orgA, client.userId)).toEqual(writer ? [h.linked, h.unlinked].sort() : []);
        if (writer)
          expect(
            res
              .json()
              .items.map((c: { id: string }) => c.id)
              .sort(),
          ).toEqual([h.linked, h.unlinked].sort());
      });
    }

    it('without a session: 401 on every route', async () => {
      const id = h.as.viewer.userId;
      for (const [method, url] of [
        ['GET', '/api/v1/members'],
        ['PATCH', `/api/v1/members/${id}`],
        ['DELETE', `/api/v1/members/${id}`],
        ['GET', `/api/v1/members/${id}/companies`],
        ['PUT', `/api/v1/members/${id}/companies`],
      ] as const) {
        const res = await h.call(undefined, { method, url, payload: method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing written', async () => {
      const target = await h.actor(h.orgA, 'client');
      for (const opts of [
        { method: 'PATCH' as const, url: `/api/v1/members/${target.userId}`, payload: { role: 'viewer' } },
        { method: 'DELETE' as const, url: `/api/v1/members/${target.userId}` },
        {
          method: 'PUT' as const,
          url: `/api/v1/members/${target.userId}/companies`,
          payload: { companyIds: [h.linked] },
        },
      ]) {
        const res = await h.call(h.as.owner, { ...opts, csrf: false });
        expect(res.json().code).toBe('CSRF_FAILED');
      }
      expect((await membership(h.orgA, target.userId))?.role).toBe('client');
      expect(await links(h.orgA, target.userId)).toEqual([]);
    });

    it('a client cannot read another client’s companies (404, as for a stranger)', async () => {
      const other = await h.actor(h.orgA, 'client');
      const res = await h.call(other, { url: `/api/v1/members/${h.as.client.userId}/companies` });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(h.linked);
    });

    it('lists a page at a time, each member once', async () => {
      const seen = await collectPages(h, h.as.viewer, '/api/v1/members', 'userId');
      const all = await t.db.kysely
        .selectFrom('memberships')
        .select('user_id')
        .where('organisation_id', '=', h.orgA)
        .execute();
      expect(seen.sort()).toEqual(all.map((m) => m.user_id).sort());
    });
  });

  describe('owners', () => {
    it('an admin can neither make, unmake nor remove an owner; an owner can', async () => {
      const consultant = await h.actor(h.orgA, 'consultant');
      const owner2 = await h.actor(h.orgA, 'owner');
      const admin = h.as.admin;
      const reqs: [InjectOptions, string][] = [
        [
          { method: 'PATCH', url: `/api/v1/members/${consultant.userId}`, payload: { role: 'owner' } },
          'make',
        ],
        [{ method: 'PATCH', url: `/api/v1/members/${owner2.userId}`, payload: { role: 'admin' } }, 'unmake'],
        [{ method: 'DELETE', url: `/api/v1/members/${owner2.userId}` }, 'remove'],
        [{ method: 'PATCH', url: `/api/v1/members/${admin.userId}`, payload: { role: 'owner' } }, 'self'],
      ];
      for (const [opts, what] of reqs) {
        const res = await h.call(admin, opts);
        expect(res.statusCode, what).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
      expect((await membership(h.orgA, consultant.userId))?.role).toBe('consultant');
      expect((await membership(h.orgA, owner2.userId))?.role).toBe('owner');
      const make = await h.call(h.as.owner, {
        method: 'PATCH',
        url: `/api/v1/members/${consultant.userId}`,
        payload: { role: 'owner' },
      });
      expect(make.statusCode).toBe(200);
      const unmake = await h.call(h.as.owner, {
        method: 'PATCH',
        url: `/api/v1/members/${owner2.userId}`,
        payload: { role: 'admin' },
      });
      expect(unmake.statusCode).toBe(200);
      expect(
        (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/members/${consultant.userId}` }))
          .statusCode,
      ).toBe(204);
    });

    it('the last owner can be neither demoted nor removed (409 LAST_OWNER)', async () => {
      const org = await seedOrganisation(t.db, '独资机构');
      const only = await h.actor(org, 'owner');
      const admin = await h.actor(org, 'admin');
      for (const opts of [
        { method: 'PATCH' as const, url: `/api/v1/members/${only.userId}`, payload: { role: 'admin' } },
        { method: 'DELETE' as const, url: `/api/v1/members/${only.userId}` },
      ]) {
        const res = await h.call(only, opts);
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('LAST_OWNER');
        expect(res.json().detail).toMatch(/^机构的最后一名所有者不能(降级|移除)$/);
        const en = await h.call(only, { ...opts, headers: { 'accept-language': 'en' } });
        expect(en.json().detail).toMatch(/^the organisation’s last owner cannot be (demoted|removed)$/);
      }
      expect((await membership(org, only.userId))?.role).toBe('owner');
      // with a second owner, the first may step down
      const promote = await h.call(only, {
        method: 'PATCH',
        url: `/api/v1/members/${admin.userId}`,
        payload: { role: 'owner' },
      });
      expect(promote.statusCode).toBe(200);
      const down = await h.call(only, {
        method: 'PATCH',
        url: `/api/v1/members/${only.userId}`,
        payload: { role: 'viewer' },
      });
      expect(down.statusCode).toBe(200);
      const last = await h.call(admin, { method: 'DELETE', url: `/api/v1/members/${admin.userId}` });
      expect(last.json().code).toBe('LAST_OWNER');
      // a role's refusal names the role in both languages
      const viewer = await h.call(only, { method: 'DELETE', url: `/api/v1/members/${admin.userId}` });
      expect(viewer.json()).toMatchObject({ code: 'FORBIDDEN', detail: '查看者角色无权管理成员' });
      const viewerEn = await h.call(only, {
        method: 'DELETE',
        url: `/api/v1/members/${admin.userId}?lang=en`,
      });
      expect(viewerEn.json()).toMatchObject({
        code: 'FORBIDDEN',
        detail: 'role viewer may not manage members',
      });
    });

    it('two owners demoting each other at once leave one owner', async () => {
      const org = await seedOrganisation(t.db, '双所有者机构');
      const a = await h.actor(org, 'owner');
      const b = await h.actor(org, 'owner');
      const [ra, rb] = await Promise.all([
        h.call(a, { method: 'PATCH', url: `/api/v1/members/${b.userId}`, payload: { role: 'admin' } }),
        h.call(b, { method: 'PATCH', url: `/api/v1/members/${a.userId}`, payload: { role: 'admin' } }),
      ]);
      expect(await ownerCount(org)).toBe(1);
      // the second is refused: either its owner was demoted first (403) or the other owner is gone (409)
      expect([ra.statusCode, rb.statusCode].filter((s) => s === 200)).toEqual([200]);
      expect([ra.statusCode, rb.statusCode].filter((s) => s === 403 || s === 409).length).toBe(1);
    });

    it('the store serialises concurrent demotions (the last owner survives a race)', async () => {
      const org = await seedOrganisation(t.db, '并发机构');
      const a = await h.actor(org, 'owner');
      const b = await h.actor(org, 'owner');
      const as = (userId: string): Scope => ({ organisationId: org, userId, role: 'owner' });
      const results = await Promise.allSettled([
        changeMemberRole(t.db, as(a.userId), b.userId, 'admin'),
        changeMemberRole(t.db, as(b.userId), a.userId, 'admin'),
        removeMember(t.db, as(a.userId), b.userId),
      ]);
      const refused = results.filter((r) => r.status === 'rejected');
      for (const r of refused) expect((r as PromiseRejectedResult).reason.code).toBe('LAST_OWNER');
      expect(await ownerCount(org)).toBe(1);
      expect(refused.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('effects and audit', () => {
    it('a role change is audited; leaving the client role drops the links', async () => {
      const client = await h.actor(h.orgA, 'client');
      await h.link(h.orgA, client.userId, h.unlinked);
      const res = await h.call(h.as.admin, {
        method: 'PATCH',
        url: `/api/v1/members/${client.userId}`,
        payload: { role: 'viewer' },
      });
      expect(res.statusCode).toBe(200);
      expect(await links(h.orgA, client.userId)).toEqual([]);
      const [row] = await auditOf('memberships', client.userId);
      expect(row).toMatchObject({ action: 'update', organisation_id: h.orgA, actor_id: h.as.admin.userId });
      expect(JSON.parse(row!.before!).role).toBe('client');
      expect(JSON.parse(row!.after!).role).toBe('viewer');
      const [linkRow] = await auditOf('client_company_links', client.userId);
      expect(JSON.parse(linkRow!.before!)).toEqual({ companyIds: [h.unlinked] });
      expect(JSON.parse(linkRow!.after!)).toEqual({ companyIds: [] });
    });

    it('removal: links go, API tokens here are revoked, the session stays for other organisations', async () => {
      const client = await h.actor(h.orgA, 'client');
      await h.link(h.orgA, client.userId, h.linked);
      await t.db.kysely
        .insertInto('memberships')
        .values({
          organisation_id: h.orgB,
          user_id: client.userId,
          role: 'viewer',
          created_at: new Date().toISOString(),
        })
        .execute();
      const tokenId = newId();
      await t.db.kysely
        .insertInto('api_tokens')
        .values({
          id: tokenId,
          organisation_id: h.orgA,
          user_id: client.userId,
          name: 'old',
          token_hash: `hash-${tokenId}`,
          scopes: '["read"]',
          created_at: new Date().toISOString(),
          expires_at: null,
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      const res = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/members/${client.userId}` });
      expect(res.statusCode).toBe(204);
      expect(await links(h.orgA, client.userId)).toEqual([]);
      const token = await t.db.kysely
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', tokenId)
        .executeTakeFirstOrThrow();
      expect(token.revoked_at).not.toBeNull();
      const me = await h.call(client, { url: '/api/v1/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json().organisations.map((o: { id: string }) => o.id)).toEqual([h.orgB]);
      const inA = await h.call(client, { url: '/api/v1/companies', headers: { 'x-organisation': h.orgA } });
      expect(inA.statusCode).toBe(400);
      expect(inA.json().code).toBe('ORGANISATION_UNKNOWN');
      const [row] = await auditOf('memberships', client.userId);
      expect(row).toMatchObject({ action: 'delete', actor_id: h.as.owner.userId, after: null });
      expect(JSON.parse(row!.before!)).toMatchObject({ role: 'client', companyIds: [h.linked] });
      expect((await auditOf('api_tokens', tokenId)).map((r) => r.action)).toEqual(['revoke']);
    });

    it('setting links changes what the client sees; the whole set at once; audited', async () => {
      const client = await h.actor(h.orgA, 'client');
      const put = (companyIds: string[]) =>
        h.call(h.as.consultant, {
          method: 'PUT',
          url: `/api/v1/members/${client.userId}/companies`,
          payload: { companyIds },
        });
      const seen = async () =>
        (await h.call(client, { url: '/api/v1/companies?limit=100' }))
          .json()
          .items.map((c: { id: string }) => c.id);
      expect(await seen()).toEqual([]);
      expect((await put([h.unlinked])).statusCode).toBe(200);
      expect(await seen()).toEqual([h.unlinked]);
      expect((await put([h.linked, h.linked])).statusCode).toBe(200);
      expect(await seen()).toEqual([h.linked]);
      expect((await put([h.linked])).statusCode).toBe(200); // no change: no audit row
      expect((await put([])).statusCode).toBe(200);
      expect(await seen()).toEqual([]);
      const rows = await auditOf('client_company_links', client.userId);
      expect(rows.map((r) => JSON.parse(r.after!).companyIds)).toEqual([[h.unlinked], [h.linked], []]);
      expect(rows.every((r) => r.actor_id === h.as.consultant.userId && r.organisation_id === h.orgA)).toBe(
        true,
      );
    });

    it('links only for clients (409 NOT_A_CLIENT), only to the organisation’s companies (400 COMPANY_UNKNOWN)', async () => {
      for (const method of ['GET', 'PUT'] as const) {
        const res = await h.call(h.as.owner, {
          method,
          url: `/api/v1/members/${h.as.viewer.userId}/companies`,
          ...(method === 'PUT' ? { payload: { companyIds: [h.linked] } } : {}),
        });
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('NOT_A_CLIENT');
      }
      const client = await h.actor(h.orgA, 'client');
      for (const ids of [[h.theirs], [h.linked, newId()]]) {
        const res = await h.call(h.as.owner, {
          method: 'PUT',
          url: `/api/v1/members/${client.userId}/companies`,
          payload: { companyIds: ids },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('COMPANY_UNKNOWN');
        expect(res.body).not.toContain('乙的公司');
      }
      expect(await links(h.orgA, client.userId)).toEqual([]);
    });

    it('a deleted company’s links go with it', async () => {
      const client = await h.actor(h.orgA, 'client');
      const company = await seedCompany(t.db, h.orgA, { name: '将删除的公司' });
      await h.link(h.orgA, client.userId, company);
      expect(
        (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/companies/${company}` })).statusCode,
      ).toBe(204);
      const res = await h.call(client, { url: `/api/v1/members/${client.userId}/companies` });
      expect(res.json()).toEqual({ items: [] });
    });
  });

  describe('malformed input: 4xx with a code, never 500', () => {
    const cases: [string, InjectOptions][] = [
      ['unknown role', { method: 'PATCH', url: '/api/v1/members/ID', payload: { role: 'god' } }],
      ['no role', { method: 'PATCH', url: '/api/v1/members/ID', payload: {} }],
      ['role not a string', { method: 'PATCH', url: '/api/v1/members/ID', payload: { role: 1 } }],
      [
        'extra field',
        { method: 'PATCH', url: '/api/v1/members/ID', payload: { role: 'viewer', email: 'x@y.z' } },
      ],
      [
        'companyIds not an array',
        { method: 'PUT', url: '/api/v1/members/ID/companies', payload: { companyIds: 'x' } },
      ],
      [
        'companyIds of numbers',
        { method: 'PUT', url: '/api/v1/members/ID/companies', payload: { companyIds: [1] } },
      ],
      ['no companyIds', { method: 'PUT', url: '/api/v1/members/ID/companies', payload: {} }],
      ['a bad cursor', { method: 'GET', url: '/api/v1/members?cursor=%%%' }],
      ['limit 0', { method: 'GET', url: '/api/v1/members?limit=0' }],
      [
        'a text body',
        {
          method: 'PATCH',
          url: '/api/v1/members/ID',
          payload: 'role=viewer',
          headers: { 'content-type': 'text/plain' },
        },
      ],
    ];
    for (const [what, opts] of cases)
      it(what, async () => {
        const client = await h.actor(h.orgA, 'client');
        const res = await h.call(h.as.owner, {
          ...opts,
          url: (opts.url as string).replace('ID', client.userId),
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(typeof res.json().code).toBe('string');
        expect((await membership(h.orgA, client.userId))?.role).toBe('client');
      });
  });

  describe('tenant isolation', () => {
    it('a member of another organisation is a 404 on every route, never data, and changes nothing', async () => {
      const victim = h.as.client.userId;
      const missing = await h.call(h.outsider, {
        method: 'PATCH',
        url: `/api/v1/members/${newId()}`,
        payload: { role: 'viewer' },
      });
      expect(missing.statusCode).toBe(404);
      for (const opts of [
        { method: 'PATCH' as const, url: `/api/v1/members/${victim}`, payload: { role: 'viewer' } },
        { method: 'DELETE' as const, url: `/api/v1/members/${victim}` },
        { method: 'GET' as const, url: `/api/v1/members/${victim}/companies` },
        { method: 'PUT' as const, url: `/api/v1/members/${victim}/companies`, payload: { companyIds: [] } },
      ]) {
        const res = await h.call(h.outsider, opts);
        expect(res.statusCode, `${opts.method} ${opts.url}`).toBe(404);
        expect(strip(res.json())).toEqual(strip(missing.json()));
        expect(res.body).not.toContain(h.linked);
      }
      expect((await membership(h.orgA, victim))?.role).toBe('client');
      expect(await links(h.orgA, victim)).toEqual([h.linked]);
      const list = await h.call(h.outsider, { url: '/api/v1/members?limit=100' });
      const ids = list.json().items.map((m: { userId: string }) => m.userId);
      expect(ids).toContain(h.outsider.userId);
      for (const r of roles) expect(ids).not.toContain(h.as[r].userId);
    });

    it('A’s owner cannot reach B’s owner either', async () => {
      for (const opts of [
        {
          method: 'PATCH' as const,
          url: `/api/v1/members/${h.outsider.userId}`,
          payload: { role: 'viewer' },
        },
        { method: 'DELETE' as const, url: `/api/v1/members/${h.outsider.userId}` },
      ])
        expect((await h.call(h.as.owner, opts)).statusCode).toBe(404);
      expect((await membership(h.orgB, h.outsider.userId))?.role).toBe('owner');
    });
  });
});
