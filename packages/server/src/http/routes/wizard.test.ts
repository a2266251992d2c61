import { loadKb } from '@icpdesk/kb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordResponses } from '../../../test/response-record.ts';
import { buildApp } from '../app.ts';

const kb = loadKb();
let app: Awaited<ReturnType<typeof buildApp>>;
let recorded: ReturnType<typeof recordResponses> | undefined;
beforeAll(async () => {
  app = await buildApp({ kb, rateLimitPerMinute: false, validateResponses: true });
  recorded = recordResponses(app, 'wizard.test.ts');
});
afterAll(async () => {
  recorded?.finish();
  await app.close();
});

describe('GET /api/v1/kb/catalogue', () => {
  it('lists every activity with its searchable words, the questions and the authorities', async () => {
    const r = await app.inject({ url: '/api/v1/kb/catalogue' });
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.kbVersion).toBe(kb.version);
    expect(b.activities.map((a: { id: string }) => a.id)).toEqual([...kb.activities.keys()]);
    const ads = b.activities.find((a: { id: string }) => a.id === 'online-advertising');
    expect(ads.aliases).toContain('流量变现');
    expect(b.questions.length).toBe(kb.questions.size);
    const zj = b.authorities.find((a: { id: string }) => a.id === 'CN-ZJ');
    expect(zj).toEqual({
      id: 'CN-ZJ',
      name: kb.authorities.get('CN-ZJ')!.name,
      region: kb.authorities.get('CN-ZJ')!.region,
    });
    expect(b.authorities.find((a: { id: string }) => a.id === 'MIIT').region).toBeUndefined();
  });

  it('lists the licence categories an application may name, B25 with its two scopes', async () => {
    const b = (await app.inject({ url: '/api/v1/kb/catalogue' })).json();
    expect(b.licences.map((l: { code: string }) => l.code)).toEqual([...kb.categories.keys()]);
    const b25 = b.licences.find((l: { code: string }) => l.code === 'B25');
    expect(b25.name).toEqual(kb.categories.get('B25')!.name);
    expect(b25.scopes.map((s: { id: string }) => s.id).sort()).toEqual(['internet', 'non-internet']);
    expect(b.licences.find((l: { code: string }) => l.code === 'B11').scopes).toBeUndefined();
  });
});

describe('POST /api/v1/compare', () => {
  const entity = { type: 'company', registeredProvince: 'CN-SH', foreignSharePercent: 0 };
  const one = { entity, service: { activities: ['paid-content'], coverage: ['CN-SH'] } };
  const two = { entity, service: { activities: ['paid-content'], coverage: ['CN-SH', 'CN-JS'] } };

  it('says what changes when a second province is served: the authority becomes MIIT', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/compare?asOf=2026-11-29',
      payload: { a: one, b: two },
    });
    expect(r.statusCode).toBe(200);
    const c = r.json();
    expect(c.authority).toEqual({ before: 'CN-SH', after: 'MIIT' });
    expect(c.same).toBe(false);
    expect(c.asOf).toBe('2026-11-29');
  });

  it('says nothing changes for the same profile', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/compare', payload: { a: one, b: one } });
    expect(r.json().same).toBe(true);
  });

  it('refuses a bad profile as INVALID_PROFILE, naming which side', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/compare?lang=en',
      payload: { a: one, b: { service: { activities: ['no-such-activity'] } } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('INVALID_PROFILE');
    expect(r.json().errors[0].path).toMatch(/^body\.b\./);
    const missing = await app.inject({ method: 'POST', url: '/api/v1/compare', payload: [] });
    expect(missing.json().code).toBe('INVALID_PROFILE');
  });
});
