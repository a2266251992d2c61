import { loadKb } from '@icpdesk/kb';
import { fixedClock } from '@icpdesk/store';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePackage, multipart, zipOf } from '../../test/packages.ts';
import { recordResponses } from '../../test/response-record.ts';
import { buildApp } from './app.ts';

const kb = loadKb();
const example = examplePackage;
let app: Awaited<ReturnType<typeof buildApp>>;
let recorded: ReturnType<typeof recordResponses> | undefined;
beforeAll(async () => {
  app = await buildApp({ kb, rateLimitPerMinute: false, validateResponses: true });
  recorded = recordResponses(app, 'app.test.ts');
});
afterAll(async () => {
  recorded?.finish();
  await app.close();
});

const profile = {
  entity: {
    type: 'company',
    registeredProvince: 'CN-GD',
    registeredCapitalCny: 1_000_000,
    foreignSharePercent: 0,
    onCreditBlacklist: false,
  },
  service: {
    coverage: ['CN-GD'],
    activities: ['online-advertising'],
    serverLocation: 'mainland',
    channels: ['website'],
  },
};

describe('health', () => {
  it('answers liveness and readiness', async () => {
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', kbVersion: kb.version, database: null });
  });
  it('is not ready when the database does not answer', async () => {
    const down = await buildApp({
      kb,
      rateLimitPerMinute: false,
      dbCheck: async () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432 user secret-user')),
    });
    const r = await down.inject({ url: '/ready' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ code: 'NOT_READY', status: 503 });
    // the driver's text (hosts, users) is logged, never answered
    expect(r.body).not.toMatch(/10\.1\.2\.3|secret-user|ECONNREFUSED/);
    await down.close();
  });
});

describe('the clock', () => {
  it('gives the default as-of date: today in China by the clock buildApp is given', async () => {
    // 2026-03-01 01:30 in China is still 2026-02-28 in UTC
    const fixed = await buildApp({
      kb,
      rateLimitPerMinute: false,
      clock: fixedClock('2026-02-28T17:30:00Z'),
    });
    const r = await fixed.inject({ method: 'POST', url: '/api/v1/assess', payload: profile });
    expect(r.json().asOf).toBe('2026-03-01');
    await fixed.close();
  });
});

