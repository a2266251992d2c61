/**
 * Several servers, one database: two `icpdesk serve` processes on one PostgreSQL database (a fresh one on
 * the test cluster), on different ports. A limit holds across them — failed sign-ins spread over both meet
 * 429 at the limit, also when sent at once; so does the anonymous limit — and a write through one is read at
 * once through the other, a session made by one is good on the other.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import { createOwner, openDb } from '@icpdesk/store';
import { clearOfWindowEnd, pgAdmin } from '@icpdesk/store/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli } from './helpers.ts';
import { killed, type Server, startServer } from './servers.ts';

const EMAIL = 'owner@example.com';
const PASSWORD = 'Several-Servers-2026!';
/** the default sign-in limit per e-mail at one address (routes/auth.ts DEFAULT_LOGIN_LIMITS) */
const PER_EMAIL_AT_ADDRESS = 10;
const FIFTEEN_MINUTES = 15 * 60 * 1000;
/** anonymous requests per minute (ICPDESK_RATE_LIMIT) */
const ANONYMOUS = 3;

const pgUrl = inject('pgUrl');

const json = { 'content-type': 'application/json' };
const login = (s: Server, password = PASSWORD) =>
  fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: EMAIL, password }),
  });

describe.skipIf(!pgUrl)('several servers on one PostgreSQL database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'icpdesk-several-'));
  const database = `icpdesk_several_${randomBytes(5).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const children: ChildProcess[] = [];
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    await pgAdmin(pgUrl, `create database ${database}`);
    const u = new URL(pgUrl);
    u.pathname = `/${database}`;
    Object.assign(env, { DATABASE_URL: u.toString(), ICPDESK_RATE_LIMIT: String(ANONYMOUS) });
    delete env.ICPDESK_TRUST_PROXY;
    // both start at once on the empty database, so both try to migrate it (the migrator's lock lets one)
    const started = await Promise.all([startServer(dir, env), startServer(dir, env)]);
    for (const s of started) children.push(s.child);
    [a, b] = started as [Server, Server];
    expect(a.url).not.toBe(b.url);
    const db = await openDb({ url: env.DATABASE_URL });
    try {
      await createOwner(db, { email: EMAIL, password: PASSWORD, organisation: '多实例测试' });
    } finally {
      await db.close();
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(children.map(killed));
    await pgAdmin(pgUrl, `drop database if exists ${database} with (force)`);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('reads a write through one server at once through the other', async () => {
    const signedIn = await login(a);
    expect(signedIn.status).toBe(200);
    const auth = {
      cookie: (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!,
      'x-csrf-token': ((await signedIn.json()) as { csrfToken: string }).csrfToken,
    };
    // the session made by a is good on b
    const call = async (s: Server, method: string, path: string, body?: object) => {
      const res = await fetch(`${s.url}${path}`, {
        method,
        headers: { ...auth, ...(body ? json : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const org8 = `MP${randomBytes(3).toString('hex').toUpperCase()}`;
    const first17 = `91330100${org8}${orgCodeCheckChar(org8)}`;
    const company = await call(a, 'POST', '/api/v1/companies', {
      name: '多实例公司',
      uscc: first17 + usccCheckChar(first17),
      legalRepresentative: '王示例',
      address: '杭州',
    });
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    expect((await call(b, 'GET', `/api/v1/companies/${company.body.id}`)).body.name).toBe('多实例公司');

    const listed = async (s: Server) => {
      const page = await call(s, 'GET', '/api/v1/applications');
      expect(page.status).toBe(200);
      return (page.body.items as { licenceCodes: string[] }[]).map((x) => x.licenceCodes);
    };
    const made = await call(b, 'POST', '/api/v1/applications', {
      companyId: company.body.id,
      licenceCodes: ['B25:internet'],
      procedure: 'new',
      authority: 'CN-ZJ',
    });
    expect(made.status).toBe(201);
    // both servers list it (and keep the list item of this version)
    expect(await listed(a)).toEqual([['B25:internet']]);
    expect(await listed(b)).toEqual([['B25:internet']]);
    // changed through a: b lists the new version at once
    const changed = await call(a, 'PATCH', `/api/v1/applications/${made.body.id}`, { licenceCodes: ['B11'] });
    expect(changed.status).toBe(200);
    expect(await listed(b)).toEqual([['B11']]);
  });

  it('holds the sign-in limit across both: failures sent at once to both meet 429 exactly past the limit', async () => {
    await clearOfWindowEnd(FIFTEEN_MINUTES);
    const attempts = PER_EMAIL_AT_ADDRESS + 4;
    const codes = await Promise.all(
      Array.from(
        { length: attempts },
        async (_, i) => (await login(i % 2 ? a : b, 'wrong password!!')).status,
      ),
    );
    expect(codes.filter((c) => c === 401)).toHaveLength(PER_EMAIL_AT_ADDRESS);
    expect(codes.filter((c) => c === 429)).toHaveLength(4);
    // the right password now, through either: refused, with Retry-After
    for (const s of [a, b]) {
      const res = await login(s);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('holds the anonymous limit across both', async () => {
    await clearOfWindowEnd(60_000, 5_000);
    const codes: number[] = [];
    for (let i = 0; i < ANONYMOUS + 2; i++) {
      const res = await fetch(`${(i % 2 ? a : b).url}/api/v1/checklist`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ licence: 'B25', procedure: 'new' }),
      });
      codes.push(res.status);
    }
    expect(codes).toEqual([...Array(ANONYMOUS).fill(200), 429, 429]);
  });
});

describe('icpdesk serve and ICPDESK_TRUST_PROXY', () => {
  const saved = process.env.ICPDESK_TRUST_PROXY;
  afterAll(() => {
    if (saved === undefined) delete process.env.ICPDESK_TRUST_PROXY;
    else process.env.ICPDESK_TRUST_PROXY = saved;
  });
  it.each([
    ['1', /believe X-Forwarded-For from anyone/],
    ['10.0.0.0/40', /prefix length/],
  ])('refuses %s with a usage error (exit 2) before it opens anything', async (value, message) => {
    process.env.ICPDESK_TRUST_PROXY = value;
    const r = await cli(['serve', '--port', '0', '--data-dir', '/nonexistent/never-created']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
