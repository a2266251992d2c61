/**
 * What the routes promise, applied when a route is added (an onRoute hook) rather than written in every
 * route file:
 *
 * - **problems**: a route names the problem codes of its own (`schema.problems`); the codes every route of
 *   its kind may answer with (`commonProblems`: validation, sign-in, organisation, CSRF, size, type…) are
 *   added, and each error status becomes an application/problem+json response whose `code` is one of the
 *   codes of that status. Tests serialise problems by these schemas, so a code a route did not declare fails
 *   the test that provokes it; in production a problem is sent as built (it is the server's own object).
 * - **Location**: a route whose 201 names the new resource (`config.location`, a path with `{field}` or
 *   `{field.sub}` taken from the body) sends it as the Location header, and the document says so.
 * - **serialisation**: every success response is encoded by its zod schema (unlisted fields are dropped, a
 *   response that does not match is a 500 logged as such), so nothing the schema does not name can leak —
 *   except a schema marked `typedOutput`: the engine's results, built by code whose types are inferred from
 *   that very schema, are sent with plain JSON.stringify (zod's encoding cost three times the engine's own
 *   work on POST /api/v1/assess), or by the route's own writer of the same bytes (json-bytes.ts). Tests
 *   encode those by the schema as well and fail when the two differ as JSON values (a field the schema does
 *   not list, a value it refuses), or when the writer's bytes differ from JSON.stringify's; the engine's
 *   property test does the same over many generated profiles (packages/server/src/http/typed-output.test.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import {
  ResponseSerializationError,
  serializerCompiler as zodSerializerCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ProblemCode, problems } from './problems.ts';
import { problemSchema } from './route-kit.ts';

declare module 'fastify' {
  interface FastifySchema {
    /** the problem codes of this route besides those every route of its kind may answer with */
    problems?: readonly ProblemCode[];
  }
  interface FastifyContextConfig {
    /** the path of a 201's new resource, `{field}` or `{field.sub}` filled from the body: the Location header */
    location?: string;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** a route that answers without a session or token declares `security: []` (or one empty requirement) */
export const isAnonymous = (schema: FastifySchema | undefined) =>
  Array.isArray(schema?.security) &&
  (schema.security.length === 0 || schema.security.some((s) => Object.keys(s).length === 0));

/** the problems any route of this kind may answer with, whatever its handler does */
export function commonProblems(
  route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>,
): ProblemCode[] {
  const method = String(route.method).toUpperCase();
  const schema = route.schema as FastifySchema | undefined;
  // a NUL character is refused in any URL; bodies are bounded before any route runs (request-bounds.ts)
  const codes: ProblemCode[] = ['INTERNAL', 'NUL_CHARACTER'];
  const hasParams = route.url.includes(':');
  if (hasParams) codes.push('URI_TOO_LONG');
  if (hasParams || schema?.querystring || schema?.body || WITH_BODY.has(method))
    codes.push('VALIDATION_FAILED');
  if (WITH_BODY.has(method))
    codes.push('UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'JSON_TOO_DEEP', 'MALFORMED_MULTIPART');
  const rateLimited = Boolean((route.config as { rateLimit?: unknown } | undefined)?.rateLimit);
  if (rateLimited) codes.push('RATE_LIMITED');
  // a session is looked up in the database, and so is the anonymous endpoints' rate-limit counter; anonymous
  // routes that read or write it otherwise declare DB_UNAVAILABLE themselves
  if (rateLimited || !isAnonymous(schema)) codes.push('DB_UNAVAILABLE');
  if (!isAnonymous(schema)) {
    codes.push(
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'ORGANISATION_REQUIRED',
      'ORGANISATION_UNKNOWN',
      'TOKEN_ORGANISATION_MISMATCH',
    );
    if (UNSAFE.has(method)) codes.push('CSRF_FAILED');
    if (hasParams) codes.push('NOT_FOUND');
  }
  const query = schema?.querystring as { shape?: Record<string, unknown> } | undefined;
  if (query?.shape && 'cursor' in query.shape) codes.push('INVALID_CURSOR');
  return codes;
}

/** one status's problem response: the problem schema (or the route's own extension of it) with its codes */
function problemResponse(base: z.ZodType, codes: ProblemCode[]) {
  const sorted = [...codes].sort();
  const schema = z.intersection(
    base,
    z.looseObject({ code: z.enum(sorted as [ProblemCode, ...ProblemCode[]]) }),
  );
  return {
    description: sorted.map((c) => `\`${c}\` ${problems[c].en}`).join('; '),
    content: { 'application/problem+json': { schema } },
  };
}

/** fills `{field}` and `{field.sub}` of a path from a body */
export function fillPath(template: string, body: unknown): string {
  return template.replace(/\{([\w.]+)\}/g, (_m, path: string) => {
    let v: unknown = body;
    for (const k of path.split('.')) v = (v as Record<string, unknown> | null)?.[k];
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new Error(`location ${template}: the body has no ${path}`);
    return encodeURIComponent(String(v));
  });
}

/** completes every route's problem responses and Location header as it is added */
export function applyContract(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (FastifySchema & { response?: Record<string, unknown> }) | undefined;
    if (schema && !schema.hide) completeProblems(route, schema);
    const location = route.config?.location;
    if (location) {
      const setLocation = async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (reply.statusCode === 201 && !reply.hasHeader('location'))
          reply.header('location', fillPath(location, payload));
        return payload;
      };
      const before = route.preSerialization;
      route.preSerialization = [...(Array.isArray(before) ? before : before ? [before] : []), setLocation];
    }
  });
}

