import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scope } from '@icpdesk/store';
import {
  type ApplicationState,
  applicationStates,
  applicationStoreErrorCodes,
  getApplication,
  listApplications,
  newId,
  roles,
  transitionApplication,
} from '@icpdesk/store';
import {
  forEachDb,
  sampleProfile,
  seedApplication,
  seedCompany,
  seedDocument,
  seedOrganisation,
} from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Actor, httpHarness, isWriter, uscc } from '../../../test/http-harness.ts';
import { listItemSchema } from '../presenters/applications.ts';
import { problems } from '../problems.ts';
import { pageOf } from '../route-kit.ts';

const URL = '/api/v1/applications';

/** the state machine as documented, as data: test/state-machine.yaml */
const ALLOWED = parse(
  readFileSync(
    fileURLToPath(new globalThis.URL('../../../test/state-machine.yaml', import.meta.url)),
    'utf8',
  ),
) as Record<string, ApplicationState[]>;

describe('application store errors', () => {
  it('every code the store can refuse with is a problem of the catalogue (else the error handler answers 500)', () => {
    for (const code of applicationStoreErrorCodes) expect(problems, code).toHaveProperty(code);
  });
});

forEachDb('applications routes', (t) => {
  const h = httpHarness(t);
  const body = (over: Record<string, unknown> = {}) => ({
    companyId: h.linked,
    licenceCodes: ['B25:internet'],
    procedure: 'new',
    authority: 'CN-ZJ',
    ...over,
  });
  const create = async (actor: Actor = h.as.owner, over: Record<string, unknown> = {}) => {
    const res = await h.call(actor, { method: 'POST', url: URL, payload: body(over) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; state: string };
  };
  const move = (actor: Actor, id: string, payload: Record<string, unknown>) =>
    h.call(actor, { method: 'POST', url: `${URL}/${id}/transitions`, payload });
  const event = (actor: Actor, id: string, payload: Record<string, unknown>) =>
    h.call(actor, { method: 'POST', url: `${URL}/${id}/events`, payload });
  const rowOf = (id: string) =>
    t.db.kysely.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  const scope = (a: Actor): Scope => ({ organisationId: a.organisationId, userId: a.userId, role: a.role });
  /** an application of A in review: submitted 2026-03-02, accepted 2026-03-05 */
  const inReview = (companyId = h.linked) =>
    seedApplication(t.db, h.orgA, companyId, {
      state: 'accepted',
      submitted_on: '2026-03-02',
      accepted_on: '2026-03-05',
      clock: JSON.stringify({ corrections: [], pauses: [], lastOn: '2026-03-05' }),
    });
  const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, detail: undefined });

  describe('each route × each role', () => {
    for (const role of roles) {
      const writer = isWriter(role);

      it(`${role}: list, get and events (a client only its linked companies’)`, async () => {
        const mine = await seedApplication(t.db, h.orgA, h.linked);
        const other = await seedApplication(t.db, h.orgA, h.unlinked);
        const res = await h.call(h.as[role], { url: `${URL}?limit=100` });
        expect(res.statusCode).toBe(200);
        const ids = res.json().items.map((a: { id: string }) => a.id);
        expect(ids).toContain(mine);
        expect(ids.includes(other)).toBe(role !== 'client');
        for (const path of ['', '/events']) {
          expect((await h.call(h.as[role], { url: `${URL}/${mine}${path}` })).statusCode).toBe(200);
          expect((await h.call(h.as[role], { url: `${URL}/${other}${path}` })).statusCode).toBe(
            role === 'client' ? 404 : 200,
          );
        }
      });

      it(`${role}: create ${writer ? 'allowed' : 'denied'}`, async () => {
        const res = await h.call(h.as[role], { method: 'POST', url: URL, payload: body() });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        if (writer)
          expect(res.json()).toMatchObject({ state: 'draft', companyId: h.linked, authority: 'CN-ZJ' });
        else {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.json().code).toBe('FORBIDDEN');
        }
      });

      it(`${role}: update ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedApplication(t.db, h.orgA, h.linked);
        const res = await h.call(h.as[role], {
          method: 'PATCH',
          url: `${URL}/${id}`,
          payload: { licenceCodes: ['B11'] },
        });
        expect(res.statusCode).toBe(writer ? 200 : 403);
        expect((await rowOf(id))?.licence_codes === '["B11"]').toBe(writer);
      });

      it(`${role}: delete ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedApplication(t.db, h.orgA, h.linked);
        const res = await h.call(h.as[role], { method: 'DELETE', url: `${URL}/${id}` });
        expect(res.statusCode).toBe(writer ? 204 : 403);
        expect((await rowOf(id)) === undefined).toBe(writer);
      });

      it(`${role}: transition ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedApplication(t.db, h.orgA, h.linked);
        const res = await move(h.as[role], id, { to: 'submitted', on: '2026-03-02' });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        expect((await rowOf(id))?.state).toBe(writer ? 'submitted' : 'draft');
      });

      it(`${role}: record an event ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await inReview();
        const res = await event(h.as[role], id, {
          kind: 'pause-started',
          pauseKind: 'expert-review',
          on: '2026-04-01',
        });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        expect(JSON.parse((await rowOf(id))!.clock!).pauses.length).toBe(writer ? 1 : 0);
      });
    }

    it('client: writes on its linked company’s application are 403 too', async () => {
      const id = await seedApplication(t.db, h.orgA, h.linked);
      for (const r of [
        { method: 'PATCH' as const, url: `${URL}/${id}`, payload: { licenceCodes: ['B11'] } },
        { method: 'DELETE' as const, url: `${URL}/${id}` },
        { method: 'POST' as const, url: `${URL}/${id}/transitions`, payload: { to: 'submitted' } },
        { method: 'POST' as const, url: `${URL}/${id}/events`, payload: { kind: 'pause-ended' } },
      ]) {
        const res = await h.call(h.as.client, r);
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
      expect((await rowOf(id))?.state).toBe('draft');
    });

    it('without a session: 401 on every route', async () => {
      const id = await seedApplication(t.db, h.orgA, h.linked);
      for (const [method, url, payload] of [
        ['GET', URL],
        ['POST', URL, body()],
        ['GET', `${URL}/${id}`],
        ['PATCH', `${URL}/${id}`, { licenceCodes: ['B11'] }],
        ['DELETE', `${URL}/${id}`],
        ['POST', `${URL}/${id}/transitions`, { to: 'submitted' }],
        ['GET', `${URL}/${id}/events`],
        ['POST', `${URL}/${id}/events`, { kind: 'pause-ended' }],
      ] as const) {
        const res = await h.call(undefined, { method, url, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED, nothing written', async () => {
      const id = await seedApplication(t.db, h.orgA, h.linked);
      for (const r of [
        { method: 'POST' as const, url: URL, payload: body() },
        { method: 'PATCH' as const, url: `${URL}/${id}`, payload: { licenceCodes: ['B11'] } },
        { method: 'DELETE' as const, url: `${URL}/${id}` },
        { method: 'POST' as const, url: `${URL}/${id}/transitions`, payload: { to: 'submitted' } },
      ]) {
        const res = await h.call(h.as.owner, { ...r, csrf: false });
        expect(res.json().code).toBe('CSRF_FAILED');
      }
      expect(await rowOf(id)).toMatchObject({ state: 'draft', licence_codes: '["B25:internet"]' });
    });
  });

  describe('tenant isolation', () => {
    it('another organisation’s id is a 404 on every route, never data, and changes nothing', async () => {
      const id = await inReview();
      const missing = await h.call(h.outsider, { url: `${URL}/${newId()}` });
      expect(missing.statusCode).toBe(404);
      const reqs: InjectOptions[] = [
        { url: `${URL}/${id}` },
        { url: `${URL}/${id}?asOf=2026-04-01` },
        { url: `${URL}/${id}/events` },
        {
          method: 'PATCH',
          url: `${URL}/${id}`,
          payload: { checklist: { 'business-licence': { status: 'ready' } } },
        },
        { method: 'DELETE', url: `${URL}/${id}` },
        { method: 'POST', url: `${URL}/${id}/transitions`, payload: { to: 'withdrawn', on: '2026-04-01' } },
        {
          method: 'POST',
          url: `${URL}/${id}/events`,
          payload: { kind: 'pause-started', pauseKind: 'inspection', on: '2026-04-01' },
        },
      ];
      for (const r of reqs) {
        const res = await h.call(h.outsider, r);
        expect(res.statusCode, `${r.method ?? 'GET'} ${r.url}`).toBe(404);
        expect(strip(res.json())).toEqual(strip(missing.json()));
        expect(res.body).not.toContain(h.linked);
      }
      const list = await h.call(h.outsider, { url: `${URL}?limit=100&companyId=${h.linked}` });
      expect(list.json().items).toEqual([]);
      const row = await rowOf(id);
      expect(row).toMatchObject({ state: 'accepted', checklist: '{}' });
      expect(JSON.parse(row!.clock!).pauses).toEqual([]);
    });

    it('a member of A cannot reach B’s application either; B’s company and documents are unknown to A', async () => {
      const theirs = await seedApplication(t.db, h.orgB, h.theirs);
      for (const r of [
        { url: `${URL}/${theirs}` },
        { url: `${URL}/${theirs}/events` },
        { method: 'PATCH' as const, url: `${URL}/${theirs}`, payload: { licenceCodes: ['B11'] } },
        { method: 'DELETE' as const, url: `${URL}/${theirs}` },
        { method: 'POST' as const, url: `${URL}/${theirs}/transitions`, payload: { to: 'submitted' } },
      ])
        expect((await h.call(h.as.owner, r)).statusCode).toBe(404);
      const company = await h.call(h.as.owner, {
        method: 'POST',
        url: URL,
        payload: body({ companyId: h.theirs }),
      });
      expect(company.statusCode).toBe(400);
      expect(company.json().code).toBe('COMPANY_UNKNOWN');
      const doc = await seedDocument(t.db, h.orgB, h.theirs);
      const attach = await h.call(h.as.owner, {
        method: 'POST',
        url: URL,
        payload: body({ checklist: { 'business-licence': { status: 'ready', documentIds: [doc] } } }),
      });
      expect(attach.statusCode).toBe(400);
      expect(attach.json().code).toBe('UNKNOWN_DOCUMENT');
    });

    it('the store itself scopes every query', async () => {
      const id = await inReview();
      const s = scope(h.outsider);
      expect(await getApplication(t.db, s, id)).toBeUndefined();
      expect(
        await transitionApplication(t.db, h.kb, s, id, {
          to: 'withdrawn',
          on: '2026-04-01',
          today: '2026-04-01',
        }),
      ).toBeUndefined();
      const page = await listApplications(t.db, s, {
        limit: 100,
        sort: 'createdAt',
        order: 'asc',
        today: '2026-11-29',
      });
      expect(page.items.every((a) => a.companyId === h.theirs)).toBe(true);
      const client = { ...scope(h.as.client), linkedCompanyIds: [h.unlinked, h.theirs] };
      const seen = await listApplications(t.db, client, {
        limit: 100,
        sort: 'createdAt',
        order: 'asc',
        today: '2026-11-29',
      });
      expect(seen.items.length).toBeGreaterThan(0);
      expect(seen.items.every((a) => a.companyId === h.unlinked)).toBe(true);
      expect(await getApplication(t.db, { ...client, linkedCompanyIds: [] }, id)).toBeUndefined();
    });
  });

  describe('validation', () => {
    const post = (payload: unknown, extra: InjectOptions = {}) =>
      h.call(h.as.owner, { method: 'POST', url: URL, payload: payload as object, ...extra });
    const expectCode = async (
      res: Promise<{ statusCode: number; json(): { code: string } }>,
      status: number,
      code: string,
      what: string,
    ) => {
      const r = await res;
      expect(r.statusCode, what).toBe(status);
      expect(r.json().code, what).toBe(code);
    };

    it('malformed bodies, wrong types, missing and unknown fields: 400 VALIDATION_FAILED', async () => {
      for (const c of [
        {},
        body({ companyId: 42 }),
        body({ licenceCodes: [] }),
        body({ licenceCodes: 'B11' }),
        body({ procedure: 'transfer' }),
        body({ authority: 7 }),
        body({ checklist: { 'business-licence': { status: 'done' } } }),
        body({ checklist: { 'business-licence': { status: 'ready', extra: 1 } } }),
        body({ extra: true }),
        [body()],
      ]) {
        const res = await post(c);
        expect(res.statusCode, JSON.stringify(c)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      const broken = await h.call(h.as.owner, {
        method: 'POST',
        url: URL,
        payload: '{"companyId":',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().code).toBeTruthy();
    });

    it('licence codes, authority and material ids are checked against kb/, in the request’s language', async () => {
      for (const codes of [
        ['B99'],
        ['B25'],
        ['B11:internet'],
        ['B25:everything'],
        ['B11', 'B11'],
        ['B25:internet:x'],
      ]) {
        const res = await post(body({ licenceCodes: codes }));
        expect(res.statusCode, codes.join()).toBe(400);
        expect(res.json().code).toBe('INVALID_LICENCE_CODE');
        expect(res.json().errors[0].path).toMatch(/^body\.licenceCodes\[\d\]$/);
      }
      await expectCode(post(body({ authority: 'CN-XX' })), 400, 'UNKNOWN_AUTHORITY', 'authority');
      const material = await post(body({ checklist: { 'no-such-material': { status: 'todo' } } }), {
        headers: { 'accept-language': 'en' },
      });
      expect(material.statusCode).toBe(400);
      expect(material.json()).toMatchObject({
        code: 'UNKNOWN_CHECKLIST_ITEM',
        title: 'No checklist material has this id',
      });
      const ok = await post(body({ licenceCodes: ['B11', 'B25:non-internet'], authority: 'MIIT' }));
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ licenceCodes: ['B11', 'B25:non-internet'], authority: 'MIIT' });
    });

    it('without an authority the engine’s, from the company’s profile; without a profile none, and no submission', async () => {
      const profiled = await seedCompany(t.db, h.orgA, {
        uscc: uscc(),
        profile: JSON.stringify(sampleProfile()),
      });
      const assessed = await post({ companyId: profiled, licenceCodes: ['B25:internet'], procedure: 'new' });
      expect(assessed.json().authority).toBe('CN-GD');
      const bare = await post({ companyId: h.unlinked, licenceCodes: ['B25:internet'], procedure: 'new' });
      expect(bare.statusCode).toBe(201);
      expect(bare.json().authority).toBeNull();
      await expectCode(
        move(h.as.owner, bare.json().id, { to: 'submitted' }),
        409,
        'APPLICATION_INCOMPLETE',
        'submit',
      );
      const set = await h.call(h.as.owner, {
        method: 'PATCH',
        url: `${URL}/${bare.json().id}`,
        payload: { authority: 'CN-ZJ' },
      });
      expect(set.json().authority).toBe('CN-ZJ');
      expect((await move(h.as.owner, bare.json().id, { to: 'submitted' })).statusCode).toBe(201);
      await expectCode(
        post({ companyId: newId(), licenceCodes: ['B25:internet'], procedure: 'new' }),
        400,
        'COMPANY_UNKNOWN',
        'unknown company',
      );
    });

    it('PATCH: nothing or wrong types 400; draft-only fields 409 NOT_DRAFT later; checklist merges', async () => {
      const id = await inReview();
      for (const payload of [
        {},
        { licenceCodes: 'B11' },
        { procedure: 'x' },
        { state: 'approved' },
        { checklist: [] },
      ]) {
        const res = await h.call(h.as.owner, { method: 'PATCH', url: `${URL}/${id}`, payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      for (const payload of [
        { licenceCodes: ['B11'] },
        { procedure: 'change' },
        { authority: 'MIIT' },
        { companyId: h.unlinked },
      ]) {
        const res = await h.call(h.as.owner, { method: 'PATCH', url: `${URL}/${id}`, payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(409);
        expect(res.json().code).toBe('NOT_DRAFT');
      }
      const doc = await seedDocument(t.db, h.orgA, h.linked);
      const patch = (payload: object) =>
        h.call(h.as.consultant, { method: 'PATCH', url: `${URL}/${id}`, payload });
      await patch({ checklist: { 'business-licence': { status: 'ready', documentIds: [doc] } } });
      const second = await patch({
        checklist: { 'legal-rep-undertaking': { status: 'todo', note: '待补' } },
        authorityReference: '浙通管受〔2026〕12号',
      });
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({
        checklist: {
          'business-licence': { status: 'ready', documentIds: [doc] },
          'legal-rep-undertaking': { status: 'todo', note: '待补' },
        },
        authorityReference: '浙通管受〔2026〕12号',
      });
      const removed = await patch({ checklist: { 'business-licence': null } });
      expect(Object.keys(removed.json().checklist)).toEqual(['legal-rep-undertaking']);
      await expectCode(
        patch({ checklist: { 'business-licence': { status: 'ready', documentIds: [newId()] } } }),
        400,
        'UNKNOWN_DOCUMENT',
        'unknown document',
      );
    });

    it('transitions: malformed bodies 400; dates in the future or going backwards 400 INVALID_EVENT_DATE', async () => {
      const id = await inReview();
      for (const payload of [
        {},
        { to: 'nowhere' },
        { to: 'approved', on: '2026-02-30' },
        { to: 'approved', on: '20260401' },
        { to: 'approved', extra: 1 },
        { to: 'approved', attachments: 'x' },
      ]) {
        const res = await move(h.as.owner, id, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      await expectCode(
        move(h.as.owner, id, { to: 'approved', on: '2099-01-01' }),
        400,
        'INVALID_EVENT_DATE',
        'future',
      );
      await expectCode(
        move(h.as.owner, id, { to: 'approved', on: '2026-03-04' }),
        400,
        'INVALID_EVENT_DATE',
        'backwards',
      );
      await expectCode(
        move(h.as.owner, id, { to: 'approved', on: '2026-04-01', attachments: [newId()] }),
        400,
        'UNKNOWN_DOCUMENT',
        'attachment',
      );
      expect((await rowOf(id))?.state).toBe('accepted');
      const doc = await seedDocument(t.db, h.orgA, h.linked);
      const ok = await move(h.as.owner, id, {
        to: 'approved',
        on: '2026-03-05',
        attachments: [doc],
        note: '准予许可',
        authorityReference: 'B2-2026-1',
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().events.at(-1)).toMatchObject({
        kind: 'transition',
        fromState: 'accepted',
        toState: 'approved',
        on: '2026-03-05',
        attachments: [doc],
        note: '准予许可',
        authorityReference: 'B2-2026-1',
        actorId: h.as.owner.userId,
      });
      expect(ok.json()).toMatchObject({
        decidedOn: '2026-03-05',
        authorityReference: 'B2-2026-1',
        nextStates: [],
      });
    });

    it('events: 409 EVENT_NOT_ALLOWED where they do not fit, 400 for unknown kinds', async () => {
      const draft = await seedApplication(t.db, h.orgA, h.linked);
      const id = await inReview();
      for (const payload of [
        {},
        { kind: 'note' },
        { kind: 'pause-started' },
        { kind: 'pause-started', pauseKind: 'lunch' },
        { kind: 'pause-ended', pauseKind: 'inspection' },
      ]) {
        const res = await event(h.as.owner, id, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      await expectCode(
        event(h.as.owner, draft, { kind: 'pause-started', pauseKind: 'inspection' }),
        409,
        'EVENT_NOT_ALLOWED',
        'draft pause',
      );
      await expectCode(
        event(h.as.owner, id, { kind: 'pause-ended', on: '2026-04-01' }),
        409,
        'EVENT_NOT_ALLOWED',
        'no open pause',
      );
      await expectCode(
        event(h.as.owner, id, { kind: 'licence-issued', on: '2026-04-01' }),
        409,
        'EVENT_NOT_ALLOWED',
        'not approved',
      );
      expect(
        (await event(h.as.owner, id, { kind: 'pause-started', pauseKind: 'inspection', on: '2026-04-01' }))
          .statusCode,
      ).toBe(201);
      await expectCode(
        event(h.as.owner, id, { kind: 'pause-started', pauseKind: 'hearing', on: '2026-04-02' }),
        409,
        'EVENT_NOT_ALLOWED',
        'second pause',
      );
      await expectCode(
        event(h.as.owner, id, { kind: 'pause-ended', on: '2026-03-31' }),
        400,
        'INVALID_EVENT_DATE',
        'end before start',
      );
    });

    it('list parameters: limit 1–100, sort, order, state, overdue, cursor', async () => {
      for (const q of [
        'limit=0',
        'limit=101',
        'limit=abc',
        'sort=name',
        'order=up',
        'state=lost',
        'overdue=yes',
      ]) {
        const res = await h.call(h.as.owner, { url: `${URL}?${q}` });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      const other = Buffer.from('{"s":"createdAt:asc","k":"a","id":"b"}').toString('base64url');
      for (const cursor of ['garbage', other]) {
        const res = await h.call(h.as.owner, { url: `${URL}?sort=createdAt&order=desc&cursor=${cursor}` });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('INVALID_CURSOR');
      }
      const get = await h.call(h.as.owner, { url: `${URL}/${newId()}?asOf=2026-13-01` });
      expect(get.statusCode).toBe(400);
    });
  });

  describe('state machine: every pair of states', () => {
    const contexts = Object.keys(ALLOWED);
    for (const context of contexts) {
      const [from, when] = context.split(':') as [ApplicationState, string | undefined];
      it(`from ${context}: the documented moves are 201, every other is 409 INVALID_TRANSITION`, async () => {
        const accepted =
          from === 'accepted' || when === 'after' || ['approved', 'rejected', 'withdrawn'].includes(from);
        for (const to of applicationStates) {
          const id = await seedApplication(t.db, h.orgA, h.linked, {
            state: from,
            submitted_on: from === 'draft' ? null : '2026-03-02',
            accepted_on: accepted ? '2026-03-05' : null,
            clock: JSON.stringify({
              corrections: from.startsWith('correct')
                ? [{ requestedOn: '2026-03-10', correctedOn: from === 'corrected' ? '2026-03-12' : null }]
                : [],
              pauses: [],
              lastOn: from === 'draft' ? null : '2026-03-12',
            }),
          });
          const res = await move(h.as.consultant, id, { to, on: '2026-03-20' });
          const allowed = ALLOWED[context]!.includes(to);
          expect(res.statusCode, `${context} → ${to}: ${res.body}`).toBe(allowed ? 201 : 409);
          const row = await rowOf(id);
          const events = await t.db.kysely
            .selectFrom('application_events')
            .select(['from_state', 'to_state'])
            .where('application_id', '=', id)
            .execute();
          const audits = await t.db.kysely
            .selectFrom('audit_log')
            .select('action')
            .where('entity_id', '=', id)
            .execute();
          if (allowed) {
            expect(res.json()).toMatchObject({ state: to, nextStates: expect.any(Array) });
            expect(row?.state).toBe(to);
            expect(events).toEqual([{ from_state: from, to_state: to }]);
            expect(audits).toEqual([{ action: 'transition' }]);
          } else {
            const b = res.json();
            expect(b.code).toBe('INVALID_TRANSITION');
            const named = ALLOWED[context]!.length ? ALLOWED[context]!.join('、') : '无';
            expect(b.detail).toContain(`可变更为：${named}`);
            expect(row?.state).toBe(from);
            expect(events).toEqual([]);
            expect(audits).toEqual([]);
          }
        }
      });
    }

    it('a refused transition says why in zh by default and in en on request', async () => {
      const id = await seedApplication(t.db, h.orgA, h.linked, { state: 'draft' });
      const payload = { to: 'approved', on: '2026-03-20' };
      const zh = await move(h.as.consultant, id, payload);
      expect(zh.json()).toMatchObject({
        code: 'INVALID_TRANSITION',
        title: '申请当前状态不允许这一变更',
        detail: `不允许从 draft 变更为 approved；可变更为：${ALLOWED.draft!.join('、')}`,
      });
      const en = await h.call(h.as.consultant, {
        method: 'POST',
        url: `${URL}/${id}/transitions`,
        headers: { 'accept-language': 'en' },
        payload,
      });
      expect(en.json()).toMatchObject({
        code: 'INVALID_TRANSITION',
        detail: `draft → approved is not allowed; allowed next states: ${ALLOWED.draft!.join(', ')}`,
      });
      const query = await h.call(h.as.consultant, {
        method: 'POST',
        url: `${URL}/${id}/transitions?lang=en`,
        payload,
      });
      expect(query.json().detail).toBe(en.json().detail);
    });

    it('a transition races another: exactly one wins, the other is 409', async () => {
      const id = await seedApplication(t.db, h.orgA, h.linked, {
        state: 'submitted',
        submitted_on: '2026-03-02',
        clock: JSON.stringify({ corrections: [], pauses: [], lastOn: '2026-03-02' }),
      });
      const results = await Promise.all([
        move(h.as.owner, id, { to: 'accepted', on: '2026-03-03' }),
        move(h.as.admin, id, { to: 'accepted', on: '2026-03-04' }),
        move(h.as.consultant, id, { to: 'accepted', on: '2026-03-05' }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      const events = await t.db.kysely
        .selectFrom('application_events')
        .select('id')
        .where('application_id', '=', id)
        .execute();
      expect(events).toHaveLength(1);
    });
  });

  describe('a case from draft to licence, with its clocks', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(h.as.consultant)).id;
      const steps: [string, Record<string, unknown>][] = [
        ['transitions', { to: 'submitted', on: '2026-03-02', authorityReference: '浙受2026-001' }],
        ['transitions', { to: 'correction-requested', on: '2026-03-05', note: '补正：股东身份证明' }],
        ['transitions', { to: 'corrected', on: '2026-03-10' }],
        ['transitions', { to: 'accepted', on: '2026-03-12' }],
        ['events', { kind: 'pause-started', pauseKind: 'expert-review', on: '2026-04-01' }],
        ['events', { kind: 'pause-ended', on: '2026-04-10' }],
        ['transitions', { to: 'correction-requested', on: '2026-04-20' }],
        ['transitions', { to: 'corrected', on: '2026-04-25' }],
      ];
      for (const [path, payload] of steps) {
        const res = await h.call(h.as.consultant, { method: 'POST', url: `${URL}/${id}/${path}`, payload });
        expect(res.statusCode, `${path} ${JSON.stringify(payload)}: ${res.body}`).toBe(201);
      }
    });

    it('GET ?asOf shows the clocks with the kb parameters, correction and expert-review time excluded', async () => {
      const res = await h.call(h.as.viewer, { url: `${URL}/${id}?asOf=2026-05-06` });
      expect(res.statusCode).toBe(200);
      const a = res.json();
      expect(a).toMatchObject({
        state: 'corrected',
        nextStates: ['correction-requested', 'approved', 'rejected', 'withdrawn'],
        submittedOn: '2026-03-02',
        acceptedOn: '2026-03-12',
        authorityReference: '浙受2026-001',
        corrections: [
          { requestedOn: '2026-03-05', correctedOn: '2026-03-10' },
          { requestedOn: '2026-04-20', correctedOn: '2026-04-25' },
        ],
        pauses: [{ kind: 'expert-review', from: '2026-04-01', to: '2026-04-10' }],
      });
      const [acceptance, decision, issuance] = a.clock.steps;
      expect(acceptance).toMatchObject({ status: 'done', endedBy: 'correction-notice', late: false });
      // 60 calendar days from 12 March are 11 May; 9 days of expert review and 5 of correction move it to 25 May
      expect(decision).toMatchObject({
        status: 'on-time',
        startedOn: '2026-03-12',
        expectedBy: '2026-05-25',
        excludedDays: 14,
        paused: false,
      });
      expect(decision.parameters[0]).toMatchObject({ id: 'review-days', value: 60 });
      expect(decision.parameters[0].sources.length).toBeGreaterThan(0);
      expect(issuance.status).toBe('not-started');
      expect(a.clock.overdue).toBe(false);
      expect(a.events.map((e: { kind: string }) => e.kind)).toEqual([
        'created',
        'transition',
        'transition',
        'transition',
        'transition',
        'pause-started',
        'pause-ended',
        'transition',
        'transition',
      ]);
      expect(a.authorityDueOn).toBe(decision.dueBy);
    });

    it('approval and the licence end the clocks; the events list and the audit log record each step', async () => {
      expect((await move(h.as.admin, id, { to: 'approved', on: '2026-05-20' })).statusCode).toBe(201);
      const issued = await event(h.as.admin, id, { kind: 'licence-issued', on: '2026-05-25' });
      expect(issued.statusCode).toBe(201);
      expect(issued.json()).toMatchObject({
        state: 'approved',
        issuedOn: '2026-05-25',
        authorityDueOn: null,
      });
      expect(issued.json().clock.steps.map((s: { status: string }) => s.status)).toEqual([
        'done',
        'done',
        'done',
      ]);
      await expectConflict(event(h.as.admin, id, { kind: 'licence-issued', on: '2026-05-26' }));
      const events = await h.call(h.as.client, { url: `${URL}/${id}/events` });
      expect(events.statusCode).toBe(200);
      expect(events.json().items.at(-1)).toMatchObject({
        kind: 'licence-issued',
        fromState: 'approved',
        toState: 'approved',
        on: '2026-05-25',
      });
      const audits = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'applications')
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute();
      expect(audits.map((r) => r.action)).toEqual([
        'create',
        'transition',
        'transition',
        'transition',
        'transition',
        'pause-started',
        'pause-ended',
        'transition',
        'transition',
        'transition',
        'licence-issued',
      ]);
      for (const r of audits) expect(r).toMatchObject({ organisation_id: h.orgA, company_id: h.linked });
      const last = audits.at(-1)!;
      expect(JSON.parse(last.before!).issuedOn).toBeNull();
      expect(JSON.parse(last.after!).issuedOn).toBe('2026-05-25');
      expect(await expectDeleteRefused(id)).toBe('NOT_DRAFT');
    });

    const expectConflict = async (p: ReturnType<typeof event>) => {
      const r = await p;
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('EVENT_NOT_ALLOWED');
    };
    const expectDeleteRefused = async (appId: string) => {
      const r = await h.call(h.as.owner, { method: 'DELETE', url: `${URL}/${appId}` });
      expect(r.statusCode).toBe(409);
      return r.json().code as string;
    };
  });

  describe('delete', () => {
    it('a draft goes with its events; one with documents is 409 APPLICATION_IN_USE', async () => {
      const { id } = await create();
      expect((await h.call(h.as.owner, { method: 'DELETE', url: `${URL}/${id}` })).statusCode).toBe(204);
      expect(await rowOf(id)).toBeUndefined();
      expect(
        await t.db.kysely
          .selectFrom('application_events')
          .select('id')
          .where('application_id', '=', id)
          .execute(),
      ).toEqual([]);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', id)
        .where('action', '=', 'delete')
        .executeTakeFirst();
      expect(JSON.parse(audit!.before!)).toMatchObject({ id, state: 'draft' });
      const used = (await create()).id;
      await seedDocument(t.db, h.orgA, h.linked, { application_id: used });
      const res = await h.call(h.as.owner, { method: 'DELETE', url: `${URL}/${used}` });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('APPLICATION_IN_USE');
      expect(await rowOf(used)).toBeDefined();
    });
  });

  describe('list items kept by version', () => {
    it('answers pages that match the list schema, and shows a change at once', async () => {
      const org = await seedOrganisation(t.db, '缓存机构');
      const owner = await h.actor(org, 'owner');
      const company = await seedCompany(t.db, org);
      const a = await create(owner, { companyId: company });
      const b = await create(owner, { companyId: company });
      const list = async () => {
        const res = await h.call(owner, { url: `${URL}?limit=10` });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        return pageOf(listItemSchema).parse(res.json());
      };
      const first = await list();
      expect(first.items.map((i) => i.id)).toEqual([b.id, a.id]);
      expect(await list()).toEqual(first); // the second answer comes from the kept items
      expect((await move(owner, a.id, { to: 'submitted' })).statusCode).toBe(201);
      const after = await list();
      expect(after.items.find((i) => i.id === a.id)).toMatchObject({ state: 'submitted' });
      expect(after.items.find((i) => i.id === b.id)).toEqual(first.items.find((i) => i.id === b.id));
      const deleted = await h.call(owner, { method: 'DELETE', url: `${URL}/${b.id}` });
      expect(deleted.statusCode).toBe(204);
      expect((await list()).items.map((i) => i.id)).toEqual([a.id]);
    });
  });

  describe('lists: filters, overdue, clocks, pagination', () => {
    let org: string;
    let owner: Actor;
    let companies: string[];
    const ids: string[] = [];
    let late: string;
    let fresh: string;
    beforeAll(async () => {
      org = await seedOrganisation(t.db, '列表机构');
      owner = await h.actor(org, 'owner');
      companies = [await seedCompany(t.db, org), await seedCompany(t.db, org)];
      for (let i = 0; i < 23; i++) {
        const res = await h.call(owner, {
          method: 'POST',
          url: URL,
          payload: body({ companyId: companies[i % 2], authority: i % 3 ? 'CN-ZJ' : 'MIIT' }),
        });
        ids.push(res.json().id);
      }
      // one submitted long ago and never answered (overdue), one submitted today (not yet)
      late = ids[4]!;
      fresh = ids[5]!;
      expect((await move(owner, late, { to: 'submitted', on: '2026-01-05' })).statusCode).toBe(201);
      expect((await move(owner, fresh, { to: 'submitted' })).statusCode).toBe(201);
    });

    const walk = async (query: string, limit: number) => {
      const seen: {
        id: string;
        createdAt: string;
        updatedAt: string;
        state: string;
        clock: { overdue: boolean };
      }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `${URL}?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await h.call(owner, { url });
        expect(res.statusCode, res.body).toBe(200);
        const b = res.json();
        expect(b.items.length).toBeLessThanOrEqual(limit);
        seen.push(...b.items);
        cursor = b.nextCursor;
        expect(++pages).toBeLessThan(60);
      } while (cursor);
      return seen;
    };

    for (const sort of ['createdAt', 'updatedAt'] as const)
      for (const order of ['asc', 'desc'] as const)
        for (const limit of [1, 7, 100])
          it(`sort=${sort}&order=${order}, limit=${limit}: every application once, in order`, async () => {
            const seen = await walk(`sort=${sort}&order=${order}`, limit);
            expect(new Set(seen.map((a) => a.id))).toEqual(new Set(ids));
            expect(seen).toHaveLength(ids.length);
            for (let i = 1; i < seen.length; i++) {
              const a = [seen[i - 1]![sort], seen[i - 1]!.id].join('|');
              const b = [seen[i]![sort], seen[i]!.id].join('|');
              expect(order === 'asc' ? a < b : a > b, `${a} then ${b}`).toBe(true);
            }
          });

    it('filters: company, state, authority, overdue — with each item’s clock as of today', async () => {
      const byCompany = await walk(`companyId=${companies[1]}`, 5);
      expect(byCompany.map((a) => a.id).sort()).toEqual(ids.filter((_, i) => i % 2 === 1).sort());
      const submitted = await walk('state=submitted', 10);
      expect(submitted.map((a) => a.id).sort()).toEqual([late, fresh].sort());
      const miit = await walk('authority=MIIT&order=asc', 3);
      expect(miit.map((a) => a.id)).toEqual(ids.filter((_, i) => i % 3 === 0));
      const overdue = await walk('overdue=true', 10);
      expect(overdue.map((a) => a.id)).toEqual([late]);
      expect(overdue[0]!.clock).toMatchObject({
        overdue: true,
        step: 'acceptance',
        status: 'overdue',
        deemedAccepted: true,
        dueBy: '2026-01-12',
      });
      const notOverdue = await walk('overdue=false', 100);
      expect(notOverdue).toHaveLength(ids.length - 1);
      const all = await walk('', 100);
      for (const a of all) expect(a.clock.overdue, a.id).toBe(a.id === late);
      const freshItem = all.find((a) => a.id === fresh)! as unknown as { clock: Record<string, unknown> };
      expect(freshItem.clock).toMatchObject({ step: 'acceptance', overdue: false });
      const draft = all.find((a) => a.id === ids[0])! as unknown as { clock: Record<string, unknown> };
      expect(draft.clock).toEqual({
        overdue: false,
        deemedAccepted: false,
        step: null,
        status: null,
        expectedBy: null,
        dueBy: null,
        remaining: null,
        paused: false,
      });
    });

    it('a list of 50 computes 50 clocks quickly (no query per item)', async () => {
      const more = await seedOrganisation(t.db, '性能机构');
      const boss = await h.actor(more, 'owner');
      const company = await seedCompany(t.db, more);
      for (let i = 0; i < 60; i++)
        await seedApplication(t.db, more, company, {
          state: 'accepted',
          submitted_on: '2024-01-02',
          accepted_on: '2024-01-05',
          clock: JSON.stringify({
            corrections: [{ requestedOn: '2024-02-01', correctedOn: '2024-03-01' }],
            pauses: [{ kind: 'expert-review', from: '2024-03-10', to: null }],
            lastOn: '2024-03-10',
          }),
        });
      await h.call(boss, { url: `${URL}?limit=50` });
      const started = performance.now();
      for (let i = 0; i < 5; i++) {
        const res = await h.call(boss, { url: `${URL}?limit=50` });
        expect(res.json().items).toHaveLength(50);
        expect(res.json().items[0].clock).toMatchObject({ step: 'decision', paused: true });
      }
      // generous: the benchmark holds the real goal (p99 < 20 ms); this catches a clock that loops per day
      expect((performance.now() - started) / 5).toBeLessThan(250);
    });
  });
});
