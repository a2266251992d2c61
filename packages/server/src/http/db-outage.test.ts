/**
 * When the database cannot be reached, the server says so: 503 application/problem+json with the code
 * DB_UNAVAILABLE and Retry-After, on the anonymous endpoints (whose rate limit counts in the database), on
 * routes that need a session or token, and on sign-in — never a plain 500, and the process stays up. On
 * SQLite the database is closed under the server; on PostgreSQL the server reaches it through a TCP proxy
 * that is then shut, so its open connections break and new ones are refused (a server that went away).
 */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { loadKb } from '@icpdesk/kb';
import { type Db, isDatabaseUnavailable, openDb, SESSION_COOKIE, StoreError } from '@icpdesk/store';
import { forEachDb } from '@icpdesk/store/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from './app.ts';
import { RETRY_AFTER_SECONDS } from './problems.ts';

const kb = loadKb();

/** a TCP proxy to host:port that can be shut, breaking the connections through it */
async function tcpProxy(host: string, port: number) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = netConnect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as { port: number }).port,
    shut: async () => {
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

forEachDb('a database that cannot be reached', (t) => {
  /** a second connection to the suite's database, which the test takes away */
  let db: Db;
  let app: FastifyInstance;
  let takeAway: () => Promise<void>;

  beforeAll(async () => {
    if (t.dialect === 'sqlite') {
      db = await openDb({ dataDir: t.dir });
      takeAway = () => db.close();
    } else {
      const url = new URL(inject('pgUrl'));
      url.pathname = new URL(t.db.location).pathname;
      const proxy = await tcpProxy(url.hostname, Number(url.port));
      url.host = `127.0.0.1:${proxy.port}`;
      db = await openDb({ url: url.toString(), poolSize: 2 });
      takeAway = proxy.shut;
    }
    // validateResponses: a code a route does not declare fails the test
    app = await buildApp({ kb, db, rateLimitPerMinute: 300, validateResponses: true });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const assess = () =>
    app.inject({ method: 'POST', url: '/api/v1/assess', payload: { service: { activities: ['cdn'] } } });

  it('answers as usual while the database is there', async () => {
    expect((await assess()).statusCode).toBe(200);
  });

  it('answers 503 DB_UNAVAILABLE with Retry-After once it is gone, never 500', async () => {
    await takeAway();
    const requests = [
      assess,
      () =>
        app.inject({
          method: 'GET',
          url: '/api/v1/companies',
          headers: { authorization: `Bearer icpd_${'a'.repeat(43)}` },
        }),
      () => app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: 'x'.repeat(43) } }),
      () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'a@example.com', password: 'correct horse battery staple' },
        }),
    ];
    // twice: the first query finds the broken connection, the next one a refused or closed database
    for (const round of [1, 2])
      for (const send of requests) {
        const res = await send();
        expect(res.statusCode, `${round} ${res.body}`).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ code: 'DB_UNAVAILABLE', status: 503 });
        expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
      }
  });

  it('still answers what needs no database', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('isDatabaseUnavailable', () => {
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
  it('knows an unreachable or closed database from a failing query', () => {
    for (const e of [
      new StoreError('DB_UNAVAILABLE', 'cannot reach PostgreSQL'),
      coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      coded('terminating connection due to administrator command', '57P01'),
      coded('the database system is starting up', '57P03'),
      coded('database is locked', 'SQLITE_BUSY'),
      new Error('Connection terminated unexpectedly'),
      new Error('driver has already been destroyed'),
      new Error('wrapped', { cause: coded('read ECONNRESET', 'ECONNRESET') }),
    ])
      expect(isDatabaseUnavailable(e), e.message).toBe(true);
    for (const e of [
      new StoreError('MIGRATION_FAILED', 'x'),
      coded('duplicate key value violates unique constraint', '23505'),
      coded('UNIQUE constraint failed: companies.uscc', 'SQLITE_CONSTRAINT_UNIQUE'),
      new Error('syntax error'),
      'ECONNREFUSED',
    ])
      expect(isDatabaseUnavailable(e), String(e)).toBe(false);
  });
});
