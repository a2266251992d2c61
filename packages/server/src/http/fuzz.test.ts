/**
 * A fuzzer over the API's own OpenAPI document, so that a route added later is fuzzed too: for every
 * operation, hostile variants of its path parameters, query, headers and body — wrong and missing content
 * types, malformed JSON, huge strings, deep nesting, wrong types in each field, NUL, bidirectional marks,
 * lone surrogates, bogus cursors — sent by the owner of an organisation (with its CSRF token) and anonymously.
 *
 * It fails on any 5xx, on any error that is not application/problem+json with a catalogued `code`, and on
 * any request slower than BOUND_MS. The variants are drawn with a fixed seed (fast-check), a bounded number
 * per operation, so every run sends the same requests. Framing over a real socket (chunked bodies, lying
 * lengths, kept-alive connections, header overflow) is tested where it matters: request-bounds.test.ts,
 * security-headers.test.ts, and the import and document routes' tests.
 */
import { SESSION_COOKIE } from '@icpdesk/store';
import { forEachDb, seedApplication, seedDocument, seedLicence } from '@icpdesk/store/testing';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { type Actor, httpHarness } from '../../test/http-harness.ts';
import { problems } from './problems.ts';

const SEED = 20261207;
/** variants drawn per operation and actor, besides the malformed bodies */
const PER_OPERATION = 20;
/** the slowest answer allowed */
const BOUND_MS = 2000;

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}
interface Operation {
  method: string;
  path: string;
  params: { in: string; name: string }[];
  body?: Schema;
  multipart: boolean;
}

interface Variant {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

// ------------------------------------------------------------------------------------------ hostile values

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'invoice\u202Efdp.exe',
  '\u2066\u2067\u2068\u2069',
  '\ud800',
  '\udfff\ud800',
  '🙂'.repeat(50),
  'x'.repeat(100_000),
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  `\${7*7}{{7*7}}`,
  '１２３４５６７８９０',
  'NaN',
  '-1',
  '1e309',
  '__proto__',
  'constructor',
  '0000-00-00',
  '2026-02-30',
  '9999-99-99T99:99:99Z',
  'null',
];

const HOSTILE_VALUES: unknown[] = [
  null,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  0.1,
  true,
  [],
  {},
  [null],
  { __proto__: null, constructor: { prototype: { polluted: true } } },
  Array.from({ length: 10_000 }, (_, i) => i),
  nested(60),
  ...HOSTILE_STRINGS,
];

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** header values a client can put on the wire (Latin-1 without controls) */
const HOSTILE_HEADERS = [
  '',
  'x'.repeat(8000),
  'zh;q=abc,en;q=,*;q=-1',
  '../../',
  '%00',
  'null',
  '\u00ff\u00fe',
  `Bearer icpd_${'A'.repeat(300)}`,
];

const BOGUS_CURSORS = ['!!!', 'eyJ4Ijoi', 'W10', 'bnVsbA', 'A'.repeat(5000), '%ff%fe', 'e30'];

/** percent-encodes a string's UTF-8 bytes (a lone surrogate becomes U+FFFD, as a client would send it) */
const encode = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

// -------------------------------------------------------------------------------- the OpenAPI document

function operationsOf(spec: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      return {
        method: method.toUpperCase(),
        path,
        params: ((op.parameters as { in: string; name: string }[] | undefined) ?? []).map((p) => ({
          in: p.in,
          name: p.name,
        })),
        ...(content?.['application/json']?.schema ? { body: content['application/json'].schema } : {}),
        multipart:
          Boolean(content?.['multipart/form-data']) ||
          ((op.consumes as string[] | undefined) ?? []).includes('multipart/form-data'),
      };
    }),
  );
}

/** a plain value of the schema's shape, for the fields a variant leaves alone */
function plain(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 4) return 'x';
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (alt) return plain(alt, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plain(v, depth + 1)]));
    case 'array':
      return [plain(s.items, depth + 1)];
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'x';
  }
}

// ------------------------------------------------------------------------------------------- variants

