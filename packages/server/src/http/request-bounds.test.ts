import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKb } from '@icpdesk/kb';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePackage } from '../../test/packages.ts';
import { buildApp } from './app.ts';
import { boundaryOf, jsonHazard, MAX_JSON_DEPTH } from './request-bounds.ts';

describe('jsonHazard', () => {
  it('counts arrays and objects inside one another, not brackets in strings', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(jsonHazard(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonHazard(nested(MAX_JSON_DEPTH + 1))).toBe('too-deep');
    const objects = `{"a":${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(jsonHazard(objects)).toBe('too-deep');
    expect(jsonHazard(JSON.stringify({ s: '['.repeat(1000), t: 'a\\"[[[' }))).toBeUndefined();
    // siblings do not add up
    expect(jsonHazard(JSON.stringify(Array.from({ length: 1000 }, () => [[1]])))).toBeUndefined();
  });
  it('finds a NUL character, not the text \\u0000', () => {
    expect(jsonHazard(JSON.stringify({ a: 'x\u0000y' }))).toBe('nul');
    expect(jsonHazard(JSON.stringify({ a: '\\u0000' }))).toBeUndefined();
    expect(jsonHazard(JSON.stringify({ a: '\u0001' }))).toBeUndefined();
  });
  it('reads the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('multipart/form-data; charset=utf-8; Boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });
});

/** over a real socket: what a hostile anonymous client can send costs a 4xx problem, never a 500 */
describe('hostile bodies on the anonymous routes', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base = '';
  beforeAll(async () => {
    app = await buildApp({ kb: loadKb(), rateLimitPerMinute: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => app.close());

  const expectProblem = async (res: Response, status: number, code: string) => {
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text).code).toBe(code);
  };
  const post = (path: string, contentType: string, body: string | Uint8Array) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('deeply nested arrays in a profile are 400 JSON_TOO_DEEP (was a RangeError while describing them)', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    await expectProblem(
      await post('/api/v1/assess', 'application/json', `{"entity":${deep}}`),
      400,
      'JSON_TOO_DEEP',
    );
    await expectProblem(
      await post(
        '/api/v1/checklist',
        'application/json',
        `{"licence":"B25","procedure":"new","profile":{"service":{"coverage":${deep}}}}`,
      ),
      400,
      'JSON_TOO_DEEP',
    );
  });

  it('a NUL character in the URL or a JSON string is 400 NUL_CHARACTER (PostgreSQL cannot hold one)', async () => {
    await expectProblem(
      await fetch(`${base}/api/v1/assess?asOf=%00`, { method: 'POST' }),
      400,
      'NUL_CHARACTER',
    );
    await expectProblem(
      await post('/api/v1/checklist', 'application/json', '{"licence":"B25\\u0000","procedure":"new"}'),
      400,
      'NUL_CHARACTER',
    );
  });

  it('JSON is still guarded against prototype poisoning', async () => {
    await expectProblem(
      await post('/api/v1/checklist', 'application/json', '{"__proto__":{"x":1}}'),
      400,
      'VALIDATION_FAILED',
    );
  });

  const part = (boundary: string, close: boolean) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="p.zip"\r\n\r\nPK\x03\x04\r\n${close ? `--${boundary}--\r\n` : ''}`;

  it('a multipart body without a boundary, with one over 70 characters, or without its end is 400 MALFORMED_MULTIPART', async () => {
    const long = 'b'.repeat(300);
    const cases: [string, string][] = [
      ['multipart/form-data', part('b', true)],
      [`multipart/form-data; boundary=${long}`, part(long, true)],
      [`multipart/form-data; boundary=${'c'.repeat(71)}`, part('c'.repeat(71), true)],
      ['multipart/form-data; boundary=b', part('b', false)],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="package"; filen'],
    ];
    for (const [type, body] of cases)
      await expectProblem(await post('/api/v1/precheck', type, body), 400, 'MALFORMED_MULTIPART');
  });

  it('a YAML alias bomb in an uploaded manifest is 400 INVALID_PACKAGE, quickly', async () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++)
      bomb += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const manifest = bomb + readFileSync(join(examplePackage, 'application.yaml'), 'utf8');
    const zip = zipSync({ 'application.yaml': strToU8(manifest) });
    const form = new FormData();
    form.append('package', new Blob([zip]), 'bomb.zip');
    const started = Date.now();
    const res = await fetch(`${base}/api/v1/precheck`, { method: 'POST', body: form });
    expect(Date.now() - started).toBeLessThan(2000);
    const body = (await res.clone().json()) as { errors?: { code?: string }[] };
    await expectProblem(res, 400, 'INVALID_PACKAGE');
    // pack refuses the alias explosion before expanding it; the pack code is the field problem's code
    expect(body.errors?.map((e) => e.code)).toEqual(['MANIFEST_TOO_COMPLEX']);
  });

  it('a manifest saved as UTF-16 is 400 INVALID_PACKAGE naming the encoding, not misread findings', async () => {
    const text = readFileSync(join(examplePackage, 'application.yaml'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const form = new FormData();
    form.append('package', new Blob([zipSync({ 'application.yaml': new Uint8Array(utf16) })]), 'p.zip');
    const res = await fetch(`${base}/api/v1/precheck`, { method: 'POST', body: form });
    const body = (await res.clone().json()) as { errors?: { code?: string; message?: string }[] };
    await expectProblem(res, 400, 'INVALID_PACKAGE');
    expect(body.errors?.map((e) => e.code)).toEqual(['MANIFEST_ENCODING']);
    expect(body.errors?.[0]?.message).toContain('UTF-16LE');
  });
});
