import { addDays, chinaDate } from '@icpdesk/engine';
import { roles } from '@icpdesk/store';
import {
  forEachDb,
  seedApplication,
  seedCompany,
  seedLicence,
  seedOrganisation,
} from '@icpdesk/store/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness, isWriter } from '../../../test/http-harness.ts';

let serial = 0;
/** a fresh, valid Zhejiang licence number (the seeder uses the 2024 series) */
const zjNumber = () => `浙B2-2023${String(++serial).padStart(4, '0')}`;

const direct = (companyId: string, over: Record<string, unknown> = {}) => ({
  companyId,
  number: zjNumber(),
  codes: ['B25:internet'],
  coverage: ['CN-ZJ'],
  authority: 'CN-ZJ',
  issuedOn: '2024-03-01',
  status: 'active',
  ...over,
});

forEachDb('licences routes', (t) => {
  const h = httpHarness(t);
  /** licences seeded in beforeAll: of the linked company, of the unlinked one, and of organisation B */
  let onLinked: string;
  let onUnlinked: string;
  let theirLicence: string;

  beforeAll(async () => {
    onLinked = await seedLicence(t.db, h.orgA, h.linked, { expires_on: '2027-01-31' });
    onUnlinked = await seedLicence(t.db, h.orgA, h.unlinked, {
      expires_on: '2028-06-30',
      status: 'suspended',
    });
    theirLicence = await seedLicence(t.db, h.orgB, h.theirs);
  });

  const auditOf = (id: string) =>
    t.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('id').execute();

  describe('each route × each role', () => {
    for (const role of roles) {
      const writer = isWriter(role);

      it(`${role}: list (a client: its linked companies' licences only)`, async () => {
        const res = await h.call(h.as[role], { url: '/api/v1/licences?limit=100' });
        expect(res.statusCode).toBe(200);
        const ids = res.json().items.map((l: { id: string }) => l.id);
        expect(ids).toContain(onLinked);
        expect(ids).not.toContain(theirLicence);
        expect(ids.includes(onUnlinked)).toBe(role !== 'client');
      });

      it(`${role}: get`, async () => {
        expect((await h.call(h.as[role], { url: `/api/v1/licences/${onLinked}` })).statusCode).toBe(200);
        const other = await h.call(h.as[role], { url: `/api/v1/licences/${onUnlinked}` });
        expect(other.statusCode).toBe(role === 'client' ? 404 : 200);
      });

      it(`${role}: create ${writer ? 'allowed' : 'denied'}`, async () => {
        const res = await h.call(h.as[role], {
          method: 'POST',
          url: '/api/v1/licences',
          payload: direct(h.linked),
        });
        expect(res.statusCode).toBe(writer ? 201 : 403);
        if (!writer) expect(res.json().code).toBe('FORBIDDEN');
      });

      it(`${role}: update ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedLicence(t.db, h.orgA, h.linked);
        const res = await h.call(h.as[role], {
          method: 'PATCH',
          url: `/api/v1/licences/${id}`,
          payload: { status: 'suspended' },
        });
        expect(res.statusCode).toBe(writer ? 200 : 403);
        const row = await t.db.kysely
          .selectFrom('licences')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe(writer ? 'suspended' : 'active');
      });

      it(`${role}: delete ${writer ? 'allowed' : 'denied'}`, async () => {
        const id = await seedLicence(t.db, h.orgA, h.linked);
        const res = await h.call(h.as[role], { method: 'DELETE', url: `/api/v1/licences/${id}` });
        expect(res.statusCode).toBe(writer ? 204 : 403);
        const row = await t.db.kysely
          .selectFrom('licences')
          .select('id')
          .where('id', '=', id)
          .executeTakeFirst();
        expect(row === undefined).toBe(writer);
      });
    }

    it('without a session: 401 on every route', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/licences'],
        ['POST', '/api/v1/licences'],
        ['GET', `/api/v1/licences/${onLinked}`],
        ['PATCH', `/api/v1/licences/${onLinked}`],
        ['DELETE', `/api/v1/licences/${onLinked}`],
      ] as const) {
        const res = await h.call(undefined, {
          method,
          url,
          ...(method === 'POST' ? { payload: direct(h.linked) } : {}),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
    });

    it('writes without the CSRF header: 403 CSRF_FAILED', async () => {
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: direct(h.linked),
        csrf: false,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('CSRF_FAILED');
    });
  });

  describe('another organisation’s ids are 404, never data', () => {
    it('get, patch and delete of its licence', async () => {
      for (const [method, payload] of [
        ['GET', undefined],
        ['PATCH', { status: 'revoked' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await h.call(h.as.owner, { method, url: `/api/v1/licences/${theirLicence}`, payload });
        expect(res.statusCode, method).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
        expect(res.body).not.toContain('浙B2');
      }
      const row = await t.db.kysely
        .selectFrom('licences')
        .select('status')
        .where('id', '=', theirLicence)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
    });

    it('a licence for its company, or from its application', async () => {
      const byCompany = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: direct(h.theirs),
      });
      expect(byCompany.statusCode).toBe(404);
      const app = await seedApplication(t.db, h.orgB, h.theirs, {
        state: 'approved',
        decided_on: '2024-02-01',
      });
      const byApp = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: { applicationId: app, number: zjNumber(), issuedOn: '2024-03-01' },
      });
      expect(byApp.statusCode).toBe(404);
      expect(
        await t.db.kysely.selectFrom('licences').select('id').where('application_id', '=', app).execute(),
      ).toEqual([]);
    });

    it('the outsider cannot filter its way into organisation A', async () => {
      const res = await h.call(h.outsider, { url: `/api/v1/licences?companyId=${h.linked}` });
      expect(res.json().items).toEqual([]);
    });
  });

  describe('create from an approved application', () => {
    it('copies company, codes and authority; covers the province; expiry from the kb; audit row', async () => {
      const company = await seedCompany(t.db, h.orgA);
      const app = await seedApplication(t.db, h.orgA, company, {
        state: 'approved',
        decided_on: '2024-02-20',
      });
      const number = zjNumber();
      const res = await h.call(h.as.consultant, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: { applicationId: app, number, issuedOn: '2024-03-01' },
      });
      expect(res.statusCode).toBe(201);
      const l = res.json();
      const years = h.kb.parameterAt('licence-validity-years', '2024-03-01')?.value as number;
      expect(l).toMatchObject({
        companyId: company,
        applicationId: app,
        number,
        codes: ['B25:internet'],
        coverage: ['CN-ZJ'],
        authority: 'CN-ZJ',
        issuedOn: '2024-03-01',
        expiresOn: `${2024 + years}-02-28`,
        status: 'active',
        standing: 'in-force',
      });
      const audit = await auditOf(l.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        entity: 'licences',
        action: 'create',
        actor_id: h.as.consultant.userId,
      });
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ id: l.id, number, applicationId: app });
      // the application's issuance step is done, with an event of the day
      const detail = await h.call(h.as.consultant, { url: `/api/v1/applications/${app}` });
      expect(detail.json()).toMatchObject({ state: 'approved', issuedOn: '2024-03-01' });
      expect(detail.json().events.map((e: { kind: string }) => e.kind)).toContain('licence-issued');

      const again = await h.call(h.as.consultant, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: { applicationId: app, number: zjNumber(), issuedOn: '2024-03-01' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('APPLICATION_HAS_LICENCE');
    });

    it('409 unless approved', async () => {
      for (const state of ['draft', 'submitted', 'rejected', 'withdrawn'] as const) {
        const app = await seedApplication(t.db, h.orgA, h.linked, { state });
        const res = await h.call(h.as.owner, {
          method: 'POST',
          url: '/api/v1/licences',
          payload: { applicationId: app, number: zjNumber(), issuedOn: '2024-03-01' },
        });
        expect(res.statusCode, state).toBe(409);
        expect(res.json().code).toBe('APPLICATION_NOT_APPROVED');
      }
    });

    it('400 INVALID_LICENCE: issued before the decision, MIIT without coverage, a number of another province', async () => {
      const early = await seedApplication(t.db, h.orgA, h.linked, {
        state: 'approved',
        decided_on: '2024-05-01',
      });
      const miit = await seedApplication(t.db, h.orgA, h.linked, { state: 'approved', authority: 'MIIT' });
      const cases: [string, Record<string, unknown>, string, string][] = [
        [early, { number: zjNumber(), issuedOn: '2024-03-01' }, 'body.issuedOn', 'ISSUED_BEFORE_DECISION'],
        [miit, { number: 'B2-20230001', issuedOn: '2024-03-01' }, 'body.coverage', 'COVERAGE_REQUIRED'],
        [
          early,
          { number: '粤B2-20230001', issuedOn: '2024-06-01' },
          'body.number',
          'NUMBER_AUTHORITY_MISMATCH',
        ],
      ];
      for (const [applicationId, body, path, code] of cases) {
        const res = await h.call(h.as.owner, {
          method: 'POST',
          url: '/api/v1/licences',
          payload: { applicationId, ...body },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'INVALID_LICENCE' });
        expect(res.json().errors).toContainEqual(expect.objectContaining({ path, code }));
      }
      const ok = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: { applicationId: miit, number: 'B2-20230001', issuedOn: '2024-03-01', coverage: ['CN'] },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ authority: 'MIIT', coverage: ['CN'] });
    });
  });

  describe('create directly', () => {
    it('201 with the fields normalised, the computed expiry facts as of today in China', async () => {
      const res = await h.call(h.as.admin, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: direct(h.linked, {
          number: ' 浙b2-20230999 ',
          codes: ['b25:internet'],
          expiresOn: '2030-01-01',
        }),
      });
      expect(res.statusCode).toBe(201);
      const l = res.json();
      expect(l).toMatchObject({ number: '浙B2-20230999', codes: ['B25:internet'], applicationId: null });
      const today = chinaDate(new Date());
      const lead = h.kb.parameterAt('renewal-lead-days', today)?.value as number;
      expect(l.daysToExpiry).toBe(Math.round((Date.parse('2030-01-01') - Date.parse(today)) / 86_400_000));
      expect(l.renewalDueFrom).toBe(addDays('2030-01-01', -lead));
    });

    it('409 LICENCE_NUMBER_TAKEN for a number the organisation has', async () => {
      const number = zjNumber();
      expect(
        (
          await h.call(h.as.owner, {
            method: 'POST',
            url: '/api/v1/licences',
            payload: direct(h.linked, { number }),
          })
        ).statusCode,
      ).toBe(201);
      const dup = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: direct(h.unlinked, { number }),
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('LICENCE_NUMBER_TAKEN');
      // another organisation may hold the same number in its own books
      const theirs = await h.call(h.outsider, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: direct(h.theirs, { number }),
      });
      expect(theirs.statusCode).toBe(201);
    });

    it('INVALID_LICENCE lists every problem, in zh by default and en on request', async () => {
      const payload = direct(h.linked, {
        number: '浙B2-2023',
        codes: ['B99'],
        coverage: ['CN-XX'],
        expiresOn: '2020-01-01',
      });
      const zh = await h.call(h.as.owner, { method: 'POST', url: '/api/v1/licences', payload });
      expect(zh.statusCode).toBe(400);
      const body = zh.json();
      expect(body.code).toBe('INVALID_LICENCE');
      expect(body.errors.map((e: { code: string }) => e.code).sort()).toEqual(
        [
          'CODE_UNKNOWN',
          'COVERAGE_OUTSIDE_AUTHORITY',
          'COVERAGE_UNKNOWN',
          'EXPIRY_NOT_AFTER_ISSUE',
          'LICENCE_PATTERN',
        ].sort(),
      );
      expect(body.title).toBe('许可证信息不符合要求');
      expect(body.errors[0].message).toMatch(/\p{Script=Han}/u);
      const en = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload,
        headers: { 'accept-language': 'en-GB,en;q=0.9' },
      });
      expect(en.json().title).toBe('The licence is not valid');
      expect(en.json().errors.find((e: { code: string }) => e.code === 'CODE_UNKNOWN').message).toMatch(
        /catalogue/,
      );
    });

    const malformed: [string, unknown][] = [
      ['an array', []],
      ['a string', 'licence'],
      ['no number', { ...direct('x'), number: undefined }],
      ['codes as text', { ...direct('x'), codes: 'B25' }],
      ['an empty codes list', { ...direct('x'), codes: [] }],
      ['a date that does not exist', { ...direct('x'), issuedOn: '2024-02-30' }],
      ['a timestamp for a date', { ...direct('x'), issuedOn: '2024-03-01T00:00:00Z' }],
      ['an unknown status', { ...direct('x'), status: 'valid' }],
      ['an unknown key', { ...direct('x'), colour: 'red' }],
      ['both company and application', { ...direct('x'), applicationId: 'y' }],
      ['a huge number', { ...direct('x'), number: 'B'.repeat(1000) }],
      ['a number as a number', { ...direct('x'), number: 20230001 }],
    ];
    it.each(malformed)('400 VALIDATION_FAILED for %s, never 500', async (_what, payload) => {
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    });

    it('a body that is not JSON: 4xx with a code', async () => {
      const res = await h.call(h.as.owner, {
        method: 'POST',
        url: '/api/v1/licences',
        payload: '{"companyId":',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBeTruthy();
    });
  });

  describe('list: filters, sorting, cursor pagination', () => {
    let company: string;
    const made: { id: string; number: string; expiresOn: string; status: string; authority: string }[] = [];
    beforeAll(async () => {
      company = await seedCompany(t.db, h.orgA);
      const specs = [
        { expires_on: '2026-12-31', status: 'active' as const },
        { expires_on: '2025-01-15', status: 'expired' as const },
        { expires_on: '2027-07-01', status: 'active' as const },
        { expires_on: '2026-12-31', status: 'revoked' as const },
        {
          expires_on: '2031-01-01',
          status: 'active' as const,
          number: 'B2-20220007',
          authority: 'MIIT',
          coverage: '["CN"]',
        },
      ];
      for (const s of specs) {
        const id = await seedLicence(t.db, h.orgA, company, s);
        const r = await t.db.kysely
          .selectFrom('licences')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        made.push({
          id,
          number: r.number,
          expiresOn: r.expires_on,
          status: r.status,
          authority: r.authority,
        });
      }
    });
    const list = async (query: string) => {
      const res = await h.call(h.as.viewer, { url: `/api/v1/licences?companyId=${company}&${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string }[]; nextCursor: string | null };
    };
    const ids = (xs: typeof made) => xs.map((x) => x.id);

    it('filters by company, status, authority and expiringBefore', async () => {
      expect((await list('limit=100')).items.map((l) => l.id).sort()).toEqual(ids(made).sort());
      expect((await list('status=active')).items.map((l) => l.id).sort()).toEqual(
        ids(made.filter((m) => m.status === 'active')).sort(),
      );
      expect((await list('authority=miit')).items.map((l) => l.id)).toEqual(
        ids(made.filter((m) => m.authority === 'MIIT')),
      );
      expect((await list('expiringBefore=2026-12-31')).items.map((l) => l.id)).toEqual(
        ids(made.filter((m) => m.expiresOn < '2026-12-31')),
      );
    });

    it('searches the number and the company name (q), filters by catalogue code with or without scope', async () => {
      const miit = made.find((m) => m.authority === 'MIIT')!;
      expect((await list('q=b2-2022')).items.map((l) => l.id)).toEqual([miit.id]);
      const name = await t.db.kysely
        .selectFrom('companies')
        .select('name')
        .where('id', '=', company)
        .executeTakeFirstOrThrow();
      expect((await list(`q=${encodeURIComponent(name.name.slice(2, 6))}&limit=100`)).items).toHaveLength(
        made.length,
      );
      expect((await list('q=%25_nothing')).items).toEqual([]);
      const other = await seedCompany(t.db, h.orgA, { name: '另一家示例公司' });
      const b11 = await seedLicence(t.db, h.orgA, other, { codes: '["B11","B25:internet"]' });
      const all = async (query: string) => {
        const res = await h.call(h.as.viewer, { url: `/api/v1/licences?limit=100&${query}` });
        expect(res.statusCode, res.body).toBe(200);
        return (res.json().items as { id: string }[]).map((l) => l.id);
      };
      expect(await all('code=b11')).toEqual([b11]);
      expect(await all('code=B1')).toEqual([]);
      expect(await all('q=另一家')).toEqual([b11]);
      expect(await all('code=B25&q=另一家')).toEqual([b11]);
      expect((await h.call(h.as.viewer, { url: '/api/v1/licences?code=%25' })).statusCode).toBe(400);
    });

    for (const sort of ['expiresOn', 'number', 'createdAt'] as const) {
      it(`walks every page sorted by ${sort}, each licence once, in order`, async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await list(
            `sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((l) => l.id));
          cursor = page.nextCursor;
        } while (cursor);
        const key = (m: (typeof made)[number]) =>
          sort === 'expiresOn' ? m.expiresOn : sort === 'number' ? m.number : '';
        const expected = [...made].sort((a, b) =>
          key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1,
        );
        expect(seen).toEqual(ids(expected));
      });
    }

    it('400 for a bad cursor, a cursor of another sort, a bad date or status', async () => {
      const first = await list('sort=number&limit=1');
      for (const q of [
        'cursor=nonsense',
        `sort=expiresOn&cursor=${encodeURIComponent(first.nextCursor!)}`,
        'expiringBefore=2026-13-01',
        'status=valid',
        'limit=0',
        'sort=colour',
      ]) {
        const res = await h.call(h.as.viewer, { url: `/api/v1/licences?${q}` });
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code, q).toMatch(/INVALID_CURSOR|VALIDATION_FAILED/);
      }
    });
  });

  describe('standing', () => {
    it('each licence stands in-force, renewal-due, expired or as recorded; the list filters by it', async () => {
      const org = await seedOrganisation(t.db, '许可证状况机构');
      const owner = await h.actor(org, 'owner');
      const company = await seedCompany(t.db, org);
      const today = chinaDate(new Date());
      const lead = h.kb.parameterAt('renewal-lead-days', today)?.value as number;
      const made = {
        'in-force': await seedLicence(t.db, org, company, { expires_on: addDays(today, lead + 1) }),
        'renewal-due': await seedLicence(t.db, org, company, { expires_on: addDays(today, lead) }),
        'due-last-day': await seedLicence(t.db, org, company, { expires_on: today }),
        expired: await seedLicence(t.db, org, company, { expires_on: addDays(today, -1) }),
        suspended: await seedLicence(t.db, org, company, {
          status: 'suspended',
          expires_on: addDays(today, -1),
        }),
        'recorded-expired': await seedLicence(t.db, org, company, {
          status: 'expired',
          expires_on: addDays(today, lead + 10),
        }),
      };
      const standingOf = async (id: string) =>
        (await h.call(owner, { url: `/api/v1/licences/${id}` })).json().standing;
      expect(await standingOf(made['in-force'])).toBe('in-force');
      expect(await standingOf(made['renewal-due'])).toBe('renewal-due');
      expect(await standingOf(made['due-last-day'])).toBe('renewal-due');
      expect(await standingOf(made.expired)).toBe('expired');
      expect(await standingOf(made.suspended)).toBe('suspended');
      expect(await standingOf(made['recorded-expired'])).toBe('expired');
      const listed = async (standing: string) =>
        (await h.call(owner, { url: `/api/v1/licences?standing=${standing}&limit=100` }))
          .json()
          .items.map((l: { id: string; standing: string }) => {
            expect(l.standing).toBe(standing);
            return l.id;
          })
          .sort();
      expect(await listed('in-force')).toEqual([made['in-force']]);
      expect(await listed('renewal-due')).toEqual([made['renewal-due'], made['due-last-day']].sort());
      expect(await listed('expired')).toEqual([made.expired, made['recorded-expired']].sort());
      expect(await listed('suspended')).toEqual([made.suspended]);
      expect(await listed('revoked')).toEqual([]);
    });
  });

  describe('update and delete', () => {
    it('PATCH re-checks the whole licence, records before and after', async () => {
      const id = await seedLicence(t.db, h.orgA, h.linked);
      const bad = await h.call(h.as.owner, {
        method: 'PATCH',
        url: `/api/v1/licences/${id}`,
        payload: { authority: 'CN-GD' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toContainEqual(
        expect.objectContaining({ path: 'body.number', code: 'NUMBER_AUTHORITY_MISMATCH' }),
      );
      const res = await h.call(h.as.owner, {
        method: 'PATCH',
        url: `/api/v1/licences/${id}`,
        payload: { expiresOn: '2029-03-31', status: 'suspended' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ expiresOn: '2029-03-31', status: 'suspended' });
      const audit = await auditOf(id);
      expect(audit.map((a) => a.action)).toEqual(['update']);
      expect(JSON.parse(audit[0]!.before!)).toMatchObject({ status: 'active', expiresOn: '2029-02-28' });
      expect(JSON.parse(audit[0]!.after!)).toMatchObject({ status: 'suspended', expiresOn: '2029-03-31' });
    });

    it('PATCH: 409 for a number in use, 400 for an empty or unknown change', async () => {
      const a = await seedLicence(t.db, h.orgA, h.linked);
      const b = await seedLicence(t.db, h.orgA, h.linked);
      const numberOfB = (
        await t.db.kysely
          .selectFrom('licences')
          .select('number')
          .where('id', '=', b)
          .executeTakeFirstOrThrow()
      ).number;
      const dup = await h.call(h.as.owner, {
        method: 'PATCH',
        url: `/api/v1/licences/${a}`,
        payload: { number: numberOfB },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('LICENCE_NUMBER_TAKEN');
      for (const payload of [{}, { companyId: h.unlinked }, { status: 1 }]) {
        const res = await h.call(h.as.owner, { method: 'PATCH', url: `/api/v1/licences/${a}`, payload });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
    });

    it('DELETE leaves an audit row with the licence as it was; a second DELETE is 404', async () => {
      const id = await seedLicence(t.db, h.orgA, h.linked);
      expect(
        (await h.call(h.as.consultant, { method: 'DELETE', url: `/api/v1/licences/${id}` })).statusCode,
      ).toBe(204);
      const audit = await auditOf(id);
      expect(audit.map((a) => a.action)).toEqual(['delete']);
      expect(JSON.parse(audit[0]!.before!)).toMatchObject({ id, companyId: h.linked });
      expect(audit[0]!.after).toBeNull();
      expect(
        (await h.call(h.as.consultant, { method: 'DELETE', url: `/api/v1/licences/${id}` })).statusCode,
      ).toBe(404);
    });

    it('client: writes on its linked company’s licence are 403', async () => {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const res = await h.call(h.as.client, {
          method,
          url: `/api/v1/licences/${onLinked}`,
          ...(method === 'PATCH' ? { payload: { status: 'revoked' } } : {}),
        });
        expect(res.statusCode).toBe(403);
      }
    });
  });
});
