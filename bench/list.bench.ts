/**
 * List latency: GET /api/v1/applications?limit=50 on an organisation with 10,000 applications (over 200
 * companies, some moved on through the state machine), on SQLite and on PostgreSQL (a throwaway cluster,
 * fsync off — it measures reads), driven by autocannon with 50 connections from this process, beside a bare
 * Fastify GET route measured in the same run. Goal: p99 under 20 ms. Everything is seeded through the API
 * itself, so the bench follows the schema wherever it goes.
 *
 * BENCH_APPLICATIONS (default 10000), BENCH_SECONDS, BENCH_CONNECTIONS; BENCH_DB=sqlite|postgres for one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import pg from 'pg';
import {
  type Child,
  createOwner,
  measure,
  onBothDatabases,
  signIn,
  start,
  startServer,
  stopAll,
} from './server-kit.ts';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 10_000);
const COMPANIES = 200;
const EMAIL = 'bench@example.com';
const PASSWORD = 'Bench-Password-2026!';

let serial = 0;
const uscc = () => {
  const org8 = `MB${String(++serial).padStart(6, '0')}`;
  const first17 = `91330100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
};

/** runs `task(i)` for i < n with `width` at a time */
async function pool(n: number, width: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function api(base: string, auth: Headers, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: auth,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function seed(base: string): Promise<Headers> {
  const auth = await signIn(base, EMAIL, PASSWORD);
  const companies: string[] = [];
  await pool(COMPANIES, 8, async (i) => {
    const c = await api(base, auth, 'POST', '/api/v1/companies', {
      name: `基准测试公司${i}`,
      uscc: uscc(),
      legalRepresentative: '赵示例',
      address: '浙江省杭州市',
      registeredCapitalCny: 1_000_000,
    });
    companies.push(c.id as string);
  });
  const started = performance.now();
  await pool(APPLICATIONS, 16, async (i) => {
    const a = await api(base, auth, 'POST', '/api/v1/applications', {
      companyId: companies[i % companies.length],
      licenceCodes: ['B25:internet'],
      procedure: 'new',
      authority: 'CN-ZJ',
    });
    // about a third go on to submitted, a tenth of those to accepted
    if (i % 3 === 0) {
      await api(base, auth, 'POST', `/api/v1/applications/${a.id}/transitions`, {
        to: 'submitted',
        on: '2026-10-09',
      });
      if (i % 30 === 0)
        await api(base, auth, 'POST', `/api/v1/applications/${a.id}/transitions`, {
          to: 'accepted',
          on: '2026-10-12',
        });
    }
  });
  console.log(
    `  seeded ${COMPANIES} companies and ${APPLICATIONS} applications through the API in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  auth.delete('content-type');
  auth.delete('x-csrf-token');
  return auth;
}

async function bench(dialect: 'sqlite' | 'postgres', bare: Child, databaseUrl?: string) {
  const data = mkdtempSync(join(tmpdir(), `icpdesk-bench-list-${dialect}-`));
  const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  const children: Child[] = [];
  try {
    createOwner(data, env, EMAIL, PASSWORD);
    const server = await startServer(data, env);
    children.push(server);
    console.log(`${dialect}:`);
    const auth = await seed(server.url);
    // a running PostgreSQL has autovacuum's statistics and visibility map soon after such a load; without
    // them its planner guesses a few rows per organisation and sorts all 10,000 (12 ms a query instead of
    // 0.2), and no scan can be index-only
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query('vacuum analyze');
      await client.end();
    }
    const headers = Object.fromEntries(auth.entries());
    const b = await measure('  bare Fastify GET route', { url: `${bare.url}/bare` });
    const first = await measure('  GET /api/v1/applications?limit=50', {
      url: `${server.url}/api/v1/applications?limit=50`,
      headers,
    });
    const filtered = await measure('  … &state=submitted', {
      url: `${server.url}/api/v1/applications?limit=50&state=submitted`,
      headers,
    });
    if (!databaseUrl) {
      // reading and serialising every row on every request in a server that does nothing else: what the
      // route would cost without its per-version item cache
      const ceiling = await start(
        ['--import', 'tsx', 'bench/list-ceiling-server.ts'],
        { BENCH_SQLITE_FILE: join(data, 'icpdesk.sqlite') },
        /list-ceiling ready on (http:\/\/\S+)/,
      );
      children.push(ceiling);
      await measure('  reference: full rows + JSON each time, bare', { url: `${ceiling.url}/list` });
    }
    console.log(
      `  p99 ${first.p99} ms / ${filtered.p99} ms (goal < 20 ms); throughput ${(first.rps / b.rps).toFixed(2)}× the bare route`,
    );
  } finally {
    stopAll(children);
    rmSync(data, { recursive: true, force: true });
  }
}

await onBothDatabases(`icpdesk list bench: ${APPLICATIONS} applications`, bench);