/** marks a schema completed (Fastify's HEAD route for a GET shares the GET's schema) */
const COMPLETED = Symbol('problems completed');

function completeProblems(
  route: RouteOptions,
  schema: FastifySchema & { response?: Record<string, unknown>; [COMPLETED]?: true },
) {
  if (schema[COMPLETED]) return;
  schema[COMPLETED] = true;
  const codes = new Set<ProblemCode>([...commonProblems(route), ...(schema.problems ?? [])]);
  delete schema.problems;
  const response: Record<string, unknown> = { ...(schema.response ?? {}) };
  const byStatus = new Map<number, ProblemCode[]>();
  for (const c of codes) {
    const status = problems[c].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), c]);
  }
  for (const key of Object.keys(response)) {
    const status = Number(key);
    if (status < 400) continue;
    const given = response[key];
    if (given !== problemSchema && !byStatus.has(status))
      throw new Error(
        `${route.method} ${route.url}: response ${key} has a schema but no problem code of status ${key}`,
      );
    if (given === problemSchema || !(given instanceof z.ZodType)) delete response[key];
  }
  for (const [status, cs] of byStatus) {
    const given = response[status];
    response[status] = problemResponse(given instanceof z.ZodType ? given : problemSchema, cs);
  }
  schema.response = response;
}

/** a typed output's own writer: JSON text, or its UTF-8 bytes (json-bytes.ts), the same as JSON.stringify */
export type OutputWriter = (data: never) => string | Buffer;

/** response schemas whose values are built by code typed by the same schema (typedOutput), and their writers */
const typedOutputs = new WeakMap<z.ZodType, OutputWriter | undefined>();

/**
 * Marks a response schema whose values are the engine's own outputs, typed by this schema: they are sent as
 * JSON.stringify makes them (in the order the engine builds their keys), not re-encoded by zod; `write`, when
 * given, writes the same JSON faster (bytes made once for the kb's own parts, json-bytes.ts). The schema
 * object itself is marked, so mark the one the route's response names (after any .describe()).
 *
 * `sent`, when given, is the JSON value a handler's result is answered as, where `write` does more than
 * writing it (an assessment in one language: the writer writes its texts in that language); tests check
 * `sent(data)` against the schema and the writer's bytes against JSON.stringify of it.
 */
export function typedOutput<T extends z.ZodType>(
  schema: T,
  write?: (data: z.output<T>) => string | Buffer,
  sent?: (data: z.output<T>) => unknown,
): T {
  typedOutputs.set(schema, write as OutputWriter | undefined);
  if (sent) sentValues.set(schema, sent as (data: unknown) => unknown);
  return schema;
}

/** how the values of a typed output are answered, where that is not as they are */
const sentValues = new WeakMap<z.ZodType, (data: unknown) => unknown>();

const stringify = (data: unknown) => JSON.stringify(data);

/**
 * JSON.stringify, after checking that zod's encoding of the value is the same JSON value, and that the
 * route's own writer writes the same bytes as JSON.stringify (tests)
 */
function checkedTypedOutput(schema: z.ZodType, method: string, url: string, write: OutputWriter | undefined) {
  const asSent = sentValues.get(schema) ?? ((data: unknown) => data);
  const refuse = (message: string, input: unknown, cause?: z.ZodError) =>
    new ResponseSerializationError(method, url, {
      cause: cause ?? new z.ZodError([{ code: 'custom', path: [], input, message }]),
    });
  return (handed: unknown) => {
    const data = asSent(handed);
    const json = JSON.stringify(data);
    const encoded = z.safeEncode(schema, data);
    if (encoded.error) throw refuse('the response does not match its schema', data, encoded.error);
    if (!isDeepStrictEqual(JSON.parse(json), JSON.parse(JSON.stringify(encoded.data))))
      throw refuse('the response differs from its schema encoding', data);
    if (!write) return json;
    const written = write(handed as never);
    if (!Buffer.from(written).equals(Buffer.from(json)))
      throw refuse("the route's writer differs from JSON.stringify", data);
    return written;
  };
}

/**
 * Success responses are encoded by their zod schemas (stripping what they do not list), but for typed
 * outputs (above). Problems are the server's own objects: tests encode them by the route's schema too
 * (`strict`), so an undeclared code fails there; in production they are sent as built, never turned
 * into a 500.
 */
export const serializerCompiler = (
  strict: boolean,
): Parameters<FastifyInstance['setSerializerCompiler']>[0] => {
  return (route) => {
    if (!strict && Number(route.httpStatus) >= 400) return (data: unknown) => JSON.stringify(data);
    const schema = route.schema as z.ZodType;
    if (typedOutputs.has(schema)) {
      const sent = sentValues.get(schema);
      const write = typedOutputs.get(schema) ?? (sent && ((d: never) => JSON.stringify(sent(d))));
      // Fastify sends a Buffer as it is (its Content-Length is its length)
      return (strict ? checkedTypedOutput(schema, route.method, route.url, write) : (write ?? stringify)) as (
        data: unknown,
      ) => string;
    }
    return zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  };
};
