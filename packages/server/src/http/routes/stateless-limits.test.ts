import { loadKb } from '@icpdesk/kb';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../../../test/packages.ts';
import { buildApp } from '../app.ts';

const kb = loadKb();
const ids = [...kb.activities.keys()];
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  app = await buildApp({ kb, rateLimitPerMinute: false, validateResponses: true });
});
afterAll(async () => app.close());

const profile = (n: number) => ({
  entity: { type: 'company', registeredProvince: 'CN-GD', foreignSharePercent: 10 },
  service: { coverage: ['CN-GD'], activities: Array.from({ length: n }, (_, i) => ids[i % ids.length]) },
});
const assessOf = (payload: object) =>
  app.inject({ method: 'POST', url: '/api/v1/assess?detail=full&asOf=2026-12-01', payload });

describe('POST /api/v1/assess with hostile sizes', () => {
  it('refuses thousands of activities with a 400 naming the limit', async () => {
    const r = await assessOf(profile(5000));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'INVALID_PROFILE' });
    expect(r.json().errors).toEqual([
      expect.objectContaining({ code: 'INPUT_TOO_MANY', path: 'body.service.activities' }),
    ]);
  });
  it('answers with a body bounded relative to the request', async () => {
    // a fixed part (sources, eligibility, the timeline) plus a part proportional to the request
    const bound = (requestBytes: number) => 48 * 1024 + 150 * requestBytes;
    for (const n of [1, ids.length, 200]) {
      const payload = profile(n);
      const r = await assessOf(payload);
      expect(r.statusCode).toBe(200);
      expect(r.body.length).toBeLessThanOrEqual(bound(JSON.stringify(payload).length));
    }
  });
  it('answers repeated activities as it answers them once', async () => {
    const once = await assessOf(profile(ids.length));
    const repeated = await assessOf(profile(200));
    expect(repeated.body.length).toBe(once.body.length);
  });
});

describe('POST /api/v1/precheck with a hostile manifest', () => {
  it('refuses a billion-laughs application.yaml with a 400 naming the code', async () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [x, y] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      lines.push(`${y}: &${y} [${Array(9).fill(`*${x}`).join(', ')}]`);
    const zip = Buffer.from(zipSync({ 'application.yaml': strToU8(lines.join('\n')) }));
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/precheck',
      ...multipart('package', 'p.zip', zip),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'INVALID_PACKAGE' });
    expect(r.json().errors).toMatchObject([{ path: 'body.package', code: 'MANIFEST_TOO_COMPLEX' }]);
  });
});
