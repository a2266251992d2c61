/**
 * The server reads the time from the clock buildApp is given, and so does the database it writes through:
 * an app stopped in 2031 stamps what it creates with 2031 and judges expiries by 2031.
 */
import { fixedClock } from '@icpdesk/store';
import { forEachDb } from '@icpdesk/store/testing';
import { describe, expect, it } from 'vitest';
import { httpHarness, uscc } from '../../test/http-harness.ts';

const AT = '2031-05-01T08:00:00.000Z';

forEachDb('one clock for the routes and the database', (t) => {
  const h = httpHarness(t, { clock: fixedClock(AT) });

  it('a company created through the API carries the app clock’s instant, as does its audit row', async () => {
    const res = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/companies',
      payload: { name: '杭州时钟科技有限公司', uscc: uscc() },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ createdAt: AT, updatedAt: AT });
    const audit = await h.call(h.as.owner, { url: `/api/v1/companies/${res.json().id}/audit` });
    expect(audit.json().items.map((e: { at: string }) => e.at)).toEqual([AT]);
  });

  describe('API tokens', () => {
    it('an expiry before the app clock’s now is in the past, one after it is accepted', async () => {
      const past = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'old', scopes: ['read'], expiresAt: '2030-12-31T00:00:00Z' },
      });
      expect(past.statusCode).toBe(400);
      const future = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'new', scopes: ['read'], expiresAt: '2031-06-01T00:00:00Z' },
      });
      expect(future.statusCode).toBe(201);
      expect(future.json().token.createdAt).toBe(AT);
    });
  });
});
