/**
 * What the HTTP benchmarks share: starting `icpdesk serve` and a bare Fastify route as child processes (so
 * the load generator, autocannon in this process, never shares a thread with the server), and one measured
 * autocannon run printed as a line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const seconds = Number(process.env.BENCH_SECONDS ?? 8);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

export interface Child {
  process: ChildProcess;
  url: string;
}

/** spawns node with args; resolves when its output matches `ready` (the first group, if any, is the URL) */
export function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<Child> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

/** icpdesk serve on a free port over `dataDir` (and DATABASE_URL when given), rate limit off */
export const startServer = (dataDir: string, env: Record<string, string> = {}) =>
  start(
    ['packages/cli/bin/icpdesk.js', 'serve', '--port', '0', '--data-dir', dataDir],
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

export interface Measured {
  rps: number;
  p99: number;
}

export async function measure(
  label: string,
  opts: { url: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<Measured> {
  const r = await autocannon({ connections, duration: seconds, ...opts });
  const failed = r.non2xx + r.errors;
  console.log(
    `${label.padEnd(46)} ${Math.round(r.requests.average).toLocaleString('en-US').padStart(8)} req/s  p99 ${String(r.latency.p99).padStart(3)} ms${failed ? `  (${failed} failed)` : ''}`,
  );
  return { rps: r.requests.average, p99: r.latency.p99 };
}

export function stopAll(children: Child[]): void {
  for (const c of children) c.process.kill('SIGTERM');
}
