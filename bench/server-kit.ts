/**
 * What the HTTP benchmarks share: starting `icpdesk serve` and a bare Fastify route as child processes (so
 * the load generator, autocannon in this process, never shares a thread with the server), and one measured
 * autocannon run printed as a line.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { findPgBin, startCluster } from '../packages/store/test/pg-cluster.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const seconds = Number(process.env.BENCH_SECONDS ?? 8);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** the business profile POST /api/v1/assess is measured with (JSON text) */
export const assessProfile = JSON.stringify({
  entity: {
    type: 'company',
    registeredProvince: 'CN-GD',
    registeredCapitalCny: 1000000,
    foreignSharePercent: 0,
    onCreditBlacklist: false,
  },
  service: {
    coverage: ['CN-GD'],
    activities: ['online-advertising', 'community-forum'],
    serverLocation: 'mainland',
    channels: ['website', 'app'],
  },
});

export interface Child {
  process: ChildProcess;
  url: string;
}

/**
 * spawns node with args (and `stdin` as its standard input); resolves when its output matches `ready` (the
 * first group, if any, is the URL)
 */
export function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  stdin?: string,
): Promise<Child> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let seen = '';
    const look = (b: Buffer) => {
      seen += b.toString();
      const m = ready.exec(seen);
      if (m) ok({ process: child, url: m[1] ?? '' });
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (c) => fail(new Error(`exited ${c}: ${seen}`)));
  });
}

/** BENCH_CPU_PROF=DIR: each server writes a CPU profile into DIR when it stops (open it in Chrome's DevTools) */
const profile = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
  : [];

/** icpdesk serve on a free port over `dataDir` (and DATABASE_URL when given), rate limit off */
export const startServer = (dataDir: string, env: Record<string, string> = {}) =>
  start(
    [...profile, 'packages/cli/bin/icpdesk.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { ICPDESK_RATE_LIMIT: '0', LOG_LEVEL: 'warn', ...env },
    /icpdesk serving on (http:\/\/\S+)/,
  );

/** a bare Fastify app: POST /bare answers a small JSON object; GET /bare/list answers `items` objects */
export function startBare(): Promise<Child> {
  const script = `
const f = require(${JSON.stringify(join(root, 'node_modules/fastify'))})();
f.post('/bare', async (req) => ({ ok: true, n: Object.keys(req.body ?? {}).length }));
f.get('/bare', async () => ({ ok: true }));
f.listen({ port: 0, host: '127.0.0.1' }).then((a) => console.log('bare ready on ' + a));`;
  return start(['-e', script], {}, /bare ready on (http:\/\/\S+)/);
}

/**
 * A bare Fastify app whose POST /fixed answers `body` (a JSON text) as it is: the cost of sending that many
 * bytes, with no work to make them — the ceiling of any route answering them.
 */
export function startFixed(body: string): Promise<Child> {
  const script = `
const f = require(${JSON.stringify(join(root, 'node_modules/fastify'))})();
const body = require('node:fs').readFileSync(0, 'utf8');
f.post('/fixed', async (req, reply) => reply.type('application/json; charset=utf-8').send(body));
f.listen({ port: 0, host: '127.0.0.1' }).then((a) => console.log('fixed ready on ' + a));`;
  return start(['-e', script], {}, /fixed ready on (http:\/\/\S+)/, body);
}

/**
 * A bare Fastify app whose GET /fixed answers `body` (a JSON text) gzipped once at start, as a kept answer is
 * sent to a client that accepts gzip: the ceiling of any route answering those bytes on this machine.
 */
export function startFixedGzip(body: string): Promise<Child> {
  const script = `
const f = require(${JSON.stringify(join(root, 'node_modules/fastify'))})();
const bytes = require('node:zlib').gzipSync(require('node:fs').readFileSync(0));
f.get('/fixed', async (req, reply) =>
  reply.type('application/json; charset=utf-8').header('content-encoding', 'gzip').send(bytes));
f.listen({ port: 0, host: '127.0.0.1' }).then((a) => console.log('fixed ready on ' + a));`;
  return start(['-e', script], {}, /fixed ready on (http:\/\/\S+)/, body);
}

export interface Measured {
  rps: number;
  p99: number;
  /** CPU time the server process spent per request, in µs (Linux only; undefined elsewhere) */
  cpuUs?: number | undefined;
}

/** CPU time (user + system) a process has used, in ms, from /proc; undefined where there is none */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, 100 a second on Linux
  } catch {
    return undefined;
  }
}

