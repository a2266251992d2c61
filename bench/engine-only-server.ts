/**
 * A minimal Fastify app whose one route does the engine's work of POST /api/v1/assess and nothing else (no
 * plugins, hooks, schemas or logging): the ceiling for the real route on this machine, measured by
 * server.bench.ts beside it. Prints "engine-only ready on <url>".
 */
import { assess, parseProfile, summarize } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import Fastify from 'fastify';

const kb = loadKb();
const app = Fastify();
app.post<{ Querystring: { detail?: string } }>('/assess', async (req, reply) => {
  const parsed = parseProfile(kb, req.body);
  if (!parsed.ok) return reply.status(400).send({ code: 'INVALID_PROFILE' });
  const result = assess(kb, parsed.profile, { asOf: '2026-11-29', submitOn: '2026-11-29' });
  return req.query.detail === 'summary' ? summarize(result) : result;
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`engine-only ready on ${url}`);
