/**
 * Security headers on every response, by helmet: a CSP that lets an API response do nothing at all
 * (no scripts, no frames, no forms), frame protection, nosniff, no referrer, and the other helmet defaults.
 * The browsable docs (/api/docs) get swagger-ui's own CSP instead (`docsCsp`), which allows its scripts and
 * styles by origin and nothing inline. JSON answers are never stored by a cache (`no-store`): they carry
 * signed-in data, the CSRF token of /me among them. A route that sets its own CSP or Cache-Control
 * (document downloads, exports) keeps it. Errors found before routing, which skip every hook, get the same
 * headers through `frameworkHeaders`. helmet's middleware is run once, at start, and the headers it sets are
 * set as they are at every request (the @fastify/helmet plugin made the middleware anew for every request:
 * parsing the CSP directives was a tenth of a small request's time).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

const options = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // HTTPS is the reverse proxy's; a header for the whole domain's subdomains is not this server's to send
  strictTransportSecurity: { maxAge: 15552000, includeSubDomains: false },
} satisfies HelmetOptions;

/** upgrade-insecure-requests would break the docs of a server reached over plain HTTP on a private network */
const dropUpgrade = (csp: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && d !== 'upgrade-insecure-requests')
    .join('; ');

/** @fastify/swagger-ui options for its CSP */
export const docsCsp = { staticCSP: true, transformStaticCSP: dropUpgrade } as const;

const JSON_TYPE = /^application\/(problem\+)?json/i;
const NO_STORE = 'no-store';

/**
 * helmet's headers are the same for every answer with these options (no per-request nonce): found once, by
 * running its middleware on a recorder, and then set as they are (a third cheaper than running it each time)
 */
const helmetSets: [string, string][] = [];
const helmetRemoves: string[] = [];
helmet(options)(
  {} as never,
  {
    setHeader: (name: string, value: unknown) => helmetSets.push([name, String(value)]),
    removeHeader: (name: string) => helmetRemoves.push(name),
  } as never,
  () => {},
);

function applyHelmet(res: ServerResponse): void {
  for (const [name, value] of helmetSets) res.setHeader(name, value);
  for (const name of helmetRemoves) res.removeHeader(name);
}

export async function securityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (_req, reply, done) => {
    applyHelmet(reply.raw);
    done();
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (JSON_TYPE.test(type) && !reply.hasHeader('cache-control')) reply.header('cache-control', NO_STORE);
    done(null, payload);
  });
}

/** the same headers for an answer given outside the hooks (Fastify's frameworkErrors) */
export function frameworkHeaders(_req: FastifyRequest, reply: FastifyReply): void {
  applyHelmet(reply.raw);
  reply.header('cache-control', NO_STORE);
}

/** the headers of an answer written straight to the socket (a request Node could not parse) */
export const RAW_HEADERS = `X-Content-Type-Options: nosniff\r\nCache-Control: ${NO_STORE}\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n`;
