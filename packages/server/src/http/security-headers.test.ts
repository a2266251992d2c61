import { connect } from 'node:net';
import { SESSION_COOKIE } from '@icpdesk/store';
import { forEachDb } from '@icpdesk/store/testing';
import { expect, it } from 'vitest';
import { httpHarness } from '../../test/http-harness.ts';

/** one HTTP/1.1 exchange on a fresh socket: the raw answer (the server closes it) */
function rawExchange(base: string, request: string): Promise<string> {
  const u = new URL(base);
  return new Promise((ok, fail) => {
    const s = connect(Number(u.port), u.hostname);
    let got = '';
    s.on('data', (b: Buffer) => {
      got += b.toString('utf8');
    });
    s.on('close', () => ok(got));
    s.on('error', fail);
    s.setTimeout(5000, () => s.destroy());
    s.write(request);
  });
}

forEachDb('security headers', (t) => {
  const h = httpHarness(t);

  const expectApiHeaders = (headers: Record<string, unknown>) => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(String(headers['content-security-policy'])).toMatch(/default-src 'none'/);
    expect(String(headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
  };

  it('JSON answers, /me with its CSRF token first, are no-store, nosniff, unframeable and script-free', async () => {
    const me = await h.call(h.as.owner, { url: '/api/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toHaveProperty('csrfToken');
    expect(me.headers['cache-control']).toBe('no-store');
    expectApiHeaders(me.headers);
    for (const url of ['/api/v1/companies', '/no/such/route', '/api/openapi.json']) {
      const res = await h.call(url === '/no/such/route' ? undefined : h.as.owner, { url });
      expect(res.headers['cache-control'], url).toBe('no-store');
      expectApiHeaders(res.headers);
    }
  });

  it('the docs page has a CSP that allows its own scripts and styles, nothing inline, and no framing', async () => {
    const page = await h.call(undefined, { url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    // every script and stylesheet of the page is a file of the same origin, which script-src 'self' allows,
    // and each of them loads
    const html = page.body;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const a of assets) {
      const res = await h.call(undefined, { url: `/api/docs/${a}` });
      expect(res.statusCode, a).toBe(200);
      expect(res.headers['x-content-type-options'], a).toBe('nosniff');
    }
    // the document the initializer loads, from the same origin (connect-src falls back to default-src 'self')
    expect(csp).toMatch(/default-src 'self'/);
    const spec = await h.call(undefined, { url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toBe('3.1.0');
  });

  it('a download keeps its own CSP and caching', async () => {
    const res = await h.call(h.as.owner, { url: '/api/v1/export/companies.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('431 and other requests Node or the router refuse are problem+json with the same headers', async () => {
    const base = await h.listening();
    const big = await rawExchange(
      base,
      `GET /api/v1/me HTTP/1.1\r\nHost: t\r\nCookie: ${SESSION_COOKIE}=x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(big).toMatch(/content-type: application\/problem\+json/i);
    expect(big).toMatch(/x-content-type-options: nosniff/i);
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 431,
      code: 'HEADERS_TOO_LARGE',
    });
    const garbage = await rawExchange(base, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)).code).toBe('MALFORMED_REQUEST');
    const badUrl = await rawExchange(
      base,
      'GET /api/v1/companies/%E0%A4%A HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n',
    );
    expect(badUrl).toMatch(/^HTTP\/1\.1 400 /);
    expect(badUrl).toMatch(/content-type: application\/problem\+json/i);
    expect(badUrl).toMatch(/x-content-type-options: nosniff/i);
    expect(badUrl).toMatch(/cache-control: no-store/i);
    expect(badUrl).toMatch(/x-frame-options: DENY/i);
  });
});
