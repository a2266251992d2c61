import { newId, roles, sha256Hex } from '@icpdesk/store';
import { forEachDb } from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type Actor, httpHarness, isManager, uscc } from '../../../test/http-harness.ts';
import { collectPages } from '../../../test/pages.ts';

const SECRET = /^icpd_[A-Za-z0-9_-]{43}$/;

forEachDb('API token routes and bearer authentication', (t) => {
  const h = httpHarness(t);

  let n = 0;
  /** a token made through the API by `a` */
  const makeToken = async (a: Actor, scopes: string[], extra: Record<string, unknown> = {}) => {
    const name = `集成-${++n}`;
    const res = await h.call(a, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name, scopes, ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    return { id: b.token.id as string, secret: b.secret as string, name };
  };
  const bearer = (secret: string, opts: InjectOptions) =>
    h.app.inject({ ...opts, headers: { authorization: `Bearer ${secret}`, ...(opts.headers ?? {}) } });
  const company = () => ({
    name: '令牌创建的公司',
    uscc: uscc(),
    legalRepresentative: '王示例',
    address: '浙江省杭州市示例路3号',
    registeredCapitalCny: 1_000_000,
  });
  const tokenRow = (id: string) =>
    t.db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  describe('each route × each role', () => {
    for (const role of roles) {
      const allowed = isManager(role);

      it(`${role}: create ${allowed ? 'allowed' : 'denied'}`, async () => {
        const res = await h.call(h.as[role], {
          method: 'POST',
          url: '/api/v1/tokens',
          payload: { name: `ci-${role}`, scopes: ['read', 'write'] },
        });
        expect(res.statusCode).toBe(allowed ? 201 : 403);
        if (!allowed) {
          expect(res.json().code).toBe('FORBIDDEN');
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          return;
        }
        const { token, secret } = res.json();
        expect(secret).toMatch(SECRET);
        expect(token).toMatchObject({
          name: `ci-${role}`,
          scopes: ['read', 'write'],
          userId: h.as[role].userId,
          expiresAt: null,
          lastUsedAt: null,
          revokedAt: null,
        });
        const row = await tokenRow(token.id);
        expect(row.token_hash).toBe(sha256Hex(secret));
        expect(JSON.stringify(row)).not.toContain(secret);
        expect(row.organisation_id).toBe(h.orgA);
      });

      it(`${role}: list ${allowed ? 'allowed' : 'denied'}`, async () => {
        const mine = await makeToken(h.as.owner, ['read']);
        const res = await h.call(h.as[role], { url: '/api/v1/tokens?limit=100' });
        expect(res.statusCode).toBe(allowed ? 200 : 403);
        if (!allowed) return;
        const items = res.json().items;
        expect(items.map((x: { id: string }) => x.id)).toContain(mine.id);
        expect(res.body).not.toContain(mine.secret);
        expect(res.body).not.toContain(sha256Hex(mine.secret));
      });

      it(`${role}: revoke ${allowed ? 'allowed' : 'denied'}`, async () => {
        const tok = await makeToken(h.as.owner, ['read']);
        const res = await h.call(h.as[role], { method: 'DELETE', url: `/api/v1/tokens/${tok.id}` });
        expect(res.statusCode).toBe(allowed ? 204 : 403);
        expect((await tokenRow(tok.id)).revoked_at !== null).toBe(allowed);
        const use = await bearer(tok.secret, { url: '/api/v1/companies' });
        expect(use.statusCode).toBe(allowed ? 401 : 200);
      });
    }

    it('without a session: 401 on every route', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/tokens'],
        ['POST', '/api/v1/tokens'],
        ['DELETE', `/api/v1/tokens/${newId()}`],
      ] as const) {
        const res = await h.call(undefined, { method, url, payload: { name: 'x', scopes: ['read'] } });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing written', async () => {
      const tok = await makeToken(h.as.owner, ['read']);
      const post = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'csrf-less', scopes: ['read'] },
        csrf: false,
      });
      const del = await h.call(h.as.owner, {
        method: 'DELETE',
        url: `/api/v1/tokens/${tok.id}`,
        csrf: false,
      });
      for (const r of [post, del]) expect(r.json().code).toBe('CSRF_FAILED');
      expect((await tokenRow(tok.id)).revoked_at).toBeNull();
      const named = await t.db.kysely
        .selectFrom('api_tokens')
        .select('id')
        .where('name', '=', 'csrf-less')
        .execute();
      expect(named).toEqual([]);
    });

    it('revoking twice is a no-op; an expiry is kept; writes leave audit rows without secrets', async () => {
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const tok = await makeToken(h.as.admin, ['read'], { expiresAt });
      expect((await tokenRow(tok.id)).expires_at).toBe(expiresAt);
      for (let i = 0; i < 2; i++)
        expect(
          (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/tokens/${tok.id}` })).statusCode,
        ).toBe(204);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'api_tokens')
        .where('entity_id', '=', tok.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'revoke']);
      expect(audit.map((a) => a.organisation_id)).toEqual([h.orgA, h.orgA]);
      expect(audit[1]!.actor_id).toBe(h.as.owner.userId);
      for (const a of audit) {
        expect(`${a.before}${a.after}`).not.toContain(tok.secret);
        expect(`${a.before}${a.after}`).not.toContain(sha256Hex(tok.secret));
      }
      expect(JSON.parse(audit[1]!.after!).revokedAt).not.toBeNull();
    });

    it('lists a page at a time', async () => {
      for (let i = 0; i < 3; i++) await makeToken(h.as.owner, ['read']);
      const seen = await collectPages(h, h.as.owner, '/api/v1/tokens');
      expect(seen).toEqual([...seen].sort());
      expect(seen.length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('malformed input: 4xx with a code, never 500', () => {
    const cases: [string, unknown][] = [
      ['unknown scope', { name: 'x', scopes: ['root'] }],
      ['no scope', { name: 'x', scopes: [] }],
      ['a scope twice', { name: 'x', scopes: ['read', 'read'] }],
      ['empty name', { name: '  ', scopes: ['read'] }],
      ['name too long', { name: 'x'.repeat(101), scopes: ['read'] }],
      ['scopes not an array', { name: 'x', scopes: 'read' }],
      ['expiry not an instant', { name: 'x', scopes: ['read'], expiresAt: 'tomorrow' }],
      ['expiry in the past', { name: 'x', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' }],
      ['an unknown field', { name: 'x', scopes: ['read'], userId: newId() }],
      ['not an object', [1, 2]],
    ];
    for (const [what, payload] of cases)
      it(what, async () => {
        const res = await h.call(h.as.owner, {
          method: 'POST',
          url: '/api/v1/tokens',
          payload: payload as object,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      });

    it('a bad cursor is 400 INVALID_CURSOR', async () => {
      const res = await h.call(h.as.owner, { url: '/api/v1/tokens?cursor=bm9wZQ' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('INVALID_CURSOR');
    });

    it('errors follow the language: zh by default, en on request', async () => {
      const zh = await h.call(h.as.viewer, { url: '/api/v1/tokens' });
      const en = await h.call(h.as.viewer, { url: '/api/v1/tokens?lang=en' });
      expect(zh.json().title).toBe('您的角色无权执行此操作');
      expect(en.json().title).toBe('Your role may not do this');
    });
  });

  describe('tenant isolation', () => {
    it('another organisation’s token id is a 404 and changes nothing; lists never cross', async () => {
      const tok = await makeToken(h.as.owner, ['read']);
      const missing = await h.call(h.outsider, { method: 'DELETE', url: `/api/v1/tokens/${newId()}` });
      const theirs = await h.call(h.outsider, { method: 'DELETE', url: `/api/v1/tokens/${tok.id}` });
      expect(missing.statusCode).toBe(404);
      expect(theirs.statusCode).toBe(404);
      expect({ ...theirs.json(), instance: 0, detail: 0 }).toEqual({
        ...missing.json(),
        instance: 0,
        detail: 0,
      });
      expect((await tokenRow(tok.id)).revoked_at).toBeNull();
      const list = await h.call(h.outsider, { url: '/api/v1/tokens?limit=100' });
      expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(tok.id);
    });
  });

  describe('Authorization: Bearer', () => {
    it('a read token reads, and cannot POST a company (403)', async () => {
      const tok = await makeToken(h.as.owner, ['read']);
      const list = await bearer(tok.secret, { url: '/api/v1/companies?limit=100' });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((c: { id: string }) => c.id)).toContain(h.linked);
      const post = await bearer(tok.secret, { method: 'POST', url: '/api/v1/companies', payload: company() });
      expect(post.statusCode).toBe(403);
      expect(post.json().code).toBe('FORBIDDEN');
    });

    it('a write token writes without cookie or CSRF token; the audit names the token', async () => {
      const tok = await makeToken(h.as.owner, ['write']);
      const post = await bearer(tok.secret, { method: 'POST', url: '/api/v1/companies', payload: company() });
      expect(post.statusCode).toBe(201);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'companies')
        .where('entity_id', '=', post.json().id)
        .executeTakeFirstOrThrow();
      expect(audit.actor_label).toBe(`token:${tok.name}`);
      expect(audit.actor_id).toBe(h.as.owner.userId);
      const read = await bearer(tok.secret, { url: `/api/v1/companies/${post.json().id}` });
      expect(read.statusCode).toBe(200);
    });

    it('token management needs the admin scope; a token never mints wider scopes', async () => {
      const writer = await makeToken(h.as.owner, ['read', 'write']);
      expect((await bearer(writer.secret, { url: '/api/v1/tokens' })).statusCode).toBe(403);
      const denied = await bearer(writer.secret, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'x', scopes: ['read'] },
      });
      expect(denied.statusCode).toBe(403);
      const del = await bearer(writer.secret, { method: 'DELETE', url: `/api/v1/tokens/${writer.id}` });
      expect(del.statusCode).toBe(403);
      expect((await tokenRow(writer.id)).revoked_at).toBeNull();

      const admin = await makeToken(h.as.admin, ['admin']);
      expect((await bearer(admin.secret, { url: '/api/v1/tokens' })).statusCode).toBe(200);
      const wider = await bearer(admin.secret, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'wider', scopes: ['admin', 'write'] },
      });
      expect(wider.statusCode).toBe(403);
      const same = await bearer(admin.secret, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'same', scopes: ['admin'] },
      });
      expect(same.statusCode).toBe(201);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select('actor_label')
        .where('entity_id', '=', same.json().token.id)
        .executeTakeFirstOrThrow();
      expect(audit.actor_label).toBe(`token:${admin.name}`);
      // an admin-only token manages but does not change compliance data
      const post = await bearer(admin.secret, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: company(),
      });
      expect(post.statusCode).toBe(403);
    });

    it('a token with no usable scope cannot even read', async () => {
      const tok = await makeToken(h.as.owner, ['read']);
      await t.db.kysely.updateTable('api_tokens').set({ scopes: '[]' }).where('id', '=', tok.id).execute();
      const res = await bearer(tok.secret, { url: '/api/v1/companies' });
      expect(res.statusCode).toBe(403);
    });

    it('revoked, expired, unknown and malformed tokens are 401; no fallback to the cookie', async () => {
      const revoked = await makeToken(h.as.owner, ['read']);
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/tokens/${revoked.id}` });
      const expired = await makeToken(h.as.owner, ['read']);
      await t.db.kysely
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', expired.id)
        .execute();
      const unknown = `icpd_${'A'.repeat(43)}`;
      for (const secret of [
        revoked.secret,
        expired.secret,
        unknown,
        'nonsense',
        '',
        revoked.secret.slice(5),
      ]) {
        const res = await bearer(secret, { url: '/api/v1/companies' });
        expect(res.statusCode, secret).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
      // a valid session cookie does not rescue a bad bearer token
      const both = await h.call(h.as.owner, {
        url: '/api/v1/companies',
        headers: { authorization: `Bearer ${revoked.secret}` },
      });
      expect(both.statusCode).toBe(401);
    });

    it('a disabled user’s token, and a removed member’s, are 401', async () => {
      const a = await h.actor(h.orgA, 'admin');
      const b = await h.actor(h.orgA, 'admin');
      const ta = await makeToken(a, ['read']);
      const tb = await makeToken(b, ['read']);
      expect((await bearer(ta.secret, { url: '/api/v1/companies' })).statusCode).toBe(200);
      await t.db.kysely
        .updateTable('users')
        .set({ disabled_at: new Date().toISOString() })
        .where('id', '=', a.userId)
        .execute();
      expect((await bearer(ta.secret, { url: '/api/v1/companies' })).statusCode).toBe(401);
      await t.db.kysely
        .deleteFrom('memberships')
        .where('organisation_id', '=', h.orgA)
        .where('user_id', '=', b.userId)
        .execute();
      expect((await bearer(tb.secret, { url: '/api/v1/companies' })).statusCode).toBe(401);
    });

    it('the token acts with its user’s current role', async () => {
      const a = await h.actor(h.orgA, 'admin');
      const tok = await makeToken(a, ['read', 'write']);
      expect(
        (await bearer(tok.secret, { method: 'POST', url: '/api/v1/companies', payload: company() }))
          .statusCode,
      ).toBe(201);
      await t.db.kysely
        .updateTable('memberships')
        .set({ role: 'viewer' })
        .where('organisation_id', '=', h.orgA)
        .where('user_id', '=', a.userId)
        .execute();
      expect(
        (await bearer(tok.secret, { method: 'POST', url: '/api/v1/companies', payload: company() }))
          .statusCode,
      ).toBe(403);
    });

    it('a token of A never sees B’s data', async () => {
      const tok = await makeToken(h.as.owner, ['read', 'write']);
      const list = await bearer(tok.secret, { url: '/api/v1/companies?limit=100' });
      expect(list.json().items.map((c: { id: string }) => c.id)).not.toContain(h.theirs);
      for (const opts of [
        { url: `/api/v1/companies/${h.theirs}` },
        { method: 'PATCH' as const, url: `/api/v1/companies/${h.theirs}`, payload: { name: '偷改' } },
      ]) {
        const res = await bearer(tok.secret, opts);
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('乙的公司');
      }
    });

    it('X-Organisation must name the token’s organisation (400 otherwise)', async () => {
      const tok = await makeToken(h.as.owner, ['read']);
      const other = await bearer(tok.secret, {
        url: '/api/v1/companies',
        headers: { 'x-organisation': h.orgB },
      });
      expect(other.statusCode).toBe(400);
      expect(other.json().code).toBe('TOKEN_ORGANISATION_MISMATCH');
      expect(other.body).not.toContain('乙的公司');
      const same = await bearer(tok.secret, {
        url: '/api/v1/companies',
        headers: { 'x-organisation': h.orgA },
      });
      expect(same.statusCode).toBe(200);
    });

    it('a member of several organisations: the token is bound to the one it was made in', async () => {
      const a = await h.actor(h.orgA, 'owner');
      await t.db.kysely
        .insertInto('memberships')
        .values({
          organisation_id: h.orgB,
          user_id: a.userId,
          role: 'owner',
          created_at: new Date().toISOString(),
        })
        .execute();
      const made = await h.call(a, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'in-b', scopes: ['read'] },
        headers: { 'x-organisation': h.orgB },
      });
      expect(made.statusCode).toBe(201);
      const secret = made.json().secret;
      const list = await bearer(secret, { url: '/api/v1/companies?limit=100' });
      expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([h.theirs]);
      const me = await bearer(secret, { url: '/api/v1/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        user: { id: a.userId },
        organisations: [{ id: h.orgB, role: 'owner' }],
        csrfToken: null,
        token: { id: made.json().token.id, name: 'in-b', scopes: ['read'] },
      });
    });

    it('last use is noted, at most every few minutes', async () => {
      const tok = await makeToken(h.as.owner, ['read']);
      expect((await tokenRow(tok.id)).last_used_at).toBeNull();
      await bearer(tok.secret, { url: '/api/v1/companies' });
      const first = (await tokenRow(tok.id)).last_used_at;
      expect(first).not.toBeNull();
      await bearer(tok.secret, { url: '/api/v1/companies' });
      expect((await tokenRow(tok.id)).last_used_at).toBe(first);
      const old = new Date(Date.now() - 10 * 60 * 1000).toISOString();
      await t.db.kysely
        .updateTable('api_tokens')
        .set({ last_used_at: old })
        .where('id', '=', tok.id)
        .execute();
      await bearer(tok.secret, { url: '/api/v1/companies' });
      expect((await tokenRow(tok.id)).last_used_at! > old).toBe(true);
    });
  });
});