describe('POST /api/v1/assess', () => {
  it('assesses a profile as of a date', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/assess?asOf=2026-11-29', payload: profile });
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a.asOf).toBe('2026-11-29');
    expect(a.licences[0]).toMatchObject({
      code: 'B25',
      scope: 'internet',
      requirement: 'required',
      authority: 'CN-GD',
    });
    expect(a.licences[0].reasons[0].sources.length).toBeGreaterThan(0);
  });
  it('answers in both languages without `lang`, and in the one asked for with it', async () => {
    const ask = (q: string) =>
      app.inject({ method: 'POST', url: `/api/v1/assess?asOf=2026-11-29${q}`, payload: profile });
    const both = (await ask('')).json();
    expect(both.lang).toBeUndefined();
    expect(Object.keys(both.licences[0].name)).toEqual(['zh', 'en']);
    for (const lang of ['zh', 'en'] as const) {
      const r = await ask(`&lang=${lang}`);
      expect(r.statusCode).toBe(200);
      const a = r.json();
      expect(a.lang).toBe(lang);
      expect(a.licences[0].name).toEqual({ [lang]: both.licences[0].name[lang] });
      expect(a.summary.headline).toEqual({ [lang]: both.summary.headline[lang] });
      expect(r.body).not.toContain(lang === 'zh' ? '"en":' : '"zh":');
      expect(a.licences).toHaveLength(both.licences.length);
      expect(Buffer.byteLength(r.body)).toBeLessThan(Buffer.byteLength((await ask('')).body) * 0.8);
      // each penalty once, named by id where a pitfall leads to it
      const named = a.pitfalls.flatMap((p: { penalties?: string[] }) => p.penalties ?? []);
      expect(named.length).toBeGreaterThan(0);
      for (const id of named) expect(a.penalties[id]).toMatchObject({ id });
      expect(Object.keys(a.penalties).sort()).toEqual([...new Set(named)].sort());
    }
  });
  it('gives the summary form on request', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/assess?asOf=2026-11-29&detail=summary',
      payload: profile,
    });
    expect(r.json().licences[0]).toEqual({
      code: 'B25',
      requirement: 'required',
      authority: 'CN-GD',
      rules: ['ads-b25'],
      scope: 'internet',
    });
  });
  it('answers a bad profile with problem+json naming the field, in Chinese by default', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      payload: { service: { activities: ['live-streming-tipping'] } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = r.json();
    expect(p).toMatchObject({ status: 400, code: 'INVALID_PROFILE', title: '业务档案不符合要求' });
    expect(p.errors[0]).toMatchObject({
      path: 'body.service.activities[0]',
      code: 'PROFILE_UNKNOWN_ACTIVITY',
    });
    expect(p.errors[0].message).toContain('live-streaming-tipping');
  });
  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"profile"'],
  ])(
    'answers a body that is %s with INVALID_PROFILE (the engine validates the body once)',
    async (_n, payload) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/assess',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('INVALID_PROFILE');
    },
  );
  it('speaks English when asked', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
      payload: { entity: { type: 'person' }, service: { activities: ['saas'] } },
    });
    expect(r.json()).toMatchObject({ code: 'INVALID_PROFILE', title: 'The business profile is not valid' });
    // the path beside the message, not in it
    expect(r.json().errors[0]).toMatchObject({
      path: 'body.entity.type',
      message: '"person" is not valid here; valid values are: company, individual',
    });
  });
  it('rejects malformed JSON, wrong content types, oversized bodies and bad dates with 4xx', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { 'content-type': 'application/json' },
      payload: '{"service":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const type = await app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(type.statusCode).toBe(415);
    expect(type.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { 'content-type': 'application/json' },
      payload: `{"x":"${'a'.repeat(2 << 20)}"}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    const date = await app.inject({
      method: 'POST',
      url: '/api/v1/assess?asOf=2026-02-30',
      payload: profile,
    });
    expect(date.statusCode).toBe(400);
    expect(date.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(date.json().errors[0].path).toBe('querystring.asOf');
  });
  it('answers unknown routes with a 404 problem', async () => {
    const r = await app.inject({ url: '/api/v1/nothing' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('NOT_FOUND');
  });
  it('limits anonymous requests per client', async () => {
    const limited = await buildApp({ kb, rateLimitPerMinute: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        (await limited.inject({ method: 'POST', url: '/api/v1/assess', payload: profile })).statusCode,
      );
    expect(codes).toEqual([200, 200, 429]);
    const r = await limited.inject({ method: 'POST', url: '/api/v1/assess', payload: profile });
    expect(r.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    await limited.close();
  });
});

describe('POST /api/v1/checklist', () => {
  it('lists the materials', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/checklist',
      payload: { licence: 'B25', scope: 'internet', procedure: 'new', asOf: '2026-11-29' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().items.length).toBeGreaterThan(8);
  });
  it('names the valid licence codes', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/checklist',
      payload: { licence: 'B99', procedure: 'new' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('body.licence');
  });
});

describe('GET /api/v1/kb/search', () => {
  it('finds the answer to a whole question first', async () => {
    const q = encodeURIComponent('EDI证过期了还能续吗？');
    const r = await app.inject({ url: `/api/v1/kb/search?q=${q}` });
    expect(r.statusCode, r.body).toBe(200);
    const [hit] = r.json().hits;
    expect(hit.id).toBe('faq-edi-expired-renew');
    expect(hit.answer.zh).toMatch(/90日/);
  });
  it('lists the materials of a number application', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/checklist',
      payload: { licence: 'B24-1', procedure: 'number-application', asOf: '2026-11-29' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((i: { id: string }) => i.id)).toContain('number-use-undertaking');
  });
  it('refuses an empty query with a problem', async () => {
    const r = await app.inject({ url: '/api/v1/kb/search?q=' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('POST /api/v1/precheck', () => {
  it('checks an uploaded package', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/precheck?asOf=2026-11-29',
      ...multipart('package', 'p.zip', zipOf(example)),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().summary.errors).toBe(0);
  });
  it('refuses a damaged archive and a path-like entry with 400', async () => {
    const corrupt = await app.inject({
      method: 'POST',
      url: '/api/v1/precheck',
      ...multipart('package', 'p.zip', Buffer.from('PK not a zip')),
    });
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().code).toBe('INVALID_PACKAGE');
    // the catalogue's words: never the server's temporary path nor the zip library's message
    expect(corrupt.json().errors).toEqual([
      { path: 'body.package', code: 'ZIP_CORRUPT', message: '压缩包已损坏或不是 zip 格式' },
    ]);
    expect(corrupt.body).not.toMatch(/\/tmp|icpdesk-upload|central directory/i);
    const slip = Buffer.from(zipSync({ '../../evil.txt': strToU8('x') }));
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/precheck',
      ...multipart('package', '../../x.zip', slip),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].code).toBe('PATH_ESCAPES');
  });
  it('wants multipart', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/precheck', payload: { a: 1 } });
    expect(r.statusCode).toBe(415);
  });
});

describe('routing errors', () => {
  it('answers a malformed URL with 400 problem+json', async () => {
    const r = await app.inject({ url: '/api/v1/companies/%E0%A4%A' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('OpenAPI', () => {
  it('describes every route with request and response schemas', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/assess', '/api/v1/checklist', '/api/v1/precheck', '/health', '/ready'])
      for (const op of Object.values(doc.paths[path]) as { responses: Record<string, unknown> }[])
        expect(Object.keys(op.responses).length, path).toBeGreaterThan(0);
    // the engine's profile schema, shared as a component
    const body = doc.paths['/api/v1/assess'].post.requestBody.content['application/json'].schema;
    const profile = body.$ref ? doc.components.schemas[String(body.$ref).split('/').pop()!] : body;
    expect(profile.properties.service).toBeDefined();
    const ui = await app.inject({ url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });
});
