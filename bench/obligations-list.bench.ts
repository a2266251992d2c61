/**
 * "Due in the next 30 days" latency (issue #11 §6): GET /api/v1/obligations?from=…&to=… (the first page of
 * 50, as the dashboard asks, as it is and gzipped as a browser accepts it, and the whole list) on an organisation
 * whose licences give about 100,000 obligations, on SQLite and on PostgreSQL (a throwaway cluster), driven by
 * autocannon with 50 connections, beside a bare Fastify GET route measured in the same run. Goal: p99 under
 * 20 ms. Companies and licences are seeded through the import API (5,000 rows a file), so the bench follows
 * the columns wherever they go; the first request's time (the obligations computed from the rows) is printed
 * apart from the steady state.
 *
 * BENCH_LICENCES (default 20000), BENCH_SECONDS, BENCH_CONNECTIONS; BENCH_DB=sqlite|postgres for one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import pg from 'pg';
import {
  type Child,
  createOwner,
  measure,
  onBothDatabases,
  signIn,
  startFixedGzip,
  startServer,
  stopAll,
  warmUp,
} from './server-kit.ts';

const LICENCES = Number(process.env.BENCH_LICENCES ?? 20_000);
const PER_FILE = 5000;
const EMAIL = 'bench@example.com';
const PASSWORD = 'Bench-Password-2026!';
const AS_OF = '2026-12-07';
const TO = '2027-01-06';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const uscc = (i: number) => {
  const org8 = `MB${pad(i, 6)}`;
  const first17 = `91330100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
};

async function importCsv(base: string, auth: Headers, what: string, lines: string[]) {
  const form = new FormData();
  form.append('file', new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), `${what}.csv`);
  const headers = new Headers(auth);
  headers.delete('content-type');
  const res = await fetch(`${base}/api/v1/import/${what}`, { method: 'POST', headers, body: form });
  if (res.status !== 200)
    throw new Error(`import ${what}: ${res.status} ${(await res.text()).slice(0, 600)}`);
}

/** one company per two licences; licences issued over five years, on every day of the year */
async function seed(base: string, auth: Headers) {
  const started = performance.now();
  const companies = Math.ceil(LICENCES / 2);
  for (let from = 0; from < companies; from += PER_FILE) {
    const rows = ['名称,统一社会信用代码,法定代表人,住所,注册资本（元）'];
    for (let i = from; i < Math.min(companies, from + PER_FILE); i++)
      rows.push(`基准测试公司${i},${uscc(i)},赵示例,浙江省杭州市,1000000`);
    await importCsv(base, auth, 'companies', rows);
  }
  for (let from = 0; from < LICENCES; from += PER_FILE) {
    const rows = ['许可证编号,统一社会信用代码,业务种类,发证机关,发证日期'];
    for (let i = from; i < Math.min(LICENCES, from + PER_FILE); i++) {
      const y = 2022 + (i % 5);
      const issued = `${y}-${pad(1 + ((i >> 3) % 12))}-${pad(1 + ((i >> 5) % 28))}`;
      rows.push(`浙B2-${y}${pad(Math.floor(i / 5), 4)},${uscc(i >> 1)},B25:internet,CN-ZJ,${issued}`);
    }
    await importCsv(base, auth, 'licences', rows);
  }
  console.log(
    `  seeded ${companies} companies and ${LICENCES} licences through the import API in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function get(url: string, headers: Record<string, string>) {
  const t = performance.now();
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 600)}`);
  const body = JSON.parse(text) as { obligations: unknown[]; total?: number };
  return {
    ms: performance.now() - t,
    count: body.total ?? body.obligations.length,
    bytes: Buffer.byteLength(text),
    gzipped: gzipSync(text).length,
    text,
  };
}

async function bench(dialect: 'sqlite' | 'postgres', bare: Child, databaseUrl?: string) {
  const data = mkdtempSync(join(tmpdir(), `icpdesk-bench-obligations-${dialect}-`));
  const env: Record<string, string> = {
    ICPDESK_WORKER: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const children: Child[] = [];
  try {
    createOwner(data, env, EMAIL, PASSWORD);
    const server = await startServer(data, env);
    children.push(server);
    console.log(`${dialect}:`);
    const auth = await signIn(server.url, EMAIL, PASSWORD);
    await seed(server.url, auth);
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query('vacuum analyze');
      await client.end();
    }
    auth.delete('content-type');
    auth.delete('x-csrf-token');
    const headers = Object.fromEntries(auth.entries());
    const all = await get(`${server.url}/api/v1/obligations?asOf=${AS_OF}`, headers);
    const due = `${server.url}/api/v1/obligations?asOf=${AS_OF}&from=${AS_OF}&to=${TO}`;
    const first = await get(`${due}&limit=50`, headers);
    const whole = await get(due, headers);
    const overdue = `${server.url}/api/v1/obligations?asOf=${AS_OF}&status=overdue&limit=50`;
    const late = await get(overdue, headers);
    console.log(
      `  ${all.count} obligations in all (first read, computation and answer ${all.ms.toFixed(0)} ms); ${first.count} due from ${AS_OF} to ${TO} (first page of 50: ${first.ms.toFixed(0)} ms, ${first.bytes.toLocaleString('en-US')} bytes, ${first.gzipped.toLocaleString('en-US')} gzipped; all of them: ${whole.bytes.toLocaleString('en-US')} bytes); ${late.count} overdue`,
    );
    const b = await measure('  bare Fastify GET route', { url: `${bare.url}/bare` });
    await warmUp({ url: `${due}&limit=50`, headers });
    const page = await measure('  due in 30 days, first 50', { url: `${due}&limit=50`, headers }, server);
    const gzipped = { ...headers, 'accept-encoding': 'gzip' }; // as every browser asks
    const zipped = await measure(
      '  due in 30 days, first 50, gzip accepted',
      { url: `${due}&limit=50`, headers: gzipped },
      server,
    );
    const full = await measure(`  due in 30 days, all ${first.count}`, { url: due, headers }, server);
    const fullZipped = await measure(
      `  due in 30 days, all ${first.count}, gzip accepted`,
      { url: due, headers: gzipped },
      server,
    );
    // the ceiling: a bare route sending the same gzipped bytes, made once (the load generator shares the cores)
    const fixed = await startFixedGzip(whole.text);
    children.push(fixed);
    const ceiling = await measure(`  bare route sending those bytes gzipped`, {
      url: `${fixed.url}/fixed`,
      headers: { 'accept-encoding': 'gzip' },
    });
    const overduePage = await measure('  overdue, first 50', { url: overdue, headers }, server);
    console.log(
      `  p99 ${page.p99} ms (first 50) / ${zipped.p99} ms (first 50, gzip) / ${full.p99} ms (all) / ${fullZipped.p99} ms (all, gzip; a bare route sending its bytes: ${ceiling.p99} ms) / ${overduePage.p99} ms (overdue, first 50) (goal < 20 ms); throughput ${(page.rps / b.rps).toFixed(2)}× the bare route`,
    );
  } finally {
    stopAll(children);
    rmSync(data, { recursive: true, force: true });
  }
}

await onBothDatabases(`icpdesk obligations list bench: ${LICENCES} licences`, bench);
