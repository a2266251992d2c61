import { forEachDb } from '@icpdesk/store/testing';
import { expect, it } from 'vitest';
import { httpHarness } from '../../../test/http-harness.ts';
import { buildApp } from '../app.ts';

forEachDb('pagination cursors through the routes', (t) => {
  const h = httpHarness(t);
  const firstPage = async () => {
    const res = await h.call(h.as.owner, { url: '/api/v1/companies?sort=name&limit=1' });
    expect(res.statusCode).toBe(200);
    return res.json().nextCursor as string;
  };
  const next = (cursor: string) =>
    h.call(h.as.owner, { url: `/api/v1/companies?sort=name&limit=1&cursor=${encodeURIComponent(cursor)}` });

  it('a cursor the API gave out reads the next page; an edited one is 400 INVALID_CURSOR', async () => {
    const cursor = await firstPage();
    expect((await next(cursor)).statusCode).toBe(200);
    const [body, sig] = cursor.split('.') as [string, string];
    const c = JSON.parse(Buffer.from(body, 'base64url').toString());
    for (const k of ['', 0, '\u0000', 'z'.repeat(1000)]) {
      const forged = Buffer.from(JSON.stringify({ ...c, k })).toString('base64url');
      const res = await next(`${forged}.${sig}`);
      expect(res.statusCode, String(k)).toBe(400);
      expect(res.json().code).toBe('INVALID_CURSOR');
    }
  });

  it('another server process on the same database accepts the cursor (the secret is in the database)', async () => {
    const cursor = await firstPage();
    const second = await buildApp({ kb: h.kb, db: t.db, rateLimitPerMinute: false });
    try {
      expect((await next(cursor)).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('ICPDESK_SECRET (the secret option) replaces the stored one', async () => {
    const cursor = await firstPage();
    const other = await buildApp({
      kb: h.kb,
      db: t.db,
      rateLimitPerMinute: false,
      secret: 'from the operator',
    });
    try {
      expect((await next(cursor)).json().code).toBe('INVALID_CURSOR');
    } finally {
      await other.close();
      // back to the database's secret for the tests that follow
      await (await buildApp({ kb: h.kb, db: t.db, rateLimitPerMinute: false })).close();
    }
  });
});
