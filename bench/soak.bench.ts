/**
 * Soak: the real server (bench/soak-server.ts, a child process) on SQLite and on a throwaway PostgreSQL, one
 * signed-in user sending mixed traffic at a steady rate from this process over 127.0.0.1 — list, create,
 * patch and delete companies; applications created, submitted and accepted; licences entered, changed and
 * deleted; documents uploaded, downloaded and deleted; stored assessments; anonymous assessments — for a
 * fixed time. It reports the errors, p50/p99/max latency and the server's memory after a full GC at the
 * start (after a warm-up), the middle and the end, and exits 1 when any request failed, the rate could not
 * be kept, or memory grew beyond the bound.
 *
 *   node --import tsx bench/soak.bench.ts [--seconds 600] [--rate 40] [--db sqlite|postgres|both]
 *
 * Defaults: 600 s per database, 40 requests/s. Bound: heap after GC +32 MiB and RSS +128 MiB at most from
 * the warm-up (the first tenth, at least 10 s) to the end (SOAK_HEAP_MIB, SOAK_RSS_MIB). Not part of
 * `npm run bench` (20 minutes by default); see bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { orgCodeCheckChar, usccCheckChar } from '@icpdesk/engine';
import { type Child, createOwner, signIn, start, stopAll, throwawayPostgres } from './server-kit.ts';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.SOAK_SECONDS ?? '600' },
    rate: { type: 'string', default: process.env.SOAK_RATE ?? '40' },
    db: { type: 'string', default: process.env.SOAK_DB ?? 'both' },
  },
});
const SECONDS = Number(opt.seconds);
const RATE = Number(opt.rate);
const HEAP_BOUND = Number(process.env.SOAK_HEAP_MIB ?? 32) * 2 ** 20;
const RSS_BOUND = Number(process.env.SOAK_RSS_MIB ?? 128) * 2 ** 20;
/** requests in flight beyond which the server is not keeping up with the rate */
const MAX_IN_FLIGHT = 200;
const EMAIL = 'soak@example.com';
const PASSWORD = 'Soak-Password-2026!';
const MiB = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

let serial = 0;
const uscc = () => {
  const org8 = `MC${String(++serial % 1_000_000).padStart(6, '0')}`;
  const first17 = `91330100${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
};
const licenceNumber = () => `浙B2-2023${String(++serial % 10_000).padStart(4, '0')}`;
const profile = {
  entity: {
    type: 'company',
    registeredProvince: 'CN-ZJ',
    registeredCapitalCny: 1_000_000,
    foreignSharePercent: 0,
  },
  service: { coverage: ['CN-ZJ'], activities: ['online-advertising'], serverLocation: 'mainland' },
};
const pdf = (n: number) => new Blob([`%PDF-1.4\n% soak ${n}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`]);

interface Memory {
  at: number;
  rss: number;
  heapUsed: number;
}

/** the route of a request: ids (and the query) left out */
const routeOf = (method: string, path: string) =>
  `${method} ${path.split('?')[0]!.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|$)/g, '/:id')}`;

class Client {
  latencies: number[] = [];
  byRoute = new Map<string, number[]>();
  errors: string[] = [];
  inFlight = 0;
  constructor(
    readonly base: string,
    readonly headers: Record<string, string>,
  ) {}

  /** one request; a status other than 2xx is an error (recorded, and thrown so that a flow stops) */
  async call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const started = performance.now();
    this.inFlight++;
    try {
      const form = body instanceof FormData;
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: form || body === undefined ? withoutType(this.headers) : this.headers,
        ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
      });
      const buf = Buffer.from(await res.arrayBuffer());
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${buf.toString().slice(0, 300)}`);
      return (res.headers.get('content-type') ?? '').includes('json') && buf.length
        ? (JSON.parse(buf.toString()) as Record<string, unknown>)
        : {};
    } catch (e) {
      this.errors.push((e as Error).message);
      throw e;
    } finally {
      const ms = performance.now() - started;
      this.latencies.push(ms);
      const route = routeOf(method, path);
      this.byRoute.set(route, [...(this.byRoute.get(route) ?? []), ms]);
      this.inFlight--;
    }
  }
}

