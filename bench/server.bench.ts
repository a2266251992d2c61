/**
 * HTTP throughput: the running icpdesk server (a child process, SQLite) driven by autocannon from this
 * process — POST /api/v1/assess — beside a bare Fastify JSON route in another child process, measured in
 * the same run. Prints requests/s and p99 latency for both and the ratio.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const root = fileURLToPath(new URL('..', import.meta.url));
const data = mkdtempSync(join(tmpdir(), 'icpdesk-bench-server-'));

function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    const look = (b: Buffer) => {
      seen += b.toString();
      if (ready.test(seen)) ok(child);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (c) => fail(new Error(`exited ${c}: ${seen}`)));
  });
}

const bareScript = `
const f = require(${JSON.stringify(join(root, 'node_modules/fastify'))})();
f.post('/bare', async (req) => ({ ok: true, n: Object.keys(req.body ?? {}).length }));
f.listen({ port: 18181, host: '127.0.0.1' }).then(() => console.log('bare ready'));`;

const profile = JSON.stringify({
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

async function run(label: string, url: string) {
  const r = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: profile,
  });
  const non2xx = r.non2xx + r.errors;
  console.log(
    `${label.padEnd(42)} ${Math.round(r.requests.average).toLocaleString('en-US').padStart(8)} req/s  p99 ${r.latency.p99} ms${non2xx ? `  (${non2xx} failed)` : ''}`,
  );
  return r.requests.average;
}

const children: ChildProcess[] = [];
try {
  children.push(await start(['-e', bareScript], {}, /bare ready/));
  children.push(
    await start(
      ['packages/cli/bin/icpdesk.js', 'serve', '--port', '18182', '--data-dir', data],
      { ICPDESK_RATE_LIMIT: '0', LOG_LEVEL: 'warn' },
      /icpdesk serving/,
    ),
  );
  console.log(`icpdesk server bench: ${connections} connections, ${seconds} s each, node ${process.version}`);
  const bare = await run('bare Fastify JSON route', 'http://127.0.0.1:18181/bare');
  const full = await run(
    'POST /api/v1/assess (full result)',
    'http://127.0.0.1:18182/api/v1/assess?asOf=2026-11-29',
  );
  const sum = await run(
    'POST /api/v1/assess?detail=summary',
    'http://127.0.0.1:18182/api/v1/assess?asOf=2026-11-29&detail=summary',
  );
  console.log(`ratio assess (full) / bare:    ${(full / bare).toFixed(2)}`);
  console.log(`ratio assess (summary) / bare: ${(sum / bare).toFixed(2)}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(data, { recursive: true, force: true });
}
