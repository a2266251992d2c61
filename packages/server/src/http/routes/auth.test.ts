import { loadKb } from '@icpdesk/kb';
import { createOwner, SESSION_COOKIE, sha256Hex } from '@icpdesk/store';
import { clearOfWindowEnd, forEachDb } from '@icpdesk/store/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { recordResponses } from '../../../test/response-record.ts';
import { buildApp } from '../app.ts';
import { DEFAULT_LOGIN_LIMITS } from './auth.ts';

const kb = loadKb();
const PASSWORD = 'correct horse battery staple';

forEachDb('auth routes', (t) => {
  let app: FastifyInstance;
  let proxied: FastifyInstance;
  const window = 15 * 60 * 1000;
  /** small limits per e-mail, so that reaching them is quick; per address the default */
  const limits = {
    emailAtAddress: { max: 3, windowMs: window },
    email: { max: 5, windowMs: window },
    address: DEFAULT_LOGIN_LIMITS.address,
  };
  let n = 0;
  /** a fresh owner per test, so that the rate limit and sessions of one test never touch another */
  const owner = async () => {
    const email = `owner${++n}@example.com`;
    const o = await createOwner(t.db, { email, password: PASSWORD, organisation: `机构${n}` });
    return { ...o, email };
  };
  const login = (email: string, password = PASSWORD, extra: Record<string, unknown> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, ...extra });
  const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
    res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;

  beforeAll(async () => {
    app = await buildApp({
      kb,
      db: t.db,
      rateLimitPerMinute: false,
      validateResponses: true,
      loginLimits: limits,
    });
    // behind a proxy at 127.0.0.1 (inject's default peer address) or in 10.1.0.0/16
    recorded = recordResponses(app, `auth.test.ts-${t.dialect}`, t.dialect === 'sqlite');
    proxied = await buildApp({
      kb,
      db: t.db,
      rateLimitPerMinute: false,
      validateResponses: true,
      loginLimits: limits,
      trustProxy: ['127.0.0.1', '10.1.0.0/16'],
    });
  });
  let recorded: ReturnType<typeof recordResponses> | undefined;
  afterAll(async () => {
    recorded?.finish();
    await app?.close();
    await proxied?.close();
  });
  // the limits count in fixed windows: a test's failures must fall into one
  beforeEach(() => clearOfWindowEnd(window));

  it('admin create, login, /me, logout, /me → 401', async () => {
    const o = await owner();
    const res = await login(o.email.toUpperCase());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ id: o.userId, email: o.email, name: null });
    expect(body.organisations).toEqual([{ id: o.organisationId, name: `机构${n}`, role: 'owner' }]);
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    const cookie = cookieOf(res);

    const me = await app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body);

    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cleared.value).toBe('');
    expect(cleared.expires!.getTime()).toBeLessThan(Date.now());

    const after = await app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(after.json().code).toBe('UNAUTHENTICATED');
    const none = await app.inject({ url: '/api/v1/me' });
    expect(none.statusCode).toBe(401);

    const user = await t.db.kysely
      .selectFrom('users')
      .select('last_login_at')
      .where('id', '=', o.userId)
      .executeTakeFirstOrThrow();
    expect(user.last_login_at).not.toBeNull();
  });

  it('gives the same 401 for a wrong password and an unknown e-mail', async () => {
    const o = await owner();
    const wrong = await login(o.email, 'not the password at all', { remoteAddress: '10.0.0.1' });
    const unknown = await login('nobody@example.com', PASSWORD, { remoteAddress: '10.0.0.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('LOGIN_FAILED');
    expect(wrong.cookies).toEqual([]);
    // in English on request
    const en = await login(o.email, 'not the password at all', {
      remoteAddress: '10.0.0.2',
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().title).toBe('The e-mail address or password is not correct');
  });

  it('sets HttpOnly, SameSite=Lax, Path=/ and no Secure over plain http', async () => {
    const o = await owner();
    const res = await login(o.email);
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{43}; `));
    expect(raw).toMatch(/; HttpOnly/);
    expect(raw).toMatch(/; SameSite=Lax/);
    expect(raw).toMatch(/; Path=\//);
    expect(raw).toMatch(/; Expires=/);
    expect(raw).not.toMatch(/Secure/);
  });

  it('sets Secure over HTTPS (behind a trusted proxy), and only there', async () => {
    const o = await owner();
    const https = await proxied.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.email, password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(https.statusCode).toBe(200);
    expect(String(https.headers['set-cookie'])).toMatch(/; Secure/);
    // the header is not believed without trustProxy, nor from a peer that is not a listed proxy
    const untrusted = await login(o.email, PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(String(untrusted.headers['set-cookie'])).not.toMatch(/Secure/);
    const stranger = await proxied.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.email, password: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '10.2.0.1',
    });
    expect(stranger.statusCode).toBe(200);
    expect(String(stranger.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('refuses a cookie-authenticated write without the right CSRF token', async () => {
    const o = await owner();
    const res = await login(o.email);
    const cookie = cookieOf(res);
    for (const headers of [
      {},
      { 'x-csrf-token': 'wrong' },
      { 'x-csrf-token': `${res.json().csrfToken.slice(1)}x` },
    ]) {
      const out = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        cookies: { [SESSION_COOKIE]: cookie },
        headers,
      });
      expect(out.statusCode).toBe(403);
      expect(out.json().code).toBe('CSRF_FAILED');
    }
    // the session lives on
    expect((await app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } })).statusCode).toBe(
      200,
    );
    // another session's token does not fit
    const other = await login(o.email);
    const cross = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'x-csrf-token': other.json().csrfToken },
    });
    expect(cross.statusCode).toBe(403);
  });

  it('leaves the anonymous endpoints as they are, cookie or not', async () => {
    const o = await owner();
    const cookie = cookieOf(await login(o.email));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/checklist',
      cookies: { [SESSION_COOKIE]: cookie },
      payload: { licence: 'B25', procedure: 'new' },
    });
    expect(res.statusCode).not.toBe(403);
    expect(res.statusCode).toBeLessThan(500);
  });

  const expectLimited = (res: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): { code: string };
  }) => {
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  it('limits failed logins per e-mail at one address (429), even with the right password afterwards', async () => {
    const o = await owner();
    const from = { remoteAddress: '192.0.2.7' };
    for (let i = 0; i < limits.emailAtAddress.max; i++)
      expect((await login(o.email, 'wrong password!!', from)).statusCode).toBe(401);
    expectLimited(await login(o.email, PASSWORD, from));
    // another address is not blocked
    expect((await login(o.email, PASSWORD, { remoteAddress: '192.0.2.8' })).statusCode).toBe(200);
  });

  it('starts the count per e-mail at an address over after a success', async () => {
    const o = await owner();
    const from = { remoteAddress: '192.0.2.9' };
    for (let i = 0; i < limits.emailAtAddress.max - 1; i++) await login(o.email, 'wrong password!!', from);
    expect((await login(o.email, PASSWORD, from)).statusCode).toBe(200);
    for (let i = 0; i < limits.emailAtAddress.max; i++)
      expect((await login(o.email, 'wrong password!!', from)).statusCode).toBe(401);
    expectLimited(await login(o.email, PASSWORD, from));
  });

  it('limits failed logins per e-mail from any address', async () => {
    const o = await owner();
    let failures = 0;
    for (let a = 1; failures < limits.email.max; a++)
      for (let i = 0; i < limits.emailAtAddress.max - 1 && failures < limits.email.max; i++, failures++)
        expect(
          (await login(o.email, 'wrong password!!', { remoteAddress: `198.18.0.${a}` })).statusCode,
        ).toBe(401);
    // a new address, the right password: refused, the e-mail has had its failures
    expectLimited(await login(o.email, PASSWORD, { remoteAddress: '198.18.1.1' }));
    // the address itself may sign in to another account
    const other = await owner();
    expect((await login(other.email, PASSWORD, { remoteAddress: '198.18.1.1' })).statusCode).toBe(200);
  });

  it('limits failed logins per client address: 40 e-mails from one address meet a 429 before the end', async () => {
    const from = '192.0.2.50';
    const codes: number[] = [];
    for (let i = 0; i < 40; i++)
      codes.push(
        (
          await login(`nobody${i}@example.com`, 'wrong password!!', {
            remoteAddress: from,
            // a client's own X-Forwarded-For, rotating: not believed without a trusted proxy
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          })
        ).statusCode,
      );
    const max = limits.address.max;
    expect(codes.slice(0, max)).toEqual(Array(max).fill(401));
    expect(codes.slice(max)).toEqual(Array(40 - max).fill(429));
    // and the right password of a real account from that address is refused too, while another address may
    const o = await owner();
    expectLimited(await login(o.email, PASSWORD, { remoteAddress: from }));
    expect((await login(o.email, PASSWORD, { remoteAddress: '192.0.2.51' })).statusCode).toBe(200);
    // successes do not count towards the address's limit
    const ok = await owner();
    for (let i = 0; i < 3; i++)
      expect((await login(ok.email, PASSWORD, { remoteAddress: '192.0.2.52' })).statusCode).toBe(200);
  });

  it('believes X-Forwarded-For from a listed proxy only, and the address the proxy saw', async () => {
    let o = await owner();
    const viaProxy = (xff: string, password = 'wrong password!!', remoteAddress = '127.0.0.1') =>
      proxied.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: o.email, password },
        headers: { 'x-forwarded-for': xff },
        remoteAddress,
      });
    // a peer that is not a listed proxy: its rotating X-Forwarded-For is ignored, the failures add up
    for (let i = 0; i < limits.emailAtAddress.max; i++)
      expect((await viaProxy(`198.51.100.${i}`, undefined, '10.2.0.9')).statusCode).toBe(401);
    expectLimited(await viaProxy('198.51.100.99', PASSWORD, '10.2.0.9'));
    // through a listed proxy the forwarded address counts: a client spoofing a first entry still has the
    // proxy append its real address, and that one is limited
    o = await owner();
    for (let i = 0; i < limits.emailAtAddress.max; i++)
      expect((await viaProxy(`192.0.2.${100 + i}, 198.51.100.20`, undefined, '10.1.2.3')).statusCode).toBe(
        401,
      );
    expectLimited(await viaProxy('192.0.2.200, 198.51.100.20', PASSWORD));
    // another client behind the same proxy is not blocked, and its address is the forwarded one
    const res = await viaProxy('198.51.100.21', PASSWORD);
    expect(res.statusCode).toBe(200);
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .select('after')
      .where('actor_id', '=', o.userId)
      .where('action', '=', 'login')
      .execute();
    expect(rows.map((r) => JSON.parse(r.after!))).toEqual([{ address: '198.51.100.21' }]);
  });

  it('stores only the hash of the session id', async () => {
    const o = await owner();
    const res = await login(o.email);
    const cookie = cookieOf(res);
    const rows = await t.db.kysely
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', o.userId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).toBe(sha256Hex(cookie));
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect(rows[0]!.expires_at > new Date().toISOString()).toBe(true);
    // nowhere else either
    const audit = await t.db.kysely.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(cookie);
  });

  it('refuses an expired session', async () => {
    const o = await owner();
    const cookie = cookieOf(await login(o.email));
    await t.db.kysely
      .updateTable('sessions')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id_hash', '=', sha256Hex(cookie))
      .execute();
    expect((await app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie } })).statusCode).toBe(
      401,
    );
    const left = await t.db.kysely
      .selectFrom('sessions')
      .select('id_hash')
      .where('id_hash', '=', sha256Hex(cookie))
      .execute();
    expect(left).toEqual([]);
  });

  it('writes audit rows for login, failed login and logout', async () => {
    const o = await owner();
    await login(o.email, 'wrong password!!', { remoteAddress: '198.51.100.1' });
    const res = await login(o.email);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { [SESSION_COOKIE]: cookieOf(res) },
      headers: { 'x-csrf-token': res.json().csrfToken },
    });
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('organisation_id', '=', o.organisationId)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.entity}:${r.action}`)).toEqual([
      'organisations:create',
      'users:create',
      'memberships:create',
      'users:login-failed',
      'users:login',
      'users:logout',
    ]);
    const login1 = rows.find((r) => r.action === 'login')!;
    expect(login1).toMatchObject({ actor_id: o.userId, actor_label: o.email, entity_id: o.userId });
    expect(JSON.parse(login1.after!)).toEqual({ address: '127.0.0.1' });
  });

  it.each([
    ['no body', undefined, {}],
    ['not JSON', '{"email":', { 'content-type': 'application/json' }],
    ['missing password', { email: 'a@example.com' }, {}],
    ['wrong types', { email: 1, password: ['x'] }, {}],
    ['password too long', { email: 'a@example.com', password: 'x'.repeat(1025) }, {}],
    ['a text body', 'email=a', { 'content-type': 'text/plain' }],
  ])('answers a malformed login (%s) with a 4xx problem and a code', async (_name, payload, headers) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers,
      ...(payload === undefined ? {} : { payload: payload as string | object }),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toMatch(/^[A-Z_]+$/);
    if (!(headers as Record<string, string>)['content-type']?.startsWith('text/')) {
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('ignores a forged or malformed session cookie', async () => {
    for (const value of ['x', 'A'.repeat(43), '../../etc/passwd']) {
      const res = await app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: value } });
      expect(res.statusCode).toBe(401);
    }
  });
});
