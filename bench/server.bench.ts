/**
 * HTTP throughput: the running icpdesk server (a child process, SQLite) driven by autocannon from this
 * process — POST /api/v1/assess — beside a bare Fastify JSON route in another child process, measured in
 * the same run. Prints requests/s and p99 latency for both and the ratio, and for context the same engine
 * work in a minimal Fastify app (bench/engine-only-server.ts): what the route could reach here at best, and
 * a bare route sending the full answer's bytes made once: what sending them costs by itself. Each line also
 * gives the server process's CPU time per request (Linux), which moves far less than requests/s when other
 * processes load the machine. Each route is warmed up, unmeasured, before the first measurement. The full
 * result is measured in both languages (as before) and in one (`lang=zh`, as the web wizard asks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assessProfile,
  type Child,
  connections,
  measure,
  seconds,
  start,
  startBare,
  startFixed,
  startServer,
  stopAll,
  warmUp,
} from './server-kit.ts';

const data = mkdtempSync(join(tmpdir(), 'icpdesk-bench-server-'));

const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: assessProfile };

const children: Child[] = [];
try {
  const bare = await startBare();
  children.push(bare);
  const server = await startServer(data);
  children.push(server);
  const engineOnly = await start(
    ['--import', 'tsx', 'bench/engine-only-server.ts'],
    {},
    /engine-only ready on (http:\/\/\S+)/,
  );
  children.push(engineOnly);
  console.log(`icpdesk server bench: ${connections} connections, ${seconds} s each, node ${process.version}`);
  const answers: string[] = [];
  for (const [label, query] of [
    ['full result', ''],
    ['full result in Chinese only', '&lang=zh'],
    ['summary', '&detail=summary'],
  ] as const) {
    const res = await fetch(`${server.url}/api/v1/assess?asOf=2026-11-29${query}`, post);
    answers.push(await res.text());
    console.log(
      `response size, ${label}: ${Buffer.byteLength(answers.at(-1)!).toLocaleString('en-US')} bytes`,
    );
  }
  const fixed = await startFixed(answers[0]!);
  children.push(fixed);
  const fixedZh = await startFixed(answers[1]!);
  children.push(fixedZh);
  for (const url of [
    `${bare.url}/bare`,
    `${server.url}/api/v1/assess?asOf=2026-11-29`,
    `${server.url}/api/v1/assess?asOf=2026-11-29&lang=zh`,
    `${server.url}/api/v1/assess?asOf=2026-11-29&detail=summary`,
    `${fixed.url}/fixed`,
    `${fixedZh.url}/fixed`,
    `${engineOnly.url}/assess`,
    `${engineOnly.url}/assess?detail=summary`,
  ])
    await warmUp({ url, ...post });
  const b = await measure('bare Fastify JSON route', { url: `${bare.url}/bare`, ...post }, bare);
  const full = await measure(
    'POST /api/v1/assess (full result)',
    { url: `${server.url}/api/v1/assess?asOf=2026-11-29`, ...post },
    server,
  );
  const zh = await measure(
    'POST /api/v1/assess?lang=zh (full, Chinese)',
    { url: `${server.url}/api/v1/assess?asOf=2026-11-29&lang=zh`, ...post },
    server,
  );
  const sum = await measure(
    'POST /api/v1/assess?detail=summary',
    { url: `${server.url}/api/v1/assess?asOf=2026-11-29&detail=summary`, ...post },
    server,
  );
  const sending = await measure(
    'bare route sending the full answer, made once',
    { url: `${fixed.url}/fixed`, ...post },
    fixed,
  );
  const sendingZh = await measure(
    'bare route sending the Chinese answer, made once',
    { url: `${fixedZh.url}/fixed`, ...post },
    fixedZh,
  );
  const ceilingFull = await measure(
    'engine-only Fastify route (full result)',
    { url: `${engineOnly.url}/assess`, ...post },
    engineOnly,
  );
  const ceilingSum = await measure(
    'engine-only Fastify route (summary)',
    { url: `${engineOnly.url}/assess?detail=summary`, ...post },
    engineOnly,
  );
  console.log(
    `ratio assess (full) / bare:    ${(full.rps / b.rps).toFixed(2)}  (engine-only ceiling ${(ceilingFull.rps / b.rps).toFixed(2)}; sending its bytes alone ${(sending.rps / b.rps).toFixed(2)})`,
  );
  console.log(
    `ratio assess (lang=zh) / bare: ${(zh.rps / b.rps).toFixed(2)}  (sending its bytes alone ${(sendingZh.rps / b.rps).toFixed(2)})`,
  );
  console.log(
    `ratio assess (summary) / bare: ${(sum.rps / b.rps).toFixed(2)}  (engine-only ceiling ${(ceilingSum.rps / b.rps).toFixed(2)})`,
  );
} finally {
  stopAll(children);
  rmSync(data, { recursive: true, force: true });
}