const withoutType = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'content-type'));

const companyBody = () => ({
  name: `耐久测试公司${serial}`,
  uscc: uscc(),
  legalRepresentative: '赵示例',
  address: '浙江省杭州市',
  registeredCapitalCny: 1_000_000,
  profile,
});

/** the mix: each flow is one or more requests; they take turns */
function flows(c: Client, companies: string[]): (() => Promise<unknown>)[] {
  const some = () => companies[serial % companies.length]!;
  return [
    () => c.call('GET', '/api/v1/companies?limit=20'),
    async () => {
      const made = await c.call('POST', '/api/v1/companies', companyBody());
      await c.call('PATCH', `/api/v1/companies/${made.id}`, { name: `改名公司${serial}` });
      await c.call('GET', `/api/v1/companies/${made.id}`);
      await c.call('DELETE', `/api/v1/companies/${made.id}`);
    },
    () => c.call('GET', '/api/v1/applications?limit=50'),
    async () => {
      const a = await c.call('POST', '/api/v1/applications', {
        companyId: some(),
        licenceCodes: ['B25:internet'],
        procedure: 'new',
        authority: 'CN-ZJ',
      });
      await c.call('POST', `/api/v1/applications/${a.id}/transitions`, { to: 'submitted', on: '2026-10-09' });
      await c.call('POST', `/api/v1/applications/${a.id}/transitions`, { to: 'accepted', on: '2026-10-12' });
    },
    () => c.call('GET', '/api/v1/licences?limit=50'),
    async () => {
      const l = await c.call('POST', '/api/v1/licences', {
        companyId: some(),
        number: licenceNumber(),
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: '2024-03-01',
      });
      await c.call('PATCH', `/api/v1/licences/${l.id}`, { expiresOn: '2029-02-27' });
      await c.call('DELETE', `/api/v1/licences/${l.id}`);
    },
    async () => {
      const form = new FormData();
      form.set('companyId', some());
      form.set('file', pdf(serial++), '营业执照.pdf');
      const d = await c.call('POST', '/api/v1/documents', form);
      await c.call('GET', `/api/v1/documents/${d.id}/content`);
      await c.call('DELETE', `/api/v1/documents/${d.id}`);
    },
    () => c.call('GET', '/api/v1/documents?limit=50'),
    async () => {
      const id = some();
      const a = await c.call('POST', `/api/v1/companies/${id}/assessments`, {});
      await c.call('GET', `/api/v1/assessments/${a.id}`);
      await c.call('DELETE', `/api/v1/assessments/${a.id}`);
    },
    () => c.call('POST', '/api/v1/assess', profile),
  ];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;

async function soak(dialect: 'sqlite' | 'postgres', databaseUrl?: string): Promise<boolean> {
  const data = mkdtempSync(join(tmpdir(), `icpdesk-soak-${dialect}-`));
  const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  const children: Child[] = [];
  try {
    createOwner(data, env, EMAIL, PASSWORD);
    const server = await start(
      ['--expose-gc', '--import', 'tsx', 'bench/soak-server.ts'],
      // a full GC stalls the server for a moment: a sample every 10 s keeps it out of most percentiles
      { ...env, SOAK_DATA_DIR: data, SOAK_MEMORY_EVERY_MS: '10000' },
      /soak server on (http:\/\/\S+)/,
    );
    children.push(server);
    const memory: Memory[] = [];
    let carry = '';
    const t0 = performance.now();
    server.process.stdout!.on('data', (b: Buffer) => {
      const lines = (carry + b.toString()).split('\n');
      carry = lines.pop()!;
      for (const l of lines) {
        const m = /^memory (\{.*\})$/.exec(l);
        if (m) memory.push({ at: (performance.now() - t0) / 1000, ...JSON.parse(m[1]!) });
      }
    });
    const c = new Client(
      server.url,
      Object.fromEntries((await signIn(server.url, EMAIL, PASSWORD)).entries()),
    );
    const companies: string[] = [];
    for (let i = 0; i < 5; i++)
      companies.push((await c.call('POST', '/api/v1/companies', companyBody())).id as string);
    const mix = flows(c, companies);

    console.log(`${dialect}: ${RATE} flows/s for ${SECONDS} s`);
    const started = performance.now();
    let behind = 0;
    let sent = 0;
    const pending = new Set<Promise<unknown>>();
    for (let i = 0; performance.now() - started < SECONDS * 1000; i++) {
      const wait = started + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      if (c.inFlight > MAX_IN_FLIGHT) {
        behind++;
        continue;
      }
      const p = mix[i % mix.length]!().catch(() => undefined);
      pending.add(p);
      void p.finally(() => pending.delete(p));
      sent++;
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - started) / 1000;
    await sleep(10_500); // one more memory sample after the last request
    return report(c, memory, { sent, behind, elapsed });
  } finally {
    stopAll(children);
    rmSync(data, { recursive: true, force: true });
  }
}

function report(
  c: Client,
  memory: Memory[],
  run: { sent: number; behind: number; elapsed: number },
): boolean {
  const sorted = [...c.latencies].sort((a, b) => a - b);
  const warm = Math.max(10, SECONDS / 10);
  const startM = memory.find((m) => m.at >= warm) ?? memory[0];
  const middle = memory.find((m) => m.at >= SECONDS / 2) ?? startM;
  const end = memory[memory.length - 1];
  console.log(
    `  ${sorted.length} requests in ${run.sent} flows over ${run.elapsed.toFixed(0)} s (${(sorted.length / run.elapsed).toFixed(1)} req/s); errors ${c.errors.length}; flows skipped for lack of capacity ${run.behind}`,
  );
  console.log(
    `  latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
  );
  for (const [label, m] of [
    ['start (after warm-up)', startM],
    ['middle', middle],
    ['end', end],
  ] as const)
    if (m)
      console.log(
        `  memory ${label.padEnd(22)} at ${m.at.toFixed(0).padStart(4)} s: rss ${MiB(m.rss)}, heap after GC ${MiB(m.heapUsed)}`,
      );
  const slowest = [...c.byRoute]
    .map(([route, ms]) => ({
      route,
      p99: percentile(
        ms.sort((a, b) => a - b),
        99,
      ),
      n: ms.length,
    }))
    .sort((a, b) => b.p99 - a.p99)
    .slice(0, 4);
  for (const r of slowest) console.log(`    p99 ${r.p99.toFixed(1).padStart(7)} ms  ${r.route} (${r.n})`);
  for (const e of c.errors.slice(0, 5)) console.log(`  error: ${e}`);
  let ok = c.errors.length === 0 && run.behind === 0;
  if (startM && end) {
    const heap = end.heapUsed - startM.heapUsed;
    const rss = end.rss - startM.rss;
    const within = heap <= HEAP_BOUND && rss <= RSS_BOUND;
    console.log(
      `  growth: heap ${MiB(heap)} (bound ${MiB(HEAP_BOUND)}), rss ${MiB(rss)} (bound ${MiB(RSS_BOUND)}): ${within ? 'within' : 'EXCEEDED'}`,
    );
    ok &&= within;
  } else {
    console.log('  no memory samples');
    ok = false;
  }
  return ok;
}

const which = opt.db;
let stopCluster: (() => Promise<void>) | undefined;
let ok = true;
try {
  console.log(`icpdesk soak: ${SECONDS} s per database at ${RATE} flows/s, node ${process.version}`);
  if (which !== 'postgres') ok = (await soak('sqlite')) && ok;
  if (which !== 'sqlite') {
    const pgdb = await throwawayPostgres('icpdesk_soak');
    if (!pgdb) ok = false;
    else {
      stopCluster = pgdb.stop;
      ok = (await soak('postgres', pgdb.url)) && ok;
    }
  }
} finally {
  await stopCluster?.();
}
console.log(ok ? 'soak: passed' : 'soak: FAILED');
process.exit(ok ? 0 : 1);
