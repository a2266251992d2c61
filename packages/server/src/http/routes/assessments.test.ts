import { chinaDate } from '@icpdesk/engine';
import { newId, roles } from '@icpdesk/store';
import { forEachDb, sampleProfile, seedCompany } from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Actor, httpHarness, isWriter } from '../../../test/http-harness.ts';

const profile = sampleProfile();
const foreignProfile = { ...profile, entity: { ...profile.entity, foreignSharePercent: 60 } };

forEachDb('assessments routes', (t) => {
  const h = httpHarness(t);
  /** an assessment of the linked company, of the unlinked one, and of organisation B's company */
  let onLinked: string;
  let onUnlinked: string;
  let theirs: string;

  const setProfile = (companyId: string, value: unknown) =>
    t.db.kysely
      .updateTable('companies')
      .set({ profile: value === null ? null : JSON.stringify(value) })
      .where('id', '=', companyId)
      .execute();
  const create = async (a: Actor, companyId: string, payload: object = {}) => {
    const res = await h.call(a, {
      method: 'POST',
      url: `/api/v1/companies/${companyId}/assessments`,
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const count = async () => (await t.db.kysely.selectFrom('assessments').select('id').execute()).length;

  beforeAll(async () => {
    for (const id of [h.linked, h.unlinked, h.theirs]) await setProfile(id, profile);
    onLinked = await create(h.as.consultant, h.linked);
    onUnlinked = await create(h.as.consultant, h.unlinked);
    theirs = await create(h.outsider, h.theirs);
  });

  describe('each route × each role', () => {
    for (const role of roles) {
      const writer = isWriter(role);
      const client = role === 'client';

      it(`${role}: create ${writer ? 'allowed' : 'denied'}`, async () => {
        const before = await count();
        const res = await h.call(h.as[role], {
          method: 'POST',
          url: `/api/v1/companies/${h.linked}/assessments`,
          payload: {},
        });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        if (writer)
          expect(res.json()).toMatchObject({ companyId: h.linked, createdBy: h.as[role].userId, profile });
        else expect(res.json().code).toBe('FORBIDDEN');
        expect(await count()).toBe(before + (writer ? 1 : 0));
      });

      it(`${role}: list ${client ? 'linked only' : 'any company'}`, async () => {
        const res = await h.call(h.as[role], { url: `/api/v1/companies/${h.linked}/assessments?limit=100` });
        expect(res.statusCode).toBe(200);
        expect(res.json().items.map((a: { id: string }) => a.id)).toContain(onLinked);
        const other = await h.call(h.as[role], { url: `/api/v1/companies/${h.unlinked}/assessments` });
        expect(other.statusCode).toBe(client ? 404 : 200);
        if (client) expect(other.body).not.toContain(onUnlinked);
      });

      it(`${role}: get ${client ? 'linked only' : 'any'}`, async () => {
        const res = await h.call(h.as[role], { url: `/api/v1/assessments/${onLinked}` });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id: onLinked, profile, kbVersion: h.kb.version });
        const other = await h.call(h.as[role], { url: `/api/v1/assessments/${onUnlinked}` });
        expect(other.statusCode).toBe(client ? 404 : 200);
      });

      it(`${role}: rerun ${writer ? 'allowed' : 'denied'}`, async () => {
        const before = await count();
        const res = await h.call(h.as[role], {
          method: 'POST',
          url: `/api/v1/assessments/${onLinked}/rerun`,
          payload: { asOf: '2026-12-01' },
        });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        if (writer) {
          expect(res.json()).toMatchObject({ companyId: h.linked, asOf: '2026-12-01', profile });
          expect(res.json().id).not.toBe(onLinked);
        }
        expect(await count()).toBe(before + (writer ? 1 : 0));
      });

      it(`${role}: compare ${client ? 'linked only' : 'any'}`, async () => {
        const res = await h.call(h.as[role], { url: `/api/v1/assessments/${onLinked}/compare/${onLinked}` });
        expect(res.statusCode).toBe(200);
        expect(res.json().comparison.same).toBe(true);
        const other = await h.call(h.as[role], {
          url: `/api/v1/assessments/${onLinked}/compare/${onUnlinked}`,
        });
        expect(other.statusCode).toBe(client ? 404 : 200);
      });

      it(`${role}: delete ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await create(h.as.owner, h.linked);
        const res = await h.call(h.as[role], { method: 'DELETE', url: `/api/v1/assessments/${id}` });
        expect(res.statusCode).toBe(writer ? 204 : 403);
        const row = await t.db.kysely
          .selectFrom('assessments')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        expect(row === undefined).toBe(writer);
      });
    }

    it('without a session: 401 on every route', async () => {
      for (const [method, url] of [
        ['POST', `/api/v1/companies/${h.linked}/assessments`],
        ['GET', `/api/v1/companies/${h.linked}/assessments`],
        ['GET', `/api/v1/assessments/${onLinked}`],
        ['POST', `/api/v1/assessments/${onLinked}/rerun`],
        ['GET', `/api/v1/assessments/${onLinked}/compare/${onLinked}`],
        ['DELETE', `/api/v1/assessments/${onLinked}`],
      ] as const) {
        const res = await h.call(undefined, { method, url, ...(method === 'POST' ? { payload: {} } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing stored', async () => {
      const before = await count();
      for (const r of [
        { method: 'POST' as const, url: `/api/v1/companies/${h.linked}/assessments`, payload: {} },
        { method: 'POST' as const, url: `/api/v1/assessments/${onLinked}/rerun`, payload: {} },
        { method: 'DELETE' as const, url: `/api/v1/assessments/${onLinked}` },
      ]) {
        const res = await h.call(h.as.owner, { ...r, csrf: false });
        expect(res.json().code).toBe('CSRF_FAILED');
      }
      expect(await count()).toBe(before);
    });
  });

  describe('tenant isolation', () => {
    it('another organisation’s ids are 404 on every route, never data, and change nothing', async () => {
      const before = await count();
      const missing = await h.call(h.outsider, { url: `/api/v1/assessments/${newId()}` });
      expect(missing.statusCode).toBe(404);
      const reqs: InjectOptions[] = [
        { method: 'POST', url: `/api/v1/companies/${h.linked}/assessments`, payload: {} },
        { url: `/api/v1/companies/${h.linked}/assessments` },
        { url: `/api/v1/assessments/${onLinked}` },
        { method: 'POST', url: `/api/v1/assessments/${onLinked}/rerun`, payload: {} },
        { url: `/api/v1/assessments/${onLinked}/compare/${theirs}` },
        { url: `/api/v1/assessments/${theirs}/compare/${onLinked}` },
        { method: 'DELETE', url: `/api/v1/assessments/${onLinked}` },
      ];
      const shape = (b: Record<string, unknown>) => ({ ...b, detail: undefined, instance: undefined });
      for (const r of reqs) {
        const res = await h.call(h.outsider, r);
        expect(res.statusCode, `${r.method ?? 'GET'} ${r.url}`).toBe(404);
        // the same answer as for an id that exists nowhere; only the id asked for is repeated
        expect(shape(res.json())).toEqual(shape(missing.json()));
        expect(res.body).not.toContain('广州某文化传媒');
        expect(res.body).not.toContain('live-streaming');
      }
      expect(await count()).toBe(before);
    });

    it('a member of A cannot reach B’s assessments or company either', async () => {
      for (const r of [
        { method: 'POST' as const, url: `/api/v1/companies/${h.theirs}/assessments`, payload: {} },
        { url: `/api/v1/companies/${h.theirs}/assessments` },
        { url: `/api/v1/assessments/${theirs}` },
        { method: 'POST' as const, url: `/api/v1/assessments/${theirs}/rerun`, payload: {} },
        { url: `/api/v1/assessments/${onLinked}/compare/${theirs}` },
        { method: 'DELETE' as const, url: `/api/v1/assessments/${theirs}` },
      ])
        expect((await h.call(h.as.owner, r)).statusCode, `${r.method ?? 'GET'} ${r.url}`).toBe(404);
    });
  });

  describe('running', () => {
    it('defaults: today in China, the current kb, the company’s stored profile', async () => {
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${h.linked}/assessments`,
        payload: {},
      });
      const b = res.json();
      // the test may straddle midnight in Shanghai
      expect([chinaDate(new Date(Date.now() - 60_000)), chinaDate(new Date())]).toContain(b.asOf);
      expect(b).toMatchObject({ kbVersion: h.kb.version, profile });
      expect(b.result).toMatchObject({ asOf: b.asOf, kbVersion: h.kb.version });
      expect(b.result.licences.length).toBeGreaterThan(0);
      const row = await t.db.kysely
        .selectFrom('assessments')
        .selectAll()
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ organisation_id: h.orgA, company_id: h.linked, as_of: b.asOf });
      expect(JSON.parse(row.profile!)).toEqual(profile);
    });

    it('a profile in the body is assessed and stored instead; the company’s stays as it was', async () => {
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${h.linked}/assessments`,
        payload: { profile: foreignProfile, asOf: '2026-06-30' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ asOf: '2026-06-30', profile: foreignProfile });
      const company = await h.call(h.as.owner, { url: `/api/v1/companies/${h.linked}` });
      expect(company.json().profile).toEqual(profile);
    });

    it('no profile anywhere: 409 PROFILE_MISSING, in the request’s language', async () => {
      const bare = await seedCompany(t.db, h.orgA);
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${bare}/assessments?lang=en`,
        payload: {},
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'PROFILE_MISSING' });
      expect(res.json().title).toMatch(/no business profile/);
      const zh = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${bare}/assessments`,
        payload: {},
      });
      expect(zh.json().title).toMatch(/业务档案/);
    });

    it('a stored profile the kb no longer accepts: 409 PROFILE_OUTDATED with paths; also on rerun', async () => {
      const stale = await seedCompany(t.db, h.orgA, {
        profile: JSON.stringify({
          ...profile,
          service: { ...profile.service, activities: ['no-such-thing'] },
        }),
      });
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${stale}/assessments`,
        payload: {},
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('PROFILE_OUTDATED');
      expect(res.json().errors[0].path).toMatch(/^company\.profile\.service\.activities/);
      // an assessment whose stored profile went stale
      const id = await create(h.as.owner, h.linked);
      await t.db.kysely
        .updateTable('assessments')
        .set({ profile: JSON.stringify({ entity: {}, service: { activities: ['gone'] } }) })
        .where('id', '=', id)
        .execute();
      const rerun = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/assessments/${id}/rerun`,
        payload: {},
      });
      expect(rerun.statusCode).toBe(409);
      expect(rerun.json().code).toBe('PROFILE_OUTDATED');
      expect(rerun.json().errors[0].path).toMatch(/^assessment\.profile\./);
    });

    it('malformed bodies and parameters: 4xx with a code, nothing stored', async () => {
      const before = await count();
      const url = `/api/v1/companies/${h.linked}/assessments`;
      for (const payload of [
        { asOf: '2026-02-30' },
        { asOf: 'tomorrow' },
        { asOf: 20260101 },
        { extra: 1 },
        [],
        [{ asOf: '2026-01-01' }],
      ]) {
        const res = await h.call(h.as.owner, { method: 'POST', url, payload: payload as object });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      const bad = await h.call(h.as.owner, {
        method: 'POST',
        url,
        payload: { profile: { entity: {}, service: { activities: ['nope'] } } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('INVALID_PROFILE');
      expect(bad.json().errors[0].path).toMatch(/^body\.profile\./);
      const broken = await h.call(h.as.owner, {
        method: 'POST',
        url,
        payload: '{"asOf":',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().code).toBeTruthy();
      const text = await h.call(h.as.owner, {
        method: 'POST',
        url,
        payload: 'asOf=2026-01-01',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.statusCode).toBe(415);
      expect(text.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const rerun = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/assessments/${onLinked}/rerun`,
        payload: { asOf: '2026-13-01', profile },
      });
      expect(rerun.statusCode).toBe(400);
      expect(rerun.json().code).toBe('VALIDATION_FAILED');
      for (const q of ['limit=0', 'limit=101', 'limit=x']) {
        const res = await h.call(h.as.owner, { url: `${url}?${q}` });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      const cursor = await h.call(h.as.owner, { url: `${url}?cursor=garbage` });
      expect(cursor.json().code).toBe('INVALID_CURSOR');
      const long = await h.call(h.as.owner, { url: `/api/v1/assessments/${'x'.repeat(101)}` });
      expect(long.statusCode, long.body).toBe(414);
      expect(long.json().code).toBeTruthy();
      expect(await count()).toBe(before);
    });
  });

  describe('lists', () => {
    it('newest first, summaries only, every assessment exactly once across pages', async () => {
      const company = await seedCompany(t.db, h.orgA, { profile: JSON.stringify(profile) });
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push(await create(h.as.owner, company, { asOf: `2026-0${i + 1}-15` }));
      const seen: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/companies/${company}/assessments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await h.call(h.as.viewer, { url });
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().items);
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen.map((a) => a.id)).toEqual([...made].reverse());
      const first = seen[0]!;
      expect(first).toMatchObject({ asOf: '2026-05-15', kbVersion: h.kb.version, companyId: company });
      expect(first).not.toHaveProperty('result');
      expect(first.headline).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      expect((first.counts as { licences: number }).licences).toBe((first.licences as string[]).length);
    });
  });

  describe('rerun and compare', () => {
    it('a rerun keeps the profile, takes the new date and the current kb, and links back in the audit log', async () => {
      const res = await h.call(h.as.admin, {
        method: 'POST',
        url: `/api/v1/assessments/${onLinked}/rerun`,
        payload: { asOf: '2027-01-04' },
      });
      expect(res.statusCode).toBe(201);
      const b = res.json();
      expect(b).toMatchObject({ asOf: '2027-01-04', kbVersion: h.kb.version, profile, companyId: h.linked });
      expect(b.result.asOf).toBe('2027-01-04');
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', b.id)
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ entity: 'assessments', action: 'rerun', company_id: h.linked });
      expect(JSON.parse(audit.after!)).toMatchObject({ rerunOf: onLinked, asOf: '2027-01-04' });
      // without a body: today
      const plain = await h.call(h.as.admin, {
        method: 'POST',
        url: `/api/v1/assessments/${onLinked}/rerun`,
      });
      expect(plain.statusCode, plain.body).toBe(201);
      expect(plain.json().asOf).toBe(chinaDate(new Date()));
    });

    it('says which inputs differ: kb version, as-of date, profile fields', async () => {
      const a = await create(h.as.owner, h.linked, { asOf: '2026-03-01' });
      const b = await create(h.as.owner, h.linked, { asOf: '2026-09-01', profile: foreignProfile });
      await t.db.kysely
        .updateTable('assessments')
        .set({ kb_version: '2025.01.01' })
        .where('id', '=', a)
        .execute();
      const res = await h.call(h.as.client, { url: `/api/v1/assessments/${a}/compare/${b}?lang=en` });
      expect(res.statusCode).toBe(200);
      const c = res.json();
      expect(c.from.id).toBe(a);
      expect(c.to.id).toBe(b);
      expect(c.inputs).toEqual({
        kbVersion: { from: '2025.01.01', to: h.kb.version, differs: true },
        asOf: { from: '2026-03-01', to: '2026-09-01', differs: true },
        profile: ['entity.foreignSharePercent'],
      });
      expect(c.explanation).toHaveLength(3);
      expect(c.explanation[0].en).toMatch(/knowledge base differs \(2025\.01\.01 → /);
      expect(c.explanation[2].zh).toMatch(/entity\.foreignSharePercent/);
      expect(c.comparison.same).toBe(false);
      expect(c.comparison.checks.length).toBeGreaterThan(0);

      const same = await h.call(h.as.viewer, { url: `/api/v1/assessments/${onLinked}/compare/${onLinked}` });
      expect(same.json().inputs.profile).toEqual([]);
      expect(same.json().explanation).toHaveLength(1);
      expect(same.json().explanation[0].en).toMatch(/same knowledge base/);
    });
  });

  describe('audit log', () => {
    it('create and delete leave rows with the company id; the delete keeps the whole assessment', async () => {
      const id = await create(h.as.consultant, h.linked);
      const del = await h.call(h.as.consultant, { method: 'DELETE', url: `/api/v1/assessments/${id}` });
      expect(del.statusCode).toBe(204);
      const again = await h.call(h.as.consultant, { method: 'DELETE', url: `/api/v1/assessments/${id}` });
      expect(again.statusCode).toBe(404);
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.action)).toEqual(['create', 'delete']);
      for (const r of rows)
        expect(r).toMatchObject({
          organisation_id: h.orgA,
          entity: 'assessments',
          company_id: h.linked,
          actor_id: h.as.consultant.userId,
        });
      expect(JSON.parse(rows[0]!.after!)).toMatchObject({
        id,
        companyId: h.linked,
        counts: expect.any(Object),
      });
      const before = JSON.parse(rows[1]!.before!);
      expect(before).toMatchObject({ id, profile });
      expect(before.result.licences.length).toBeGreaterThan(0);
      expect(rows[1]!.after).toBeNull();
    });

    it('a refused write leaves no row', async () => {
      const n = async () => (await t.db.kysely.selectFrom('audit_log').select('id').execute()).length;
      const before = await n();
      await h.call(h.as.viewer, {
        method: 'POST',
        url: `/api/v1/companies/${h.linked}/assessments`,
        payload: {},
      });
      await h.call(h.outsider, { method: 'DELETE', url: `/api/v1/assessments/${onLinked}` });
      await h.call(h.as.client, {
        method: 'POST',
        url: `/api/v1/assessments/${onLinked}/rerun`,
        payload: {},
      });
      expect(await n()).toBe(before);
    });
  });
});
