/**
 * Hostile input, bounded before any route sees it (registered by app.ts for every route):
 *
 * - JSON bodies nested deeper than MAX_JSON_DEPTH are 400 JSON_TOO_DEEP, found by one pass over the text
 *   before parsing, so that nothing later (validation, error messages, logging) recurses without bound.
 * - A NUL character (U+0000) in the URL or in a JSON string is 400 NUL_CHARACTER: PostgreSQL refuses to
 *   store or even compare one, and no field of the API has a use for it.
 * - multipart/form-data without a boundary, or with one longer than RFC 2046 allows (70 characters), is
 *   400 MALFORMED_MULTIPART before the body is read; a body the multipart reader cannot parse (no closing
 *   boundary, a broken part header) is the same problem (`multipartError`, used by the error handler).
 * - A response sent before the request body was read to its end (413 at the limit, 401 before an upload)
 *   closes the connection: the rest of the body is never read, so a kept-alive connection would hang the
 *   next request sent on it. What still arrives is read and dropped until the socket closes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './problems.ts';

/** deeper than any request the API documents (a shareholder tree of 12 layers is about 30) */
export const MAX_JSON_DEPTH = 64;
/** RFC 2046 §5.1.1: a boundary is 1 to 70 characters */
export const MAX_BOUNDARY_LENGTH = 70;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * What is wrong with a JSON text before it is parsed: arrays or objects nested more than `max` deep, or a NUL
 * character (written \u0000; PostgreSQL cannot store one, and no field of the API has a use for it).
 */
export function jsonHazard(text: string, max = MAX_JSON_DEPTH): 'too-deep' | 'nul' | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        if (text.startsWith('u0000', i + 1)) return 'nul';
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return 'too-deep';
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

const NUL_PROBLEM = (where: string) =>
  new HttpProblem('NUL_CHARACTER', {
    zh: `${where}中含有空字符（U+0000）`,
    en: `the ${where === '地址' ? 'URL' : 'body'} contains a NUL character (U+0000)`,
  });

/** the boundary parameter of a multipart Content-Type, or undefined */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

const malformed = (en: string, zh: string) => new HttpProblem('MALFORMED_MULTIPART', { zh, en });

function checkBoundary(contentType: string | undefined): void {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return;
  const boundary = boundaryOf(contentType);
  if (!boundary)
    throw malformed(
      'the Content-Type multipart/form-data has no boundary parameter',
      'Content-Type multipart/form-data 缺少 boundary 参数',
    );
  if (boundary.length > MAX_BOUNDARY_LENGTH)
    throw malformed(
      `the multipart boundary is ${boundary.length} characters long; at most ${MAX_BOUNDARY_LENGTH} are allowed (RFC 2046)`,
      `multipart 的 boundary 长 ${boundary.length} 个字符，最多 ${MAX_BOUNDARY_LENGTH} 个（RFC 2046）`,
    );
}

// messages of the multipart reader (busboy) for a body it cannot parse
const BUSBOY_MALFORMED =
  /^(Multipart: Boundary not found|Unexpected end of (multipart data|form)|Part terminated early|Malformed part header|The needle cannot have a length)/;

/** the problem for an error of the multipart reader about a malformed body, or undefined */
export function multipartError(e: unknown): HttpProblem | undefined {
  if (!(e instanceof Error) || (e as { statusCode?: number }).statusCode) return undefined;
  if (!BUSBOY_MALFORMED.test(e.message)) return undefined;
  return malformed(
    `the multipart body cannot be read: ${e.message}`,
    `无法读取 multipart 请求体：${e.message}`,
  );
}

/** closes the connection after a response that leaves the request body partly unread */
function closeIfUnread(req: FastifyRequest, reply: FastifyReply): void {
  // (an injected request has no such flag: nothing to close)
  if (req.raw.complete !== false) return;
  reply.header('connection', 'close');
  // read and drop what is still on its way, so that the client sees the answer rather than a reset
  reply.raw.once('finish', () => req.raw.resume());
}

export function boundRequests(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, raw, done) => {
    const body = raw as string; // parseAs: 'string'
    const hazard = jsonHazard(body);
    if (hazard === 'nul') return done(NUL_PROBLEM('请求体'), undefined);
    if (hazard === 'too-deep')
      return done(
        new HttpProblem('JSON_TOO_DEEP', {
          zh: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层`,
          en: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep`,
        }),
        undefined,
      );
    parseJson(req, body, done);
  });
  // callback hooks rather than async ones: they run at every request, and a promise each costs more than they do
  app.addHook('onRequest', (req, _reply, done) => {
    // a NUL in the path or the query (a raw one Node refuses itself)
    if (req.url.includes('%00')) return done(NUL_PROBLEM('地址'));
    try {
      checkBoundary(req.headers['content-type']);
    } catch (e) {
      return done(e as Error);
    }
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    closeIfUnread(req, reply);
    done(null, payload);
  });
}
