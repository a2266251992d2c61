import { orgCodeCheckChar, usccCheckChar, validateEmail, validatePhone } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import {
  createSession,
  getCompany,
  listCompanies,
  newId,
  type Role,
  roles,
  type Scope,
  SESSION_COOKIE,
  updateCompany,
} from '@icpdesk/store';
import {
  forEachDb,
  sampleProfile,
  seedApplication,
  seedCompany,
  seedMember,
  seedOrganisation,
} from '@icpdesk/store/testing';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordResponses } from '../../../test/response-record.ts';
import { buildApp } from '../app.ts';

const kb = loadKb();

let serial = 0;
/** a valid, unique USCC */
const uscc = () => {
  const org8 = `MA${String(++serial).padStart(6, '0')}`;
  const first17 = `91440300${org8}${orgCodeCheckChar(org8)}`;
  return first17 + usccCheckChar(first17);
};

const profile = sampleProfile();

const body = (over: Record<string, unknown> = {}) => ({
  name: '深圳示例网络科技有限公司',
  uscc: uscc(),
  legalRepresentative: '李示例',
  address: '广东省深圳市南山区示例路2号',
  registeredCapitalCny: 5_000_000,
  ...over,
});

interface Actor {
  userId: string;
  cookie: string;
  csrf: string;
}

const WRITERS: Role[] = ['owner', 'admin', 'consultant'];

