import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKb } from '@icpdesk/kb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { WEB_CSP } from './web-app.ts';

const kb = loadKb();
const dir = mkdtempSync(join(tmpdir(), 'icpdesk-web-'));
const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-1.js"></script></body></html>';
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
  app = await buildApp({ kb, rateLimitPerMinute: false, webDir: dir });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web app from the API’s origin', () => {
  it('answers the app’s routes with index.html under the app’s CSP, not cached', async () => {
    for (const url of ['/', '/assess?p=abc&step=result', '/invite/some-token', '/companies/1']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body).toBe(INDEX);
      expect(r.headers['content-security-policy']).toBe(WEB_CSP);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('serves the hashed files for a year', async () => {
    const r = await app.inject({ url: '/assets/app-1.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
  });

  it('keeps problem+json 404s for the API, missing files and other methods', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing'],
      ['GET', '/api'],
      ['GET', '/assets/missing.js'],
      ['POST', '/assess'],
    ] as const) {
      const r = await app.inject({ method, url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().code).toBe('NOT_FOUND');
    }
    expect((await app.inject({ url: '/api/v1/kb/catalogue' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('is not served without a build: the root stays a 404', async () => {
    const bare = await buildApp({ kb, rateLimitPerMinute: false, webDir: join(dir, 'nowhere') });
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
