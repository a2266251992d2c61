import type { AuditRecord } from '@icpdesk/store';
import { newId, roles, writeAudit } from '@icpdesk/store';
import { forEachDb, sampleProfile, seedApplication, seedCompany } from '@icpdesk/store/testing';
import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Actor, httpHarness, isManager } from '../../../test/http-harness.ts';

const profile = sampleProfile();

type Entry = AuditRecord;

forEachDb('audit routes', (t) => {
  const h = httpHarness(t);
  let assessment: string;
  let application: string;
  let startedAt: string;

  const entries = async (a: Actor, url: string): Promise<Entry[]> => {
    const res = await h.call(a, { url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  beforeAll(async () => {
    startedAt = new Date().toISOString();
    const patch = await h.call(h.as.consultant, {
      method: 'PATCH',
      url: `/api/v1/companies/${h.linked}`,
      payload: { name: '已关联公司（新名）', profile },
    });
    expect(patch.statusCode).toBe(200);
    const created = await h.call(h.as.consultant, {
      method: 'POST',
      url: `/api/v1/companies/${h.linked}/assessments`,
      payload: { asOf: '2026-11-30' },
    });
    expect(created.statusCode).toBe(201);
    assessment = created.json().id;
    // a row written by code that does not pass companyId yet: found through the application's company
    application = await seedApplication(t.db, h.orgA, h.linked);
    await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [
      {
        organisationId: h.orgA,
        actorId: h.as.admin.userId,
        actorLabel: 'admin@example.com',
        entity: 'applications',
        entityId: application,
        action: 'transition',
        before: { state: 'draft' },
        after: { state: 'submitted' },
      },
    ]);
    // activity elsewhere: the unlinked company, and organisation B
    await h.call(h.as.owner, {
      method: 'PATCH',
      url: `/api/v1/companies/${h.unlinked}`,
      payload: { address: '别处' },
    });
    await h.call(h.outsider, {
      method: 'PATCH',
      url: `/api/v1/companies/${h.theirs}`,
      payload: { name: '乙的公司（新名）' },
    });
  });

  describe('each route × each role', () => {
    for (const role of roles) {
      const manager = isManager(role);
      it(`${role}: the organisation's log ${manager ? 'allowed' : 'denied'}`, async () => {
        const res = await h.call(h.as[role], { url: '/api/v1/audit?limit=100' });
        expect(res.statusCode).toBe(manager ? 200 : 403);
        if (!manager) {
          expect(res.json().code).toBe('FORBIDDEN');
          return;
        }
        const items: Entry[] = res.json().items;
        expect(items.map((e) => e.entityId)).toEqual(
          expect.arrayContaining([h.linked, h.unlinked, assessment, application]),
        );
        expect(items.map((e) => e.entityId)).not.toContain(h.theirs);
      });

      const reader = role !== 'client';
      it(`${role}: a company's log ${reader ? 'allowed' : 'denied, even for a linked company'}`, async () => {
        const res = await h.call(h.as[role], { url: `/api/v1/companies/${h.linked}/audit` });
        expect(res.statusCode).toBe(reader ? 200 : 403);
        if (!reader) expect(res.json().code).toBe('FORBIDDEN');
      });
    }

    it('without a session: 401', async () => {
      for (const url of ['/api/v1/audit', `/api/v1/companies/${h.linked}/audit`]) {
        const res = await h.call(undefined, { url });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('a company’s log', () => {
    it('has the company’s rows and those of its assessments and applications, newest first, nothing else', async () => {
      const items = await entries(h.as.viewer, `/api/v1/companies/${h.linked}/audit?limit=100`);
      const ids = items.map((e) => e.entityId);
      expect(new Set(ids)).toEqual(new Set([h.linked, assessment, application]));
      expect(items.map((e) => e.id)).toEqual(
        items
          .map((e) => e.id)
          .sort()
          .reverse(),
      );
      const [transition, created, update] = items;
      expect(transition).toMatchObject({
        entity: 'applications',
        action: 'transition',
        companyId: null,
        changes: ['state'],
        actor: { id: h.as.admin.userId, label: 'admin@example.com' },
      });
      expect(created).toMatchObject({ entity: 'assessments', action: 'create', companyId: h.linked });
      expect(created!.changes).toBeNull();
      expect(update).toMatchObject({ entity: 'companies', action: 'update', companyId: h.linked });
      expect(update!.changes).toEqual(['name', 'profile']);
      expect(update!.actor.label).toMatch(/@example\.com$/);
      expect((update!.before as { name: string }).name).toBe('已关联公司');
      expect((update!.after as { name: string }).name).toBe('已关联公司（新名）');
    });

    it('keeps a deleted assessment’s rows (by company id)', async () => {
      const made = await h.call(h.as.owner, {
        method: 'POST',
        url: `/api/v1/companies/${h.linked}/assessments`,
        payload: {},
      });
      const id = made.json().id as string;
      await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/assessments/${id}` });
      const items = await entries(h.as.owner, `/api/v1/companies/${h.linked}/audit?entityId=${id}`);
      expect(items.map((e) => e.action)).toEqual(['delete', 'create']);
    });

    it('another organisation’s company, or one that does not exist: 404', async () => {
      for (const [a, id] of [
        [h.outsider, h.linked],
        [h.as.owner, h.theirs],
        [h.as.viewer, newId()],
      ] as const) {
        const res = await h.call(a, { url: `/api/v1/companies/${id}/audit` });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
        expect(res.body).not.toContain('已关联公司');
      }
    });
  });

  describe('the organisation’s log', () => {
    it('is the organisation’s only', async () => {
      const theirs = await entries(h.outsider, '/api/v1/audit?limit=100');
      expect(theirs.map((e) => e.entityId)).toEqual([h.theirs]);
      const ours = await entries(h.as.owner, '/api/v1/audit?limit=100');
      expect(ours.map((e) => e.entityId)).not.toContain(h.theirs);
    });

    it('filters by entity, entity id, actor, action, company and time', async () => {
      const url = (q: string) => `/api/v1/audit?limit=100&${q}`;
      const byEntity = await entries(h.as.admin, url('entity=assessments'));
      expect(byEntity.length).toBeGreaterThan(0);
      expect(byEntity.every((e) => e.entity === 'assessments')).toBe(true);
      expect((await entries(h.as.admin, url(`entityId=${h.unlinked}`))).map((e) => e.action)).toEqual([
        'update',
      ]);
      const byActor = await entries(h.as.admin, url(`actorId=${h.as.consultant.userId}`));
      expect(byActor.length).toBeGreaterThanOrEqual(2);
      expect(byActor.every((e) => e.actor.id === h.as.consultant.userId)).toBe(true);
      expect((await entries(h.as.admin, url('action=transition'))).map((e) => e.entityId)).toEqual([
        application,
      ]);
      const byCompany = await entries(h.as.admin, url(`companyId=${h.unlinked}`));
      expect(byCompany.map((e) => e.entityId)).toEqual([h.unlinked]);
      // time: [from, to), with offsets accepted
      expect(await entries(h.as.admin, url('to=2000-01-01T00:00:00Z'))).toEqual([]);
      const since = await entries(h.as.admin, url(`from=${encodeURIComponent(startedAt)}`));
      expect(since.length).toBeGreaterThanOrEqual(4);
      const future = new Date(Date.now() + 86_400_000).toISOString().replace('Z', '+08:00');
      expect(await entries(h.as.admin, url(`from=${encodeURIComponent(future)}`))).toEqual([]);
      const last = since[0]!;
      const exact = await entries(
        h.as.admin,
        url(
          `from=${encodeURIComponent(last.at)}&to=${encodeURIComponent(new Date(Date.parse(last.at) + 1).toISOString())}`,
        ),
      );
      expect(exact.map((e) => e.id)).toContain(last.id);
      expect(exact.every((e) => e.at === last.at)).toBe(true);
    });

    it('pages newest first, every entry exactly once', async () => {
      const all = await entries(h.as.owner, '/api/v1/audit?limit=100');
      const seen: Entry[] = [];
      let cursor: string | null = null;
      do {
        const res = await h.call(h.as.owner, {
          url: `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        });
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().items);
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    });

    it('malformed parameters: 400 with a code', async () => {
      for (const q of [
        'from=yesterday',
        'to=2026-01-01',
        'limit=0',
        'limit=500',
        `entity=${'x'.repeat(65)}`,
      ]) {
        const res = await h.call(h.as.owner, { url: `/api/v1/audit?${q}` });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      for (const url of ['/api/v1/audit?cursor=nope', `/api/v1/companies/${h.linked}/audit?cursor=nope`]) {
        const res = await h.call(h.as.owner, { url });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('INVALID_CURSOR');
      }
    });
  });

  describe('append-only', () => {
    it('no route writes to the audit log: every other method is 404 and changes nothing', async () => {
      const [entry] = await entries(h.as.owner, '/api/v1/audit?limit=1');
      const count = async () => (await t.db.kysely.selectFrom('audit_log').select('id').execute()).length;
      const before = await count();
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const)
        for (const url of [
          '/api/v1/audit',
          `/api/v1/audit/${entry!.id}`,
          `/api/v1/companies/${h.linked}/audit`,
          `/api/v1/companies/${h.linked}/audit/${entry!.id}`,
        ]) {
          const opts: InjectOptions = { method, url, ...(method === 'DELETE' ? {} : { payload: {} }) };
          const res = await h.call(h.as.owner, opts);
          expect(res.statusCode, `${method} ${url}`).toBe(404);
        }
      expect(await count()).toBe(before);
      // and the routing table has nothing but reads under any audit path
      const table = h.app.printRoutes({ commonPrefix: false });
      const auditLines = table.split('\n').filter((l) => /audit/.test(l));
      expect(auditLines.length).toBeGreaterThanOrEqual(2);
      for (const line of auditLines) {
        const methods = /audit[^(]*\(([^)]*)\)/.exec(line)?.[1]?.split(/,\s*/) ?? [];
        expect(methods.length, line).toBeGreaterThan(0);
        for (const m of methods) expect(['GET', 'HEAD'], line).toContain(m);
      }
    });

    it('an entry read back is exactly what was written', async () => {
      const company = await seedCompany(t.db, h.orgA);
      await writeAudit(t.db.kysely, t.db.clock.now().toISOString(), [
        {
          organisationId: h.orgA,
          actorId: null,
          actorLabel: 'system',
          entity: 'companies',
          entityId: company,
          companyId: company,
          action: 'import',
          after: { name: '导入', nested: { a: [1, 2] } },
        },
      ]);
      const [e] = await entries(h.as.viewer, `/api/v1/companies/${company}/audit`);
      expect(e).toMatchObject({
        actor: { id: null, label: 'system' },
        entity: 'companies',
        entityId: company,
        companyId: company,
        action: 'import',
        before: null,
        after: { name: '导入', nested: { a: [1, 2] } },
        changes: null,
      });
    });
  });
  it('OpenAPI documents the audit, assessment and shareholding routes with their responses', async () => {
    const res = await h.call(undefined, { url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const ops: [string, string][] = [
      ['/api/v1/audit', 'get'],
      ['/api/v1/companies/{id}/audit', 'get'],
      ['/api/v1/companies/{id}/assessments', 'get'],
      ['/api/v1/companies/{id}/assessments', 'post'],
      ['/api/v1/assessments/{id}', 'get'],
      ['/api/v1/assessments/{id}', 'delete'],
      ['/api/v1/assessments/{id}/rerun', 'post'],
      ['/api/v1/assessments/{id}/compare/{otherId}', 'get'],
      ['/api/v1/companies/{id}/shareholding', 'get'],
    ];
    for (const [path, method] of ops) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(
        Object.keys(op.responses).some((c) => c.startsWith('2')),
        `${method} ${path}`,
      ).toBe(true);
      expect(op.responses['403'], `${method} ${path}`).toBeDefined();
    }
    const audit = doc.paths['/api/v1/audit'].get;
    const names = audit.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['entity', 'entityId', 'actorId', 'action', 'from', 'to', 'cursor']),
    );
  });
});
