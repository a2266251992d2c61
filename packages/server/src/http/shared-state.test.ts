/**
 * Several servers on one database: two apps on the same database stand for two server processes (the
 * two-process test in packages/cli/test/several-servers.test.ts runs real ones on PostgreSQL). Whatever
 * must hold across them — the anonymous rate limit, invitation look-up limits, what a list shows after a
 * write — does.
 */
import { SESSION_COOKIE } from '@icpdesk/store';
import { clearOfWindowEnd, forEachDb } from '@icpdesk/store/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { httpHarness } from '../../test/http-harness.ts';
import { buildApp } from './app.ts';

const profile = { service: { activities: ['cdn'] } };

forEachDb('state shared by several servers', (t) => {
  const h = httpHarness(t);
  /** a second "server" on the same database */
  let other: FastifyInstance;
  /** two servers with the anonymous limit on, behind a proxy at 10.0.0.1 */
  let limited: FastifyInstance[] = [];
  beforeAll(async () => {
    other = await buildApp({ kb: h.kb, db: t.db, rateLimitPerMinute: false });
    limited = await Promise.all(
      [0, 1].map(() => buildApp({ kb: h.kb, db: t.db, rateLimitPerMinute: 4, trustProxy: ['10.0.0.1'] })),
    );
  });
  afterAll(async () => {
    await Promise.all([other, ...limited].map((a) => a?.close()));
  });
  // the limits count in fixed windows (a minute for the anonymous one): a test's requests must fall into one
  beforeEach(() => clearOfWindowEnd(60_000, 5_000));

  const assess = (i: number, remoteAddress: string, headers: Record<string, string> = {}) =>
    limited[i % 2]!.inject({
      method: 'POST',
      url: '/api/v1/assess',
      payload: profile,
      remoteAddress,
      headers,
    });

  it('holds the anonymous limit across servers, per route', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await assess(i, '192.0.2.1')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
    const refused = await assess(0, '192.0.2.1');
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // another route has an allowance of its own; another address too
    const checklist = await limited[1]!.inject({
      method: 'POST',
      url: '/api/v1/checklist',
      payload: { licence: 'B25', procedure: 'new' },
      remoteAddress: '192.0.2.1',
    });
    expect(checklist.statusCode).toBe(200);
    expect((await assess(0, '192.0.2.2')).statusCode).toBe(200);
  });

  it('gives a spoofed X-Forwarded-For no fresh allowance, and believes the listed proxy', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await assess(i, '192.0.2.3', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
    // through the proxy each client is counted by the address the proxy saw
    for (let i = 0; i < 6; i++)
      expect((await assess(i, '10.0.0.1', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode).toBe(200);
  });

  it('holds the invitation look-up limit across servers', async () => {
    const preview = (app: FastifyInstance, i: number) =>
      app.inject({
        url: `/api/v1/invitations/accept/${'C'.repeat(42)}${i % 10}`,
        remoteAddress: '192.0.2.9',
      });
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await preview(i % 2 ? other : h.app, i)).statusCode);
    expect(codes.slice(0, 20)).toEqual(Array(20).fill(404));
    expect(codes.slice(20)).toEqual([429, 429]);
  });

  it('lists a change made through one server at once through the other (list items are kept per version)', async () => {
    const a = h.as.owner;
    const call = (app: FastifyInstance, opts: InjectOptions) =>
      app.inject({
        ...opts,
        cookies: { [SESSION_COOKIE]: a.cookie },
        headers: { 'x-csrf-token': a.csrf },
      });
    const made = await call(h.app, {
      method: 'POST',
      url: '/api/v1/applications',
      payload: { companyId: h.linked, licenceCodes: ['B25:internet'], procedure: 'new', authority: 'CN-ZJ' },
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().id as string;
    const listed = async (app: FastifyInstance) => {
      const res = await call(app, { url: '/api/v1/applications' });
      expect(res.statusCode).toBe(200);
      return (res.json().items as { id: string; licenceCodes: string[] }[]).find((x) => x.id === id);
    };
    // both servers have read (and keep) the item as it was
    expect((await listed(h.app))?.licenceCodes).toEqual(['B25:internet']);
    expect((await listed(other))?.licenceCodes).toEqual(['B25:internet']);
    // a change through the other server, read through the first at once, and back
    for (const [writer, reader, codes] of [
      [other, h.app, ['B11']],
      [h.app, other, ['B11', 'B25:internet']],
    ] as const) {
      const res = await call(writer, {
        method: 'PATCH',
        url: `/api/v1/applications/${id}`,
        payload: { licenceCodes: codes },
      });
      expect(res.statusCode).toBe(200);
      expect((await listed(reader))?.licenceCodes).toEqual(codes);
    }
    // deleted through one: gone from the other's list
    expect((await call(other, { method: 'DELETE', url: `/api/v1/applications/${id}` })).statusCode).toBe(204);
    expect(await listed(h.app)).toBeUndefined();
  });
});