forEachDb('companies routes', (t) => {
  let app: FastifyInstance;
  let orgA: string;
  let orgB: string;
  const as: Partial<Record<Role, Actor>> = {};
  let outsider: Actor; // owner of organisation B
  let linked: string; // a company of A linked to A's client
  let unlinked: string; // a company of A not linked to it
  let theirs: string; // a company of B

  const actor = async (org: string, role: Role): Promise<Actor> => {
    const userId = await seedMember(t.db, org, role);
    const s = await createSession(t.db, userId);
    return { userId, cookie: s.cookieValue, csrf: s.csrfToken };
  };
  const call = (a: Actor | undefined, opts: InjectOptions & { csrf?: boolean }) => {
    const { csrf = true, ...rest } = opts;
    return app.inject({
      ...rest,
      cookies: a ? { [SESSION_COOKIE]: a.cookie } : {},
      headers: { ...(a && csrf ? { 'x-csrf-token': a.csrf } : {}), ...(rest.headers ?? {}) },
    });
  };
  const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, detail: undefined });

  beforeAll(async () => {
    app = await buildApp({ kb, db: t.db, rateLimitPerMinute: false, validateResponses: true });
    recorded = recordResponses(app, `companies.test.ts-${t.dialect}`, t.dialect === 'sqlite');
    orgA = await seedOrganisation(t.db, '甲咨询');
    orgB = await seedOrganisation(t.db, '乙咨询');
    for (const role of roles) as[role] = await actor(orgA, role);
    outsider = await actor(orgB, 'owner');
    linked = await seedCompany(t.db, orgA, { name: '已关联公司', uscc: uscc() });
    unlinked = await seedCompany(t.db, orgA, { name: '未关联公司', uscc: uscc() });
    theirs = await seedCompany(t.db, orgB, { name: '乙的公司', uscc: uscc() });
    await t.db.kysely
      .insertInto('client_company_links')
      .values({
        organisation_id: orgA,
        user_id: as.client!.userId,
        company_id: linked,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  let recorded: ReturnType<typeof recordResponses> | undefined;
  afterAll(async () => {
    recorded?.finish();
    await app?.close();
  });

  it('answers an over-long id with 414 problem+json and a code, not a framework error', async () => {
    const res = await call(as.owner, { url: `/api/v1/companies/${'a'.repeat(150)}` });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'URI_TOO_LONG', title: '请求地址过长' });
  });

  describe('each route × each role', () => {
    for (const role of roles) {
      const writer = WRITERS.includes(role);

      it(`${role}: list`, async () => {
        const res = await call(as[role], { url: '/api/v1/companies?limit=100' });
        expect(res.statusCode).toBe(200);
        const ids = res.json().items.map((c: { id: string }) => c.id);
        expect(ids).toContain(linked);
        expect(ids).not.toContain(theirs);
        if (role === 'client') expect(ids).toEqual([linked]);
        else expect(ids).toContain(unlinked);
      });

      it(`${role}: list by ids (a page's company names): only the ids it may see`, async () => {
        const res = await call(as[role], {
          url: `/api/v1/companies?ids=${[linked, unlinked, theirs, 'no-such-id'].join(',')}`,
        });
        expect(res.statusCode).toBe(200);
        const ids = res.json().items.map((c: { id: string }) => c.id);
        expect(ids.sort()).toEqual((role === 'client' ? [linked] : [linked, unlinked]).sort());
      });

      it(`${role}: get`, async () => {
        const res = await call(as[role], { url: `/api/v1/companies/${linked}` });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id: linked, name: '已关联公司' });
        const other = await call(as[role], { url: `/api/v1/companies/${unlinked}` });
        expect(other.statusCode).toBe(role === 'client' ? 404 : 200);
      });

      it(`${role}: create ${writer ? 'allowed' : 'denied'}`, async () => {
        const res = await call(as[role], { method: 'POST', url: '/api/v1/companies', payload: body() });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        if (!writer) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.json().code).toBe('FORBIDDEN');
        } else expect(res.json()).toMatchObject({ name: '深圳示例网络科技有限公司', profile: null });
      });

      it(`${role}: update ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedCompany(t.db, orgA);
        const res = await call(as[role], {
          method: 'PATCH',
          url: `/api/v1/companies/${id}`,
          payload: { name: `改名-${role}` },
        });
        expect(res.statusCode).toBe(writer ? 200 : 403);
        const row = await t.db.kysely
          .selectFrom('companies')
          .select('name')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(row.name === `改名-${role}`).toBe(writer);
      });

      it(`${role}: delete ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedCompany(t.db, orgA);
        const res = await call(as[role], { method: 'DELETE', url: `/api/v1/companies/${id}` });
        expect(res.statusCode).toBe(writer ? 204 : 403);
        const row = await t.db.kysely
          .selectFrom('companies')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        expect(row === undefined).toBe(writer);
      });
    }

    it('client: writes on its linked company are 403 too', async () => {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await call(as.client, {
          method,
          url: `/api/v1/companies/${linked}`,
          ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
        });
        expect(res.statusCode).toBe(403);
      }
    });

    it('without a session: 401 on every route', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/companies'],
        ['POST', '/api/v1/companies'],
        ['GET', `/api/v1/companies/${linked}`],
        ['PATCH', `/api/v1/companies/${linked}`],
        ['DELETE', `/api/v1/companies/${linked}`],
      ] as const) {
        const res = await call(undefined, { method, url, payload: method === 'POST' ? body() : undefined });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing written', async () => {
      const id = await seedCompany(t.db, orgA, { name: '原名' });
      const post = await call(as.owner, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: body(),
        csrf: false,
      });
      const patch = await call(as.owner, {
        method: 'PATCH',
        url: `/api/v1/companies/${id}`,
        payload: { name: '新名' },
        csrf: false,
      });
      const del = await call(as.owner, { method: 'DELETE', url: `/api/v1/companies/${id}`, csrf: false });
      for (const r of [post, patch, del]) expect(r.json().code).toBe('CSRF_FAILED');
      expect((await getCompany(t.db, scope(orgA, as.owner!, 'owner'), id))?.name).toBe('原名');
    });
  });

  const scope = (organisationId: string, a: Actor, role: Role): Scope => ({
    organisationId,
    userId: a.userId,
    role,
  });

  describe('tenant isolation', () => {
    it('another organisation’s id is a 404 on every route, never data, and changes nothing', async () => {
      const missing = await call(outsider, { url: `/api/v1/companies/${newId()}` });
      expect(missing.statusCode).toBe(404);
      const reqs: InjectOptions[] = [
        { url: `/api/v1/companies/${linked}` },
        { method: 'PATCH', url: `/api/v1/companies/${linked}`, payload: { name: '偷改' } },
        { method: 'DELETE', url: `/api/v1/companies/${linked}` },
      ];
      for (const r of reqs) {
        const res = await call(outsider, r);
        expect(res.statusCode, `${r.method ?? 'GET'} ${r.url}`).toBe(404);
        expect(strip(res.json())).toEqual(strip(missing.json()));
        expect(res.body).not.toContain('已关联公司');
      }
      const list = await call(outsider, { url: '/api/v1/companies?limit=100' });
      expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([theirs]);
      expect((await getCompany(t.db, scope(orgA, as.owner!, 'owner'), linked))?.name).toBe('已关联公司');
    });

    it('a member of A cannot reach B’s company either', async () => {
      for (const r of [
        { url: `/api/v1/companies/${theirs}` },
        { method: 'PATCH' as const, url: `/api/v1/companies/${theirs}`, payload: { name: 'x' } },
        { method: 'DELETE' as const, url: `/api/v1/companies/${theirs}` },
      ])
        expect((await call(as.owner, r)).statusCode).toBe(404);
    });

    it('the store itself scopes every query', async () => {
      const s = scope(orgB, outsider, 'owner');
      expect(await getCompany(t.db, s, linked)).toBeUndefined();
      expect(await updateCompany(t.db, s, linked, { name: 'x' })).toBeUndefined();
      const page = await listCompanies(t.db, s, { limit: 100, sort: 'name' });
      expect(page.items.map((c) => c.id)).toEqual([theirs]);
      // a client scope with an explicit list sees only those, and only in its organisation
      const c = { ...scope(orgA, as.client!, 'client'), linkedCompanyIds: [unlinked, theirs] };
      expect((await listCompanies(t.db, c, { limit: 100, sort: 'name' })).items.map((x) => x.id)).toEqual([
        unlinked,
      ]);
      expect(await getCompany(t.db, { ...c, linkedCompanyIds: [] }, unlinked)).toBeUndefined();
    });
  });

  describe('organisation selection', () => {
    let multi: Actor;
    beforeAll(async () => {
      multi = await actor(orgA, 'viewer');
      await t.db.kysely
        .insertInto('memberships')
        .values({
          organisation_id: orgB,
          user_id: multi.userId,
          role: 'admin',
          created_at: new Date().toISOString(),
        })
        .execute();
    });

    it('several memberships and no X-Organisation: 400 ORGANISATION_REQUIRED', async () => {
      const res = await call(multi, { url: '/api/v1/companies' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('ORGANISATION_REQUIRED');
    });

    it('X-Organisation picks the membership and its role', async () => {
      const inB = await call(multi, { url: '/api/v1/companies', headers: { 'x-organisation': orgB } });
      expect(inB.json().items.map((c: { id: string }) => c.id)).toEqual([theirs]);
      const writeA = await call(multi, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: body(),
        headers: { 'x-organisation': orgA },
      });
      expect(writeA.statusCode).toBe(403); // a viewer in A
      const writeB = await call(multi, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: body(),
        headers: { 'x-organisation': orgB },
      });
      expect(writeB.statusCode).toBe(201); // an admin in B
    });

    it('X-Organisation of an organisation one is not in: 400 ORGANISATION_UNKNOWN', async () => {
      const other = await seedOrganisation(t.db);
      const res = await call(as.owner, { url: '/api/v1/companies', headers: { 'x-organisation': other } });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('ORGANISATION_UNKNOWN');
    });

    it('no membership at all: 400 ORGANISATION_REQUIRED', async () => {
      const lonely = await actor(orgA, 'viewer');
      await t.db.kysely.deleteFrom('memberships').where('user_id', '=', lonely.userId).execute();
      const res = await call(lonely, { url: '/api/v1/companies' });
      expect(res.json().code).toBe('ORGANISATION_REQUIRED');
    });
  });

  describe('validation', () => {
    const post = (payload: unknown, extra: InjectOptions = {}) =>
      call(as.owner, { method: 'POST', url: '/api/v1/companies', payload: payload as object, ...extra });

    it('malformed JSON, wrong types, missing and unknown fields: 400 VALIDATION_FAILED', async () => {
      const cases: unknown[] = [
        {},
        body({ name: 42 }),
        body({ name: '' }),
        body({ registeredCapitalCny: '5000000' }),
        body({ registeredCapitalCny: -1 }),
        body({ uscc: 12345 }),
        body({ extra: true }),
        [body()],
      ];
      for (const c of cases) {
        const res = await post(c);
        expect(res.statusCode, JSON.stringify(c)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      const broken = await call(as.owner, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().code).toBeTruthy();
      const wrongType = await call(as.owner, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: 'name=x',
        headers: { 'content-type': 'text/plain' },
      });
      expect(wrongType.statusCode).toBe(415);
    });

    it('a bad USCC: 400 INVALID_USCC with the validator’s code, in the request’s language', async () => {
      const res = await post(body({ uscc: '91440300MA5F12343X' }), { headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(400);
      const b = res.json();
      expect(b.code).toBe('INVALID_USCC');
      expect(b.errors[0]).toMatchObject({ path: 'body.uscc', code: 'USCC_ORG_CODE_CHECK' });
      expect(b.title).toBe('The unified social credit code is not valid');
      const patch = await call(as.owner, {
        method: 'PATCH',
        url: `/api/v1/companies/${unlinked}`,
        payload: { uscc: 'nonsense' },
      });
      expect(patch.json().code).toBe('INVALID_USCC');
    });

    it('a USCC in lower case with spaces is stored normalised', async () => {
      const code = uscc();
      const res = await post(body({ uscc: `  ${code.toLowerCase()} ` }));
      expect(res.statusCode).toBe(201);
      expect(res.json().uscc).toBe(code);
    });

    it('a profile is checked by the engine: 400 INVALID_PROFILE; a valid one is kept', async () => {
      const bad = await post(body({ profile: { entity: {}, service: { activities: ['nope'] } } }));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('INVALID_PROFILE');
      expect(bad.json().errors[0].path).toMatch(/^body\.profile\./);
      const good = await post(body({ profile }));
      expect(good.statusCode).toBe(201);
      expect(good.json().profile).toEqual(profile);
      const cleared = await call(as.owner, {
        method: 'PATCH',
        url: `/api/v1/companies/${good.json().id}`,
        payload: { profile: null },
      });
      expect(cleared.json().profile).toBeNull();
    });

    it('POST with only a name and a USCC: 201, the rest empty until given', async () => {
      const res = await call(as.owner, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: { name: '只有名称的公司', uscc: uscc() },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        legalRepresentative: null,
        address: null,
        registeredCapitalCny: null,
      });
      const missing = await call(as.owner, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: { name: '无代码' },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.uscc']);
    });

    it('PATCH with nothing to change, or wrong types: 400', async () => {
      for (const payload of [{}, { name: 1 }, { registeredCapitalCny: 'many' }, { id: 'x' }]) {
        const res = await call(as.owner, { method: 'PATCH', url: `/api/v1/companies/${unlinked}`, payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
    });

    it('list parameters: limit 1–100, sort, cursor', async () => {
      for (const q of ['limit=0', 'limit=101', 'limit=abc', 'sort=uscc']) {
        const res = await call(as.owner, { url: `/api/v1/companies?${q}` });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      for (const cursor of ['garbage', Buffer.from('{"s":"name","k":"a","id":"b"}').toString('base64url')]) {
        const res = await call(as.owner, { url: `/api/v1/companies?sort=createdAt&cursor=${cursor}` });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('INVALID_CURSOR');
      }
    });
  });

  describe('conflicts', () => {
    it('a duplicate USCC in the organisation: 409 USCC_TAKEN; in another organisation it is fine', async () => {
      const code = uscc();
      expect(
        (await call(as.owner, { method: 'POST', url: '/api/v1/companies', payload: body({ uscc: code }) }))
          .statusCode,
      ).toBe(201);
      const dup = await call(as.admin, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: body({ uscc: code }),
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('USCC_TAKEN');
      const elsewhere = await call(outsider, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: body({ uscc: code }),
      });
      expect(elsewhere.statusCode).toBe(201);
      const id = await seedCompany(t.db, orgA);
      const patch = await call(as.owner, {
        method: 'PATCH',
        url: `/api/v1/companies/${id}`,
        payload: { uscc: code },
      });
      expect(patch.statusCode).toBe(409);
      expect(patch.json().code).toBe('USCC_TAKEN');
    });

    it('a company with applications cannot be deleted: 409 COMPANY_IN_USE', async () => {
      const id = await seedCompany(t.db, orgA);
      await seedApplication(t.db, orgA, id);
      const res = await call(as.owner, { method: 'DELETE', url: `/api/v1/companies/${id}` });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('COMPANY_IN_USE');
    });
  });

  describe('pagination', () => {
    let org: string;
    let owner: Actor;
    const names: string[] = [];
    beforeAll(async () => {
      org = await seedOrganisation(t.db, '分页机构');
      owner = await actor(org, 'owner');
      for (let i = 0; i < 23; i++) {
        // a few equal names, so that the id tie-break matters
        const name = i % 5 === 0 ? 'Same 同名' : `Co ${String((i * 7) % 23).padStart(2, '0')} 100%_x`;
        names.push(name);
        await seedCompany(t.db, org, {
          name,
          created_at: `2026-01-01T00:00:${String(i % 4).padStart(2, '0')}.000Z`,
        });
      }
    });

    const walk = async (query: string, limit: number) => {
      const seen: { id: string; name: string; createdAt: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/companies?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await call(owner, { url });
        expect(res.statusCode).toBe(200);
        const b = res.json();
        expect(b.items.length).toBeLessThanOrEqual(limit);
        seen.push(...b.items);
        cursor = b.nextCursor;
        expect(++pages).toBeLessThan(50);
      } while (cursor);
      return seen;
    };

    for (const sort of ['name', 'createdAt'] as const)
      for (const limit of [1, 7, 23, 100])
        it(`sort=${sort}, limit=${limit}: every row exactly once, in order`, async () => {
          const seen = await walk(`sort=${sort}`, limit);
          expect(seen).toHaveLength(23);
          expect(new Set(seen.map((c) => c.id)).size).toBe(23);
          const key = (c: (typeof seen)[number]) => [sort === 'name' ? c.name : c.createdAt, c.id] as const;
          for (let i = 1; i < seen.length; i++) {
            const [a, ai] = key(seen[i - 1]!);
            const [b, bi] = key(seen[i]!);
            if (sort === 'createdAt') expect(a < b || (a === b && ai < bi)).toBe(true);
            else if (a === b) expect(ai < bi).toBe(true);
          }
        });

    it('q filters on the name, case-insensitively, with % and _ taken literally', async () => {
      const same = await walk('sort=name&q=same', 2);
      expect(same).toHaveLength(names.filter((n) => n === 'Same 同名').length);
      const pct = await walk(`sort=name&q=${encodeURIComponent('100%_x')}`, 4);
      expect(pct).toHaveLength(names.filter((n) => n.includes('100%_x')).length);
      expect(await walk(`q=${encodeURIComponent('%')}`, 5)).toHaveLength(pct.length);
      expect(await walk('q=nothing-like-this', 5)).toHaveLength(0);
    });
  });

  describe('audit log', () => {
    it('create, update and delete each write a row with before and after', async () => {
      const created = await call(as.consultant, {
        method: 'POST',
        url: '/api/v1/companies',
        payload: body({ name: '审计公司' }),
      });
      const id = created.json().id as string;
      await call(as.consultant, {
        method: 'PATCH',
        url: `/api/v1/companies/${id}`,
        payload: { name: '审计公司二' },
      });
      await call(as.consultant, { method: 'DELETE', url: `/api/v1/companies/${id}` });
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
      for (const r of rows) {
        expect(r).toMatchObject({
          organisation_id: orgA,
          actor_id: as.consultant!.userId,
          entity: 'companies',
        });
        expect(r.actor_label).toMatch(/@example\.com$/);
      }
      const [c, u, d] = rows.map((r) => ({
        before: r.before === null ? null : JSON.parse(r.before),
        after: r.after === null ? null : JSON.parse(r.after),
      }));
      expect(c).toEqual({ before: null, after: created.json() });
      expect(u!.before.name).toBe('审计公司');
      expect(u!.after.name).toBe('审计公司二');
      expect(d!.before.name).toBe('审计公司二');
      expect(d!.after).toBeNull();
    });

    it('a refused write leaves no audit row', async () => {
      const before = await t.db.kysely.selectFrom('audit_log').select('id').execute();
      await call(as.viewer, { method: 'PATCH', url: `/api/v1/companies/${linked}`, payload: { name: 'x' } });
      await call(outsider, { method: 'DELETE', url: `/api/v1/companies/${linked}` });
      const after = await t.db.kysely.selectFrom('audit_log').select('id').execute();
      expect(after.length).toBe(before.length);
    });
  });
  describe('shareholders and contacts', () => {
    const holder = (name: string, percent: number, country = 'CN', below?: unknown[]) => ({
      name,
      kind: below ? 'company' : 'natural-person',
      country,
      percent,
      ...(below ? { shareholders: below } : {}),
    });
    /** 30% foreign: a Hong Kong person holds 60% of a company that holds 50% */
    const tree = [
      holder('张三', 50),
      holder('某控股有限公司', 50, 'CN', [holder('陈大文', 60, 'HK'), holder('李四', 40)]),
    ];
    const patch = (id: string, payload: unknown, a: Actor | undefined = as.owner, lang = 'zh') =>
      call(a, {
        method: 'PATCH',
        url: `/api/v1/companies/${id}?lang=${lang}`,
        payload: payload as object,
      });
    const shareholding = (id: string, a: Actor | undefined = as.viewer) =>
      call(a, { url: `/api/v1/companies/${id}/shareholding` });

    it('a tree is validated by the engine, stored, and its foreign share computed', async () => {
      const id = await seedCompany(t.db, orgA, { profile: JSON.stringify(profile) });
      const res = await patch(id, { shareholders: tree });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().shareholders).toEqual(tree);
      const s = await shareholding(id);
      expect(s.statusCode).toBe(200);
      // the profile says 0: the tree disagrees
      expect(s.json()).toEqual({
        shareholders: tree,
        foreignPercent: 30,
        unknownPercent: 0,
        unknownLayers: [],
        badSums: [],
        declaredForeignSharePercent: 0,
        agreement: 'disagrees',
      });
      await patch(id, { profile: { ...profile, entity: { ...profile.entity, foreignSharePercent: 30 } } });
      expect((await shareholding(id)).json().agreement).toBe('agrees');
      // without a declared share there is nothing to agree with
      const { foreignSharePercent: _, ...entity } = profile.entity;
      await patch(id, { profile: { ...profile, entity } });
      expect((await shareholding(id)).json()).toMatchObject({
        declaredForeignSharePercent: null,
        agreement: 'unknown',
      });
    });

    it('unknown layers and bad sums are reported; a declared share they could explain is unknown', async () => {
      const id = await seedCompany(t.db, orgA, {
        profile: JSON.stringify({ ...profile, entity: { ...profile.entity, foreignSharePercent: 20 } }),
      });
      // 10% foreign for sure, 40% through a company whose holders are not given; sums to 90
      const partial = [holder('王五', 40), holder('Acme Ltd', 10, 'US'), holder('某投资公司', 40, 'CN', [])];
      (partial[2] as { shareholders?: unknown }).shareholders = undefined;
      const body = JSON.parse(JSON.stringify(partial));
      body[2].kind = 'company';
      expect((await patch(id, { shareholders: body })).statusCode).toBe(200);
      const s = (await shareholding(id)).json();
      expect(s).toMatchObject({
        foreignPercent: 10,
        unknownPercent: 40,
        unknownLayers: ['shareholders[2]'],
        badSums: [{ path: 'shareholders', sum: 90 }],
        agreement: 'unknown',
      });
      await patch(id, { profile: { ...profile, entity: { ...profile.entity, foreignSharePercent: 5 } } });
      expect((await shareholding(id)).json().agreement).toBe('disagrees');
      // an empty list clears the tree
      expect((await patch(id, { shareholders: [] })).json().shareholders).toEqual([]);
      expect((await shareholding(id)).json()).toMatchObject({ foreignPercent: null, agreement: 'unknown' });
    });

    it('a bad tree: 400 INVALID_SHAREHOLDERS with a path per problem, in the request’s language', async () => {
      const id = await seedCompany(t.db, orgA);
      const bad = [
        holder('甲', 0),
        { ...holder('乙', 50), kind: 'robot' },
        { ...holder('丙', 50), country: 'china' },
        holder('丁', 50, 'CN', [{ ...holder('戊', 100), extra: true }]),
        { name: '', kind: 'state', country: 'CN', percent: 10 },
      ];
      const res = await patch(id, { shareholders: bad }, as.owner, 'en');
      expect(res.statusCode).toBe(400);
      const b = res.json();
      expect(b.code).toBe('INVALID_SHAREHOLDERS');
      expect(b.title).toBe('The shareholder tree is not valid');
      const paths = b.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'body.shareholders[0].percent',
          'body.shareholders[1].kind',
          'body.shareholders[2].country',
          'body.shareholders[3].shareholders[0].extra',
          'body.shareholders[4].name',
        ]),
      );
      for (const e of b.errors) expect(e.code).toMatch(/^PROFILE_|^INVALID_/);
      expect((await getCompany(t.db, scope(orgA, as.owner!, 'owner'), id))?.shareholders).toEqual([]);
    });

    it('a tree too deep or too large, or not a list: 400, never 500', async () => {
      const id = await seedCompany(t.db, orgA);
      const deep = (n: number): unknown[] =>
        n === 0 ? [holder('末', 100)] : [holder(`层${n}`, 100, 'CN', deep(n - 1))];
      expect((await patch(id, { shareholders: deep(11) })).statusCode).toBe(200);
      const tooDeep = await patch(id, { shareholders: deep(12) });
      expect(tooDeep.statusCode).toBe(400);
      expect(tooDeep.json().code).toBe('INVALID_SHAREHOLDERS');
      expect(tooDeep.json().errors[0]).toMatchObject({ path: 'body.shareholders', code: 'TOO_LARGE' });
      // thousands of layers are refused before parsing, as any JSON nested that deep
      const absurd = await patch(id, { shareholders: deep(3000) });
      expect(absurd.statusCode).toBe(400);
      expect(absurd.json().code).toBe('JSON_TOO_DEEP');
      const wide = Array.from({ length: 20 }, (_, i) =>
        holder(
          `公司${i}`,
          5,
          'CN',
          Array.from({ length: 30 }, (_, j) => holder(`人${j}`, 100 / 30)),
        ),
      );
      expect((await patch(id, { shareholders: wide })).json().code).toBe('INVALID_SHAREHOLDERS');
      for (const shareholders of [
        { name: 'x' },
        'x',
        Array.from({ length: 501 }, (_, i) => holder(`人${i}`, 0.1)),
      ]) {
        const res = await patch(id, { shareholders });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
    });

    it('contacts: phone and e-mail checked and normalised by the engine; bad ones 400 INVALID_CONTACT', async () => {
      const id = await seedCompany(t.db, orgA);
      const ok = await patch(id, {
        contacts: [
          { name: '李经理', role: '法务', phone: '138 0013 8000', email: 'Li@Example.CN' },
          { name: '前台' },
        ],
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().contacts).toEqual([
        {
          name: '李经理',
          role: '法务',
          phone: validatePhone('138 0013 8000').value,
          email: validateEmail('Li@Example.CN').value,
        },
        { name: '前台' },
      ]);
      const bad = await patch(id, {
        contacts: [
          { name: 'a', phone: '12345' },
          { name: 'b', email: 'not-mail' },
        ],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('INVALID_CONTACT');
      expect(bad.json().errors).toEqual([
        expect.objectContaining({ path: 'body.contacts[0].phone', code: expect.stringMatching(/^PHONE_/) }),
        expect.objectContaining({ path: 'body.contacts[1].email', code: expect.stringMatching(/^EMAIL_/) }),
      ]);
      for (const contacts of [
        [{ role: 'x' }],
        [{ name: '' }],
        [{ name: 'a', fax: '1' }],
        [{ name: 'a', phone: 13800138000 }],
        Array.from({ length: 51 }, (_, i) => ({ name: `人${i}` })),
        { name: 'a' },
      ]) {
        const res = await patch(id, { contacts });
        expect(res.statusCode, JSON.stringify(contacts).slice(0, 60)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      expect((await getCompany(t.db, scope(orgA, as.owner!, 'owner'), id))?.contacts).toHaveLength(2);
    });

    it('each role: writers change them, others get 403; every role reads the shareholding it can see', async () => {
      for (const role of roles) {
        const id = await seedCompany(t.db, orgA);
        const res = await patch(id, { shareholders: tree, contacts: [{ name: '某人' }] }, as[role]);
        expect(res.statusCode, role).toBe(WRITERS.includes(role) ? 200 : 403);
        const s = await shareholding(linked, as[role]);
        expect(s.statusCode, role).toBe(200);
        expect((await shareholding(unlinked, as[role])).statusCode, role).toBe(role === 'client' ? 404 : 200);
      }
      expect((await call(undefined, { url: `/api/v1/companies/${linked}/shareholding` })).statusCode).toBe(
        401,
      );
    });

    it('another organisation’s company: 404, never data', async () => {
      const res = await shareholding(linked, outsider);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('已关联公司');
      expect((await patch(linked, { shareholders: tree }, outsider)).statusCode).toBe(404);
      expect((await shareholding(theirs, as.owner)).statusCode).toBe(404);
    });

    it('a change is audited with the company id and the changed fields', async () => {
      const id = await seedCompany(t.db, orgA);
      await patch(id, { shareholders: tree, contacts: [{ name: '某人' }] });
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'update', company_id: id, entity: 'companies' });
      expect(JSON.parse(rows[0]!.after!).shareholders).toEqual(tree);
      expect(JSON.parse(rows[0]!.before!).shareholders).toEqual([]);
    });
  });
});
