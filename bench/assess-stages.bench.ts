/**
 * Where the time of POST /api/v1/assess goes, stage by stage, each measured alone in this process on the
 * profile of server.bench.ts (CPU µs per call, best of three runs): the work a request does besides what a
 * bare Fastify route does. The whole route, with its hooks, in-process (app.inject) on SQLite, beside a bare
 * route the same way, closes the list. Prints numbers, asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess, assessmentSchema, assessmentSummarySchema, parseProfile, summarize } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import { migrate, openDb } from '@icpdesk/store';
import Fastify from 'fastify';
import helmet from 'helmet';
import { z } from 'zod';
import { buildApp } from '../packages/server/src/http/app.ts';
import { dateOnly } from '../packages/server/src/http/route-kit.ts';
import { assessProfile } from './server-kit.ts';

const kb = loadKb();
const body = assessProfile;
const opts = { asOf: '2026-11-29', submitOn: '2026-11-29' };
const parsed = parseProfile(kb, JSON.parse(body));
if (!parsed.ok) throw new Error('invalid profile');
const full = assess(kb, parsed.profile, opts);
const summary = summarize(full);
const fullJson = JSON.stringify(full);
const union = z.union([assessmentSchema, assessmentSummarySchema]);
const query = z.object({
  asOf: dateOnly.optional(),
  submitOn: dateOnly.optional(),
  detail: z.enum(['full', 'summary']).default('full'),
  lang: z.enum(['zh', 'en']).optional(),
});
const helmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"] } },
};
const headers = { setHeader() {}, removeHeader() {} };
const made = helmet(helmetOptions);

/** CPU µs per call of fn, best of three runs of n calls after a warm-up */
function cost(fn: () => unknown, n = 2000): number {
  for (let i = 0; i < n / 4; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / n);
  }
  return best;
}

const line = (label: string, us: number) =>
  console.log(`${label.padEnd(58)} ${us.toFixed(1).padStart(7)} µs`);

console.log(`POST /api/v1/assess, stage by stage (CPU per call), node ${process.version}, kb ${kb.version}`);
line(
  'JSON.parse of the body',
  cost(() => JSON.parse(body), 20000),
);
line(
  'parseProfile (the validation of the body)',
  cost(() => parseProfile(kb, JSON.parse(body)), 20000),
);
line(
  'the querystring by its zod schema',
  cost(() => query.parse({ asOf: '2026-11-29' }), 20000),
);
line(
  'assess',
  cost(() => assess(kb, parsed.profile, opts)),
);
line(
  'summarize',
  cost(() => summarize(full), 20000),
);
line(
  'helmet headers, middleware made per request (@fastify/helmet)',
  cost(() => helmet(helmetOptions)({} as never, headers as never, () => {})),
);
line(
  'helmet headers, middleware made once',
  cost(() => made({} as never, headers as never, () => {})),
);
line(
  'full: zod encoding by the response schema + JSON.stringify',
  cost(() => JSON.stringify(z.encode(union, full)), 500),
);
line(
  'full: JSON.stringify',
  cost(() => JSON.stringify(full)),
);
line(
  'full: UTF-8 length and bytes of the JSON (Content-Length, socket)',
  cost(() => Buffer.from(fullJson)),
);
line(
  'summary: zod encoding + JSON.stringify',
  cost(() => JSON.stringify(z.encode(union, summary))),
);
line(
  'summary: JSON.stringify',
  cost(() => JSON.stringify(summary), 20000),
);

const dir = mkdtempSync(join(tmpdir(), 'icpdesk-bench-stages-'));
const db = await openDb({ dataDir: dir });
await migrate(db);
const app = await buildApp({ kb, db, rateLimitPerMinute: false });
const bare = Fastify();
bare.post('/bare', async (req) => ({ ok: true, n: Object.keys(req.body ?? {}).length }));
for (const [label, target, url] of [
  ['a bare Fastify route in-process (app.inject)', bare, '/bare'],
  ['the whole route in-process (app.inject), full result', app, '/api/v1/assess?asOf=2026-11-29'],
  ['the whole route in-process (app.inject), summary', app, '/api/v1/assess?asOf=2026-11-29&detail=summary'],
] as const) {
  const send = () =>
    target.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
  for (let i = 0; i < 300; i++) await send();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 1000; i++) await send();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  line(label, best);
}
await app.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