/**
 * An unmeasured run of `warmSeconds` (BENCH_WARM_SECONDS, default 2) first, so that the first route measured
 * is not measured while its code is still being compiled: on a loaded machine that alone moved the ratios
 * to the bare route by a factor of two or more.
 */
export const warmSeconds = Number(process.env.BENCH_WARM_SECONDS ?? 2);

export async function warmUp(opts: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<void> {
  if (warmSeconds > 0) await autocannon({ connections, duration: warmSeconds, ...opts });
}

/**
 * One autocannon run. With `server`, also the server process's CPU time per request: unlike requests/s, it
 * hardly moves when other processes load the machine.
 */
export async function measure(
  label: string,
  opts: { url: string; method?: string; headers?: Record<string, string>; body?: string },
  server?: Child,
): Promise<Measured> {
  const before = cpuMs(server?.process.pid);
  const r = await autocannon({ connections, duration: seconds, ...opts });
  const after = cpuMs(server?.process.pid);
  const failed = r.non2xx + r.errors;
  const cpuUs =
    before === undefined || after === undefined ? undefined : ((after - before) * 1000) / r.requests.total;
  console.log(
    `${label.padEnd(46)} ${Math.round(r.requests.average).toLocaleString('en-US').padStart(8)} req/s  p99 ${String(r.latency.p99).padStart(3)} ms${cpuUs === undefined ? '' : `  server CPU ${Math.round(cpuUs).toString().padStart(4)} µs/req`}${failed ? `  (${failed} failed)` : ''}`,
  );
  return { rps: r.requests.average, p99: r.latency.p99, cpuUs };
}

export function stopAll(children: Child[]): void {
  for (const c of children) c.process.kill('SIGTERM');
}

/** `icpdesk admin create`: the first owner of an installation over `dataDir` (and DATABASE_URL in env) */
export function createOwner(
  dataDir: string,
  env: Record<string, string>,
  email: string,
  password: string,
): void {
  const created = spawnSync(
    process.execPath,
    [
      'packages/cli/bin/icpdesk.js',
      'admin',
      'create',
      '--email',
      email,
      '--organisation',
      '基准',
      '--data-dir',
      dataDir,
    ],
    { cwd: root, env: { ...process.env, ...env, ICPDESK_ADMIN_PASSWORD: password }, encoding: 'utf8' },
  );
  if (created.status !== 0) throw new Error(`admin create: ${created.stderr}`);
}

/** signs in; the headers a JSON write needs (content type, session cookie, CSRF token) */
export async function signIn(base: string, email: string, password: string): Promise<Headers> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return new Headers({
    'content-type': 'application/json',
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
    'x-csrf-token': csrfToken,
  });
}

/**
 * A throwaway PostgreSQL cluster with an empty database `name`: its URL and how to stop it; undefined (and a
 * line printed) when there are no PostgreSQL binaries here.
 */
export async function throwawayPostgres(
  name: string,
): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const bin = findPgBin();
  if (!bin) {
    console.log('postgres: skipped (no PostgreSQL binaries here; install the Debian package postgresql)');
    return undefined;
  }
  const cluster = await startCluster(bin);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: cluster.stop };
}

/**
 * Runs `bench` on SQLite, then on a throwaway PostgreSQL cluster (BENCH_DB=sqlite|postgres for one), beside
 * one bare Fastify route; `title` is printed first with the connections and seconds.
 */
export async function onBothDatabases(
  title: string,
  bench: (dialect: 'sqlite' | 'postgres', bare: Child, databaseUrl?: string) => Promise<void>,
): Promise<void> {
  const which = process.env.BENCH_DB;
  const children: Child[] = [];
  let stopCluster: (() => Promise<void>) | undefined;
  try {
    const bare = await startBare();
    children.push(bare);
    console.log(`${title}, ${connections} connections, ${seconds} s each, node ${process.version}`);
    if (which !== 'postgres') await bench('sqlite', bare);
    if (which !== 'sqlite') {
      const pgdb = await throwawayPostgres('icpdesk_bench');
      if (pgdb) {
        stopCluster = pgdb.stop;
        await bench('postgres', bare, pgdb.url);
      }
    }
  } finally {
    stopAll(children);
    await stopCluster?.();
  }
}