/** the malformed bodies, sent to every operation that takes a body; the other variants, to draw from */
function variantsOf(
  op: Operation,
  ids: (name: string, path: string) => string,
): { always: Variant[]; some: Variant[] } {
  const pathParams = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  const queryParams = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  const url = (path = op.path, query = '') =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => ids(name, op.path)) + (query ? `?${query}` : '');
  const jsonHeaders = { 'content-type': 'application/json' };
  const base = op.body ? JSON.stringify(plain(op.body)) : undefined;
  const withBase = (
    label: string,
    v: Omit<Variant, 'method' | 'label' | 'headers'> & { headers?: Record<string, string> },
  ) => ({
    label,
    method: op.method,
    ...v,
    headers: { ...(base !== undefined ? jsonHeaders : {}), ...(v.headers ?? {}) },
    ...(v.payload === undefined && base !== undefined ? { payload: base } : {}),
  });
  const out: Variant[] = [];

  for (const name of pathParams)
    for (const s of [...HOSTILE_STRINGS.filter((x) => x.length < 1000), 'a'.repeat(300)])
      out.push(
        withBase(`path ${name}=${JSON.stringify(s.slice(0, 20))}`, {
          url: url(op.path.replace(`{${name}}`, encode(s) || '%20')),
        }),
      );
  if (pathParams.length)
    out.push(withBase('path: broken escape', { url: url(op.path.replace(/\{\w+\}/, '%E0%A4%A')) }));

  for (const name of queryParams) {
    const values = name === 'cursor' ? BOGUS_CURSORS : HOSTILE_STRINGS.filter((x) => x.length < 10_000);
    for (const s of values)
      out.push(
        withBase(`query ${name}=${JSON.stringify(s.slice(0, 20))}`, {
          url: url(undefined, `${name}=${encode(s)}`),
        }),
      );
    out.push(withBase(`query ${name} twice`, { url: url(undefined, `${name}=1&${name}=2`) }));
    out.push(withBase(`query ${name}[]`, { url: url(undefined, `${name}[a]=1&${name}[]=2`) }));
  }
  out.push(
    withBase('query: unknown parameter', {
      url: url(undefined, `__proto__[x]=1&constructor=1&${'q'.repeat(200)}=1`),
    }),
  );

  for (const [name, value] of [
    ['accept-language', HOSTILE_HEADERS],
    ['x-organisation', HOSTILE_HEADERS],
    ['x-csrf-token', HOSTILE_HEADERS],
    ['authorization', HOSTILE_HEADERS],
    [
      'cookie',
      [`${SESSION_COOKIE}=${'A'.repeat(4000)}`, `${SESSION_COOKIE}=%ff; ${SESSION_COOKIE}=x`, '=;=;='],
    ],
  ] as const)
    for (const v of value)
      out.push(
        withBase(`header ${name}=${JSON.stringify(v.slice(0, 20))}`, { url: url(), headers: { [name]: v } }),
      );

  const bodies: [string, string, string | Buffer][] = [
    ['malformed JSON', 'application/json', '{"a":'],
    ['trailing garbage', 'application/json', '{} {}'],
    ['JSON null', 'application/json', 'null'],
    ['JSON array', 'application/json', '[]'],
    ['JSON string', 'application/json', '"x"'],
    ['JSON number', 'application/json', '1e999'],
    ['byte-order mark', 'application/json', '\uFEFF{}'],
    [
      'proto poisoning',
      'application/json',
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    ],
    ['nested 70 deep', 'application/json', `${'['.repeat(70)}${']'.repeat(70)}`],
    ['nested 100,000 deep', 'application/json', `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['2 MB of JSON', 'application/json', JSON.stringify({ a: 'x'.repeat(2 << 20) })],
    ['invalid UTF-8', 'application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['text/plain', 'text/plain', 'hello'],
    ['XML', 'application/xml', '<a/>'],
    ['form', 'application/x-www-form-urlencoded', 'a=1&a=2'],
    ['no content type', '', '{}'],
    ['odd content type', 'application/json; charset=ebcdic; boundary=x', '{}'],
    ['multipart without boundary', 'multipart/form-data', '--x\r\n'],
    [
      'multipart, long boundary',
      `multipart/form-data; boundary=${'b'.repeat(300)}`,
      `--${'b'.repeat(300)}\r\n`,
    ],
    [
      'multipart without its end',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
    ],
    [
      'multipart, bad part header',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name\r\n\r\nv\r\n--x--\r\n',
    ],
    [
      'multipart, __proto__ field',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nv\r\n--x--\r\n',
    ],
  ];
  const always: Variant[] = [];
  if (op.method !== 'GET' && op.method !== 'DELETE')
    for (const [label, type, payload] of bodies)
      always.push(
        withBase(`body: ${label}`, { url: url(), headers: type ? { 'content-type': type } : {}, payload }),
      );

  if (op.body?.properties) {
    const fields = Object.keys(op.body.properties);
    for (const field of fields)
      for (const v of HOSTILE_VALUES) {
        const body = { ...(plain(op.body) as object), [field]: v };
        out.push(
          withBase(`body.${field}=${JSON.stringify(v)?.slice(0, 20)}`, {
            url: url(),
            payload: JSON.stringify(body),
          }),
        );
      }
  }
  // each field nested 100,000 deep (written as text: JSON.stringify would overflow the stack itself)
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  for (const field of Object.keys(op.body?.properties ?? {}))
    always.push(
      withBase(`body.${field} nested 100,000 deep`, {
        url: url(),
        payload: JSON.stringify({ ...(plain(op.body) as object), [field]: '__DEEP__' }).replace(
          '"__DEEP__"',
          deep,
        ),
      }),
    );
  return { always, some: out };
}

// ------------------------------------------------------------------------------------------- messages

/** a library's words that name nothing (zod's message of a union, or of an issue it has no words for) */
const GENERIC = /^(invalid( input)?|无效输入|输入无效)$/i;

/** messages that say nothing of their own, or repeat the path the problem gives beside them */
function messageFaults(p: {
  code?: unknown;
  detail?: string;
  errors?: { path: string; message: string }[];
}): string[] {
  const out: string[] = [];
  if (p.detail !== undefined && GENERIC.test(p.detail.trim())) out.push(`generic detail "${p.detail}"`);
  for (const e of p.errors ?? []) {
    if (GENERIC.test(e.message.trim())) out.push(`generic message at ${e.path}: "${e.message}"`);
    // a field's name in a sentence is fine; the message beginning with the path, or naming a nested one, is not
    const inner = e.path.replace(/^(body|query|params|headers)\.?/, '');
    const nested = /[.[]/.test(inner);
    if (
      inner &&
      (e.message.startsWith(`${inner}:`) ||
        e.message.startsWith(`${inner} `) ||
        (nested && e.message.includes(inner)))
    )
      out.push(`message repeats its path ${e.path}`);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ run

interface Failure {
  who: string;
  variant: string;
  request: string;
  status: number;
  ms: number;
  why: string;
  body: string;
}

forEachDb('hostile-input fuzz', (t) => {
  const h = httpHarness(t, {
    get dataDir() {
      return t.dir;
    },
  });

  it('no route answers hostile input with a 5xx, a non-problem error, or slowly', async () => {
    await h.app.ready();
    const spec = h.app.swagger() as unknown as Parameters<typeof operationsOf>[0];
    const operations = operationsOf(spec);
    expect(operations.length).toBeGreaterThan(50);
    const company = h.linked;
    const real: Record<string, string> = {
      companies: company,
      applications: await seedApplication(t.db, h.orgA, company),
      licences: await seedLicence(t.db, h.orgA, company),
      documents: await seedDocument(t.db, h.orgA, company),
      members: h.as.viewer.userId,
    };
    const ids = (name: string, path: string) => {
      if (name === 'userId') return real.members!;
      const collection = /\/api\/v1\/([a-z-]+)\//.exec(path)?.[1] ?? '';
      return real[collection] ?? '00000000-0000-7000-8000-000000000000';
    };
    const codes = new Set(Object.keys(problems));
    const failures: Failure[] = [];
    let sent = 0;
    const started = Date.now();

    const send = async (who: string, actor: Actor | undefined, v: Variant) => {
      const opts: InjectOptions = {
        method: v.method as InjectOptions['method'],
        url: v.url,
        headers: v.headers,
        ...(v.payload !== undefined ? { payload: v.payload } : {}),
      };
      const t0 = performance.now();
      let res: Awaited<ReturnType<typeof h.call>>;
      try {
        res = await h.call(actor, opts);
      } catch (e) {
        failures.push({
          who,
          variant: v.label,
          request: `${v.method} ${v.url.slice(0, 120)}`,
          status: 0,
          ms: 0,
          why: `threw ${(e as Error).message}`,
          body: '',
        });
        return;
      }
      const ms = performance.now() - t0;
      sent++;
      const why: string[] = [];
      if (res.statusCode >= 500) why.push('5xx');
      if (ms > BOUND_MS) why.push(`slower than ${BOUND_MS} ms`);
      if (res.statusCode >= 400) {
        if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
          why.push(`content-type ${res.headers['content-type']}`);
        else {
          const problem = res.json() as Parameters<typeof messageFaults>[0];
          if (typeof problem.code !== 'string' || !codes.has(problem.code))
            why.push(`code ${String(problem.code)}`);
          why.push(...messageFaults(problem));
        }
      }
      if (why.length)
        failures.push({
          who,
          variant: v.label,
          request: `${v.method} ${v.url.slice(0, 120)}`,
          status: res.statusCode,
          ms: Math.round(ms),
          why: why.join(', '),
          body: res.body.slice(0, 300),
        });
    };

    for (const op of operations) {
      // signing the owner out would leave the rest of the run anonymous
      const owner = op.path === '/api/v1/auth/logout' ? [] : [['owner', h.as.owner] as const];
      for (const [who, actor] of [...owner, ['anonymous', undefined] as const]) {
        const { always, some } = variantsOf(op, ids);
        const [picked] = fc.sample(
          fc.shuffledSubarray(some, {
            minLength: Math.min(PER_OPERATION, some.length),
            maxLength: PER_OPERATION,
          }),
          { seed: SEED + op.path.length + op.method.length, numRuns: 1 },
        );
        for (const v of [...always, ...(picked ?? [])]) await send(who, actor, v);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(
      `fuzz [${t.dialect}]: ${sent} requests over ${operations.length} operations in ${seconds.toFixed(1)} s`,
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
