import {
  INVITATION_TTL_DAYS,
  newId,
  type Role,
  roles,
  SESSION_COOKIE,
  sha256Hex,
  verifyPassword,
} from '@icpdesk/store';
import { clearOfWindowEnd, forEachDb, seedCompany } from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../../../store/test/notification-receivers.ts';
import { type Actor, httpHarness, isManager } from '../../../test/http-harness.ts';
import { collectPages } from '../../../test/pages.ts';

const PASSWORD = 'a long enough passphrase';
const DAY_MS = 86_400_000;

forEachDb('invitation routes', (t) => {
  const h = httpHarness(t);

  let n = 0;
  const freshEmail = () => `invitee${++n}-${newId().slice(-6)}@example.com`;
  /** an invitation made through the API by `a` (default A's owner) */
  const invite = async (body: Record<string, unknown>, a: Actor = h.as.owner) => {
    const res = await h.call(a, { method: 'POST', url: '/api/v1/invitations', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as {
      invitation: { id: string; email: string; expiresAt: string };
      token: string;
      path: string;
      emailed: string;
    };
  };
  const preview = (token: string, opts: Partial<InjectOptions> = {}) =>
    h.app.inject({ url: `/api/v1/invitations/accept/${token}`, ...opts });
  const accept = (payload: Record<string, unknown>, opts: Partial<InjectOptions> = {}) =>
    h.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload, ...opts });
  const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  const invitationRow = (id: string) =>
    t.db.kysely.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const userByEmail = (email: string) =>
    t.db.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const emailOf = async (userId: string) =>
    (await t.db.kysely.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow())
      .email;
  const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, detail: undefined });
  const expire = (id: string) =>
    t.db.kysely
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();

  describe('each route × each role', () => {
    for (const role of roles) {
      const allowed = isManager(role);

      it(`${role}: invite ${allowed ? 'allowed' : 'denied'}`, async () => {
        const email = freshEmail();
        const res = await h.call(h.as[role], {
          method: 'POST',
          url: '/api/v1/invitations',
          payload: { email: email.toUpperCase(), role: 'consultant' },
        });
        expect(res.statusCode).toBe(allowed ? 201 : 403);
        const rows = await t.db.kysely
          .selectFrom('invitations')
          .selectAll()
          .where('email', '=', email)
          .execute();
        if (!allowed) {
          expect(res.json().code).toBe('FORBIDDEN');
          expect(rows).toEqual([]);
          return;
        }
        const b = res.json();
        expect(b.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(b.path).toBe(`/invite/${b.token}`);
        expect(b.invitation).toMatchObject({
          email,
          role: 'consultant',
          companyIds: [],
          invitedBy: h.as[role].userId,
          acceptedAt: null,
          revokedAt: null,
        });
        const ttl = Date.parse(b.invitation.expiresAt) - Date.parse(b.invitation.createdAt);
        expect(ttl).toBe(INVITATION_TTL_DAYS * DAY_MS);
        expect(rows.length).toBe(1);
        expect(rows[0]!.token_hash).toBe(sha256Hex(b.token));
        expect(JSON.stringify(rows[0])).not.toContain(b.token);
      });

      it(`${role}: list ${allowed ? 'allowed' : 'denied'}`, async () => {
        const made = await invite({ email: freshEmail(), role: 'viewer' });
        const res = await h.call(h.as[role], { url: '/api/v1/invitations?limit=100' });
        expect(res.statusCode).toBe(allowed ? 200 : 403);
        if (!allowed) return;
        expect(res.json().items.map((i: { id: string }) => i.id)).toContain(made.invitation.id);
        expect(res.body).not.toContain(made.token);
      });

      it(`${role}: revoke ${allowed ? 'allowed' : 'denied'}`, async () => {
        const made = await invite({ email: freshEmail(), role: 'viewer' });
        const res = await h.call(h.as[role], {
          method: 'DELETE',
          url: `/api/v1/invitations/${made.invitation.id}`,
        });
        expect(res.statusCode).toBe(allowed ? 204 : 403);
        expect((await invitationRow(made.invitation.id)).revoked_at !== null).toBe(allowed);
        expect((await preview(made.token)).statusCode).toBe(allowed ? 410 : 200);
      });
    }

    it('without a session: 401 on the managers’ routes', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/invitations'],
        ['POST', '/api/v1/invitations'],
        ['DELETE', `/api/v1/invitations/${newId()}`],
      ] as const) {
        const res = await h.call(undefined, {
          method,
          url,
          payload: { email: freshEmail(), role: 'viewer' },
        });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing written', async () => {
      const made = await invite({ email: freshEmail(), role: 'viewer' });
      const email = freshEmail();
      const post = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email, role: 'viewer' },
        csrf: false,
      });
      const del = await h.call(h.as.owner, {
        method: 'DELETE',
        url: `/api/v1/invitations/${made.invitation.id}`,
        csrf: false,
      });
      for (const r of [post, del]) expect(r.json().code).toBe('CSRF_FAILED');
      expect((await invitationRow(made.invitation.id)).revoked_at).toBeNull();
      expect(
        await t.db.kysely.selectFrom('invitations').select('id').where('email', '=', email).execute(),
      ).toEqual([]);
    });

    it('only an owner invites an owner', async () => {
      const res = await h.call(h.as.admin, {
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: freshEmail(), role: 'owner' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      await invite({ email: freshEmail(), role: 'owner' }, h.as.owner);
    });

    it('the list holds pending invitations only, a page at a time', async () => {
      const accepted = await invite({ email: freshEmail(), role: 'viewer' });
      expect((await accept({ token: accepted.token, password: PASSWORD })).statusCode).toBe(200);
      const revoked = await invite({ email: freshEmail(), role: 'viewer' });
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/invitations/${revoked.invitation.id}` });
      const expired = await invite({ email: freshEmail(), role: 'viewer' });
      await expire(expired.invitation.id);
      const open = await invite({ email: freshEmail(), role: 'viewer' });
      const seen = await collectPages(h, h.as.admin, '/api/v1/invitations');
      expect(seen).toContain(open.invitation.id);
      for (const gone of [accepted, revoked, expired]) expect(seen).not.toContain(gone.invitation.id);
    });

    it('a new invitation for an address replaces the pending one; each is audited', async () => {
      const email = freshEmail();
      const first = await invite({ email, role: 'viewer' });
      const second = await invite({ email, role: 'consultant' });
      expect((await preview(first.token)).json().code).toBe('INVITATION_REVOKED');
      expect((await preview(second.token)).json()).toMatchObject({ role: 'consultant' });
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'invitations')
        .where('entity_id', 'in', [first.invitation.id, second.invitation.id])
        .orderBy('id')
        .execute();
      expect(audit.map((a) => [a.entity_id, a.action])).toEqual([
        [first.invitation.id, 'create'],
        [first.invitation.id, 'revoke'],
        [second.invitation.id, 'create'],
      ]);
      for (const a of audit) {
        expect(a.actor_id).toBe(h.as.owner.userId);
        expect(`${a.before}${a.after}`).not.toContain(first.token);
        expect(`${a.before}${a.after}`).not.toContain(second.token);
      }
    });
  });

  describe('refusals and malformed input: 4xx with a code, never 500', () => {
    it('an address that is a member already: 409 ALREADY_MEMBER', async () => {
      const email = await emailOf(h.as.viewer.userId);
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email, role: 'consultant' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('ALREADY_MEMBER');
    });

    it('companies must be the organisation’s (400 COMPANY_UNKNOWN), and for a client only', async () => {
      for (const ids of [[h.theirs], [h.linked, newId()]]) {
        const res = await h.call(h.as.owner, {
          method: 'POST',
          url: '/api/v1/invitations',
          payload: { email: freshEmail(), role: 'client', companyIds: ids },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('COMPANY_UNKNOWN');
        expect(res.body).not.toContain('乙的公司');
      }
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: freshEmail(), role: 'viewer', companyIds: [h.linked] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    });

    const cases: [string, unknown][] = [
      ['not an e-mail', { email: 'nobody', role: 'viewer' }],
      ['no e-mail', { role: 'viewer' }],
      ['unknown role', { email: 'a@b.cn', role: 'god' }],
      ['expiry of 0 days', { email: 'a@b.cn', role: 'viewer', expiresInDays: 0 }],
      ['expiry of 31 days', { email: 'a@b.cn', role: 'viewer', expiresInDays: 31 }],
      ['expiry of 1.5 days', { email: 'a@b.cn', role: 'viewer', expiresInDays: 1.5 }],
      ['companyIds not an array', { email: 'a@b.cn', role: 'client', companyIds: 'x' }],
      ['extra field', { email: 'a@b.cn', role: 'viewer', organisationId: newId() }],
      ['not an object', [1, 2]],
    ];
    for (const [what, payload] of cases)
      it(`invite: ${what}`, async () => {
        const res = await h.call(h.as.owner, {
          method: 'POST',
          url: '/api/v1/invitations',
          payload: payload as object,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      });

    it('an expiry of some days is honoured', async () => {
      const b = await invite({ email: freshEmail(), role: 'viewer', expiresInDays: 2 });
      const row = await invitationRow(b.invitation.id);
      expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(2 * DAY_MS);
    });

    const acceptCases: [string, unknown][] = [
      ['no token', { password: PASSWORD }],
      ['token not a string', { token: 1, password: PASSWORD }],
      ['password not a string', { token: 'x', password: 12 }],
      ['extra field', { token: 'x', password: PASSWORD, role: 'owner' }],
      ['huge password', { token: 'x', password: 'p'.repeat(2000) }],
    ];
    for (const [what, payload] of acceptCases)
      it(`accept: ${what}`, async () => {
        const res = await accept(payload as Record<string, unknown>);
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      });
  });

  describe('accepting a link', () => {
    it('a new user: preview, choose a password, signed in as a member with the role', async () => {
      const email = freshEmail();
      const made = await invite({ email, role: 'consultant' });
      const p = await preview(made.token);
      expect(p.statusCode).toBe(200);
      expect(p.json()).toEqual({
        organisationName: '甲咨询',
        email,
        role: 'consultant',
        expiresAt: (await invitationRow(made.invitation.id)).expires_at,
        accountExists: false,
      });
      const res = await accept({ token: made.token, password: PASSWORD, name: '新同事' });
      expect(res.statusCode, res.body).toBe(200);
      const user = await userByEmail(email);
      expect(user).toMatchObject({ name: '新同事', disabled_at: null });
      expect(user!.password_hash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user!.password_hash, PASSWORD)).toBe(true);
      expect(res.json()).toMatchObject({
        user: { id: user!.id, email, name: '新同事' },
        organisations: [{ id: h.orgA, name: '甲咨询', role: 'consultant' }],
      });
      const cookie = cookieOf(res);
      expect(cookie).toBeTruthy();
      const c = res.cookies.find((x) => x.name === SESSION_COOKIE)!;
      expect(c.httpOnly).toBe(true);
      expect(c.sameSite).toBe('Lax');
      // the session works: the new consultant creates nothing without CSRF but reads companies
      const list = await h.app.inject({ url: '/api/v1/companies', cookies: { [SESSION_COOKIE]: cookie! } });
      expect(list.statusCode).toBe(200);
      const row = await invitationRow(made.invitation.id);
      expect(row.accepted_at).not.toBeNull();
      expect(row.accepted_by).toBe(user!.id);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select(['entity', 'action', 'actor_id', 'after'])
        .where('organisation_id', '=', h.orgA)
        .where('entity_id', 'in', [user!.id, made.invitation.id])
        .where('action', '!=', 'create')
        .execute();
      expect(audit.map((a) => a.entity)).toContain('invitations');
      const created = await t.db.kysely
        .selectFrom('audit_log')
        .select(['entity', 'after'])
        .where('entity_id', '=', user!.id)
        .where('action', '=', 'create')
        .execute();
      expect(created.map((a) => a.entity).sort()).toEqual(['memberships', 'users']);
      for (const a of created) expect(a.after).not.toContain('argon2');
      // used: the link is gone
      for (const r of [await preview(made.token), await accept({ token: made.token, password: PASSWORD })]) {
        expect(r.statusCode).toBe(410);
        expect(r.json().code).toBe('INVITATION_ACCEPTED');
      }
    });

    it('a weak or missing password is refused, nothing is made, the link stays usable', async () => {
      const email = freshEmail();
      const made = await invite({ email, role: 'viewer' });
      const cases: [Record<string, unknown>, string, string | undefined][] = [
        [{ token: made.token, password: 'short' }, 'PASSWORD_REJECTED', 'PASSWORD_TOO_SHORT'],
        [{ token: made.token, password: 'x'.repeat(20) }, 'PASSWORD_REJECTED', 'PASSWORD_ONE_CHARACTER'],
        [{ token: made.token, password: email }, 'PASSWORD_REJECTED', 'PASSWORD_IS_EMAIL'],
        [{ token: made.token, password: 'password1234' }, 'PASSWORD_REJECTED', 'PASSWORD_WEAK'],
        [{ token: made.token }, 'VALIDATION_FAILED', 'required'],
      ];
      for (const [payload, code, rule] of cases) {
        const res = await accept(payload, { query: { lang: 'en' } });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe(code);
        expect(res.json().errors[0]).toMatchObject({ path: 'body.password', code: rule });
      }
      expect(await userByEmail(email)).toBeUndefined();
      expect((await preview(made.token)).statusCode).toBe(200);
    });

    it('an existing account must be signed in as the invited e-mail', async () => {
      const existing = await h.actor(h.orgB, 'consultant');
      const email = await emailOf(existing.userId);
      const made = await invite({ email, role: 'viewer' });
      expect((await preview(made.token)).json()).toMatchObject({ accountExists: true, email });

      const anonymous = await accept({ token: made.token, password: PASSWORD });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('INVITATION_SIGN_IN_REQUIRED');

      const other = h.as.viewer;
      const wrong = await accept(
        { token: made.token },
        { cookies: { [SESSION_COOKIE]: other.cookie }, headers: { 'x-csrf-token': other.csrf } },
      );
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().code).toBe('INVITATION_EMAIL_MISMATCH');

      const noCsrf = await accept({ token: made.token }, { cookies: { [SESSION_COOKIE]: existing.cookie } });
      expect(noCsrf.statusCode).toBe(403);
      expect(noCsrf.json().code).toBe('CSRF_FAILED');

      const ok = await accept(
        { token: made.token },
        { cookies: { [SESSION_COOKIE]: existing.cookie }, headers: { 'x-csrf-token': existing.csrf } },
      );
      expect(ok.statusCode, ok.body).toBe(200);
      expect(cookieOf(ok)).toBeUndefined(); // the session it has goes on
      expect(ok.json().csrfToken).toBe(existing.csrf);
      const orgs = ok.json().organisations.map((o: { id: string; role: Role }) => [o.id, o.role]);
      expect(orgs).toContainEqual([h.orgA, 'viewer']);
      expect(orgs).toContainEqual([h.orgB, 'consultant']);
      // nothing was made for the e-mail, and the old password is untouched
      const users = await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).execute();
      expect(users).toEqual([{ id: existing.userId }]);
    });

    it('a client with companies sees exactly those once accepted (a company deleted meanwhile is skipped)', async () => {
      const doomed = await seedCompany(t.db, h.orgA, { name: '即将删除' });
      const email = freshEmail();
      const made = await invite({ email, role: 'client', companyIds: [h.unlinked, doomed, h.unlinked] });
      expect((made.invitation as unknown as { companyIds: string[] }).companyIds.sort()).toEqual(
        [h.unlinked, doomed].sort(),
      );
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/companies/${doomed}` });
      const res = await accept({ token: made.token, password: PASSWORD });
      expect(res.statusCode, res.body).toBe(200);
      const cookie = cookieOf(res)!;
      const list = await h.app.inject({
        url: '/api/v1/companies?limit=100',
        cookies: { [SESSION_COOKIE]: cookie },
      });
      expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([h.unlinked]);
      const userId = res.json().user.id;
      const links = await h.call(h.as.owner, { url: `/api/v1/members/${userId}/companies` });
      expect(links.json().items.map((c: { id: string }) => c.id)).toEqual([h.unlinked]);
    });

    it('expired, revoked, unknown and malformed links: 410 / 404 with their codes', async () => {
      const expired = await invite({ email: freshEmail(), role: 'viewer' });
      await expire(expired.invitation.id);
      const revoked = await invite({ email: freshEmail(), role: 'viewer' });
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/invitations/${revoked.invitation.id}` });
      const cases: [string, number, string][] = [
        [expired.token, 410, 'INVITATION_EXPIRED'],
        [revoked.token, 410, 'INVITATION_REVOKED'],
        ['A'.repeat(43), 404, 'INVITATION_NOT_FOUND'],
        ['not-a-token', 404, 'INVITATION_NOT_FOUND'],
      ];
      for (const [token, status, code] of cases) {
        for (const res of [await preview(token), await accept({ token, password: PASSWORD })]) {
          expect(res.statusCode, `${token} ${code}`).toBe(status);
          expect(res.json().code).toBe(code);
          expect(res.body).not.toContain('甲咨询');
        }
      }
      const en = await preview(expired.token, { query: { lang: 'en' } });
      expect(en.json().title).toBe('The invitation link has expired');
      expect((await preview(expired.token)).json().title).toBe('邀请链接已过期');
      expect(await userByEmail(revoked.invitation.email)).toBeUndefined();
    });

    it('revoking an accepted or revoked invitation is 410', async () => {
      const used = await invite({ email: freshEmail(), role: 'viewer' });
      await accept({ token: used.token, password: PASSWORD });
      const a = await h.call(h.as.owner, {
        method: 'DELETE',
        url: `/api/v1/invitations/${used.invitation.id}`,
      });
      expect(a.statusCode).toBe(410);
      expect(a.json().code).toBe('INVITATION_ACCEPTED');
      const gone = await invite({ email: freshEmail(), role: 'viewer' });
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/invitations/${gone.invitation.id}` });
      const b = await h.call(h.as.owner, {
        method: 'DELETE',
        url: `/api/v1/invitations/${gone.invitation.id}`,
      });
      expect(b.statusCode).toBe(410);
      expect(b.json().code).toBe('INVITATION_REVOKED');
    });

    it('two acceptances of one link at once: one membership', async () => {
      const email = freshEmail();
      const made = await invite({ email, role: 'viewer' });
      const results = await Promise.all([
        accept({ token: made.token, password: PASSWORD }),
        accept({ token: made.token, password: PASSWORD }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes[0]).toBe(200);
      expect([401, 410]).toContain(codes[1]);
      const users = await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).execute();
      expect(users.length).toBe(1);
      const members = await t.db.kysely
        .selectFrom('memberships')
        .select('user_id')
        .where('organisation_id', '=', h.orgA)
        .where('user_id', '=', users[0]!.id)
        .execute();
      expect(members.length).toBe(1);
    });

    it('a member meanwhile: 409 ALREADY_MEMBER and the link stays unused', async () => {
      const existing = await h.actor(h.orgB, 'viewer');
      const email = await emailOf(existing.userId);
      const made = await invite({ email, role: 'viewer' });
      await t.db.kysely
        .insertInto('memberships')
        .values({
          organisation_id: h.orgA,
          user_id: existing.userId,
          role: 'viewer',
          created_at: new Date().toISOString(),
        })
        .execute();
      const res = await accept(
        { token: made.token },
        { cookies: { [SESSION_COOKIE]: existing.cookie }, headers: { 'x-csrf-token': existing.csrf } },
      );
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('ALREADY_MEMBER');
      expect((await invitationRow(made.invitation.id)).accepted_at).toBeNull();
    });

    it('failed link look-ups are limited per address (429 with Retry-After); others are not affected', async () => {
      const remoteAddress = '203.0.113.7';
      await clearOfWindowEnd(15 * 60 * 1000); // the failures must fall into one window of the limit
      for (let i = 0; i < 20; i++) {
        const res = await preview(`${'B'.repeat(42)}${i % 10}`, { remoteAddress });
        expect(res.statusCode).toBe(404);
      }
      const made = await invite({ email: freshEmail(), role: 'viewer' });
      for (const res of [
        await preview(made.token, { remoteAddress }),
        await accept({ token: made.token, password: PASSWORD }, { remoteAddress }),
      ]) {
        expect(res.statusCode).toBe(429);
        expect(res.json().code).toBe('RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect((await preview(made.token, { remoteAddress: '203.0.113.8' })).statusCode).toBe(200);
    });
  });

  describe('tenant isolation', () => {
    it('another organisation’s invitation id is a 404 and changes nothing; lists never cross', async () => {
      const made = await invite({ email: freshEmail(), role: 'viewer' });
      const missing = await h.call(h.outsider, { method: 'DELETE', url: `/api/v1/invitations/${newId()}` });
      const theirs = await h.call(h.outsider, {
        method: 'DELETE',
        url: `/api/v1/invitations/${made.invitation.id}`,
      });
      expect(missing.statusCode).toBe(404);
      expect(theirs.statusCode).toBe(404);
      expect(strip(theirs.json())).toEqual(strip(missing.json()));
      expect((await invitationRow(made.invitation.id)).revoked_at).toBeNull();
      const list = await h.call(h.outsider, { url: '/api/v1/invitations?limit=100' });
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(made.invitation.id);
    });

    it('B cannot invite into A’s companies', async () => {
      const res = await h.call(h.outsider, {
        method: 'POST',
        url: '/api/v1/invitations',
        payload: { email: freshEmail(), role: 'client', companyIds: [h.linked] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('COMPANY_UNKNOWN');
      expect(res.body).not.toContain('已关联公司');
    });
  });

  describe('the link by e-mail', () => {
    let smtp: SmtpReceiver;
    beforeAll(async () => {
      smtp = await startSmtpReceiver('mailer', 'pw-invite');
    });
    afterAll(() => smtp.close());

    /** the text part of a raw mail, its transfer encoding undone */
    const bodyOf = (raw: string) => {
      const [head, ...rest] = raw.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      if (/content-transfer-encoding: base64/i.test(head!))
        return Buffer.from(body, 'base64').toString('utf8');
      if (!/content-transfer-encoding: quoted-printable/i.test(head!)) return body;
      const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => `%${h}`);
      return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
    };
    const emailChannel = (password: string, port: number) => ({
      name: '邮件',
      config: {
        kind: 'email',
        from: 'icpdesk@example.com',
        smtp: { host: '127.0.0.1', port, secure: false, user: 'mailer', password },
      },
    });

    const mailOf = async (id: string) => {
      const list = await h.call(h.as.owner, { url: '/api/v1/invitations?limit=100' });
      expect(list.statusCode, list.body).toBe(200);
      const item = (list.json().items as { id: string; mail: { status: string; at: string } | null }[]).find(
        (i) => i.id === id,
      );
      return item?.mail ?? null;
    };
    /** the invitation's e-mail status once the send after the answer has ended */
    const settled = async (id: string, ms = 10_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const mail = await mailOf(id);
        if (mail?.status !== 'sending' || Date.now() > until) return mail;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const auditOf = (id: string) =>
      t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'invitations')
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute();
    const withChannel = async (password: string, port: number, run: (channelId: string) => Promise<void>) => {
      const channel = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/notification-channels',
        payload: emailChannel(password, port),
      });
      expect(channel.statusCode, channel.body).toBe(201);
      try {
        await run(channel.json().id);
      } finally {
        await h.call(h.as.owner, {
          method: 'DELETE',
          url: `/api/v1/notification-channels/${channel.json().id}`,
        });
      }
    };
    const resend = (id: string) =>
      h.call(h.as.owner, { method: 'POST', url: `/api/v1/invitations/${id}/resend` });

    it('goes out through the organisation’s e-mail channel after the answer, and only with one', async () => {
      const without = freshEmail();
      const plain = await invite({ email: without, role: 'consultant' });
      expect(plain.emailed).toBe('no-channel');
      expect((await mailOf(plain.invitation.id))?.status).toBe('no-channel');
      expect(smtp.mails.filter((m) => m.to.includes(without))).toHaveLength(0);

      await withChannel('pw-invite', smtp.port, async (channelId) => {
        const email = freshEmail();
        const made = await invite({ email, role: 'viewer' });
        expect(made.emailed).toBe('sending');
        expect((await settled(made.invitation.id))?.status).toBe('sent');
        const mails = smtp.mails.filter((m) => m.to.includes(email));
        expect(mails).toHaveLength(1);
        const text = bodyOf(mails[0]!.raw);
        expect(text).toContain(`${made.path}`);
        expect(text).toMatch(new RegExp(`https?://[^\\s]+${made.path}`));
        expect(text).toContain('查看者');
        // the link in the mail is the one that works
        expect((await preview(made.token)).statusCode).toBe(200);
        expect((await auditOf(made.invitation.id)).map((a) => a.action)).toEqual(['create', 'email']);

        // the SMTP server refuses the login: the invitation stands, its status says the mail did not go
        await h.call(h.as.owner, {
          method: 'PUT',
          url: `/api/v1/notification-channels/${channelId}`,
          payload: emailChannel('wrong password', smtp.port),
        });
        const other = freshEmail();
        const failed = await invite({ email: other, role: 'viewer' });
        expect(failed.emailed).toBe('sending');
        expect((await settled(failed.invitation.id))?.status).toBe('failed');
        expect(smtp.mails.filter((m) => m.to.includes(other))).toHaveLength(0);
        expect((await preview(failed.token)).statusCode).toBe(200);

        // sent again once the channel works: a fresh link, the old one stops working, the expiry stays
        await h.call(h.as.owner, {
          method: 'PUT',
          url: `/api/v1/notification-channels/${channelId}`,
          payload: emailChannel('pw-invite', smtp.port),
        });
        const again = await resend(failed.invitation.id);
        expect(again.statusCode, again.body).toBe(200);
        const fresh = again.json() as typeof failed;
        expect(fresh.emailed).toBe('sending');
        expect(fresh.token).not.toBe(failed.token);
        expect(fresh.invitation.expiresAt).toBe(failed.invitation.expiresAt);
        expect((await settled(failed.invitation.id))?.status).toBe('sent');
        expect((await preview(failed.token)).json().code).toBe('INVITATION_NOT_FOUND');
        expect((await preview(fresh.token)).statusCode).toBe(200);
        const resent = smtp.mails.filter((m) => m.to.includes(other));
        expect(resent).toHaveLength(1);
        expect(bodyOf(resent[0]!.raw)).toContain(fresh.path);
        const audit = await auditOf(failed.invitation.id);
        expect(audit.map((a) => a.action)).toEqual(['create', 'email', 'reissue', 'email']);
        expect(audit.map((a) => JSON.parse(a.after ?? 'null')?.mail?.status)).toEqual([
          'sending',
          'failed',
          'sending',
          'sent',
        ]);
        for (const a of audit) {
          expect(a.actor_id).toBe(h.as.owner.userId);
          expect(`${a.before}${a.after}`).not.toContain(failed.token);
          expect(`${a.before}${a.after}`).not.toContain(fresh.token);
        }
        // no plain link in any row of the invitation
        expect(JSON.stringify(await invitationRow(failed.invitation.id))).not.toContain(fresh.token);
      });
    });

    it('a slow SMTP server does not hold the request up; a refusing one ends failed', async () => {
      const DELAY_MS = 2_000;
      const slow = await startSmtpReceiver('mailer', 'pw-invite', { delayMs: DELAY_MS, refuse: true });
      try {
        await withChannel('pw-invite', slow.port, async () => {
          const started = performance.now();
          const made = await invite({ email: freshEmail(), role: 'viewer' });
          const answered = performance.now() - started;
          expect(made.emailed).toBe('sending');
          expect(answered).toBeLessThan(DELAY_MS / 2);
          expect((await mailOf(made.invitation.id))?.status).toBe('sending');
          // while it is being sent, no second link
          const busy = await resend(made.invitation.id);
          expect(busy.statusCode, busy.body).toBe(409);
          expect(busy.json().code).toBe('INVITATION_MAIL_SENDING');
          const mail = await settled(made.invitation.id);
          const ended = performance.now() - started;
          expect(mail?.status).toBe('failed');
          expect(ended).toBeGreaterThanOrEqual(DELAY_MS);
          console.info(
            `[${t.dialect}] invitation with an SMTP server that answers after ${DELAY_MS} ms: request ${answered.toFixed(0)} ms, mail status failed after ${ended.toFixed(0)} ms`,
          );
          expect(slow.mails).toHaveLength(0);
        });
      } finally {
        await slow.close();
      }
    });

    it('sending again: a pending invitation only, 404 across organisations', async () => {
      const made = await invite({ email: freshEmail(), role: 'viewer' });
      const revoke = await h.call(h.as.owner, {
        method: 'DELETE',
        url: `/api/v1/invitations/${made.invitation.id}`,
      });
      expect(revoke.statusCode).toBe(204);
      expect((await resend(made.invitation.id)).json().code).toBe('INVITATION_REVOKED');
      const old = await invite({ email: freshEmail(), role: 'viewer' });
      await expire(old.invitation.id);
      expect((await resend(old.invitation.id)).json().code).toBe('INVITATION_EXPIRED');
      const mine = await invite({ email: freshEmail(), role: 'viewer' });
      const other = await h.call(h.outsider, {
        method: 'POST',
        url: `/api/v1/invitations/${mine.invitation.id}/resend`,
      });
      expect(other.statusCode).toBe(404);
      const viewer = await h.call(h.as.viewer, {
        method: 'POST',
        url: `/api/v1/invitations/${mine.invitation.id}/resend`,
      });
      expect(viewer.statusCode).toBe(403);
      expect((await preview(mine.token)).statusCode).toBe(200);
    });
  });
});
