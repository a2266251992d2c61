import { forEachDb, sampleProfile, seedCompany, seedLicence } from '@icpdesk/store/testing';
import { beforeAll, expect, it } from 'vitest';
import { httpHarness, uscc } from '../../../test/http-harness.ts';

forEachDb('impact route', (t) => {
  const h = httpHarness(t);
  let company: string;
  beforeAll(async () => {
    company = await seedCompany(t.db, h.orgA, { uscc: uscc(), profile: JSON.stringify(sampleProfile()) });
    await seedLicence(t.db, h.orgA, company, {
      number: '粤B2-20240007',
      authority: 'CN-GD',
      coverage: '["CN-GD"]',
      expires_on: '2029-01-01',
    });
    await h.link(h.orgA, h.as.client.userId, company);
  });

  it('shows before and after for the company with its register, and the deadlines by kb parameter', async () => {
    const filing = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/icp-filings',
      payload: { companyId: company, number: '粤ICP备2024000007号', domains: ['example.cn'] },
    });
    expect(filing.statusCode, filing.body).toBe(201);
    const res = await h.call(h.as.client, {
      method: 'POST',
      url: `/api/v1/companies/${company}/impact`,
      payload: {
        change: { kind: 'wider-coverage', coverage: ['CN-BJ'], on: '2027-03-01' },
        asOf: '2026-12-01',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.profileChanges).toEqual(['service.coverage']);
    // the company event it is, to record once made (POST /api/v1/company-events): its deadlines are the same
    expect(r.events).toEqual(['coverage']);
    const recorded = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/company-events',
      payload: { companyId: company, kind: r.events[0], effectiveOn: r.change.on },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const due = await h.call(h.as.client, {
      url: `/api/v1/companies/${company}/obligations?asOf=2026-12-01&kind=change`,
    });
    expect(
      due
        .json()
        .obligations.filter((o: { trigger: { event: string } | null }) =>
          o.trigger?.event?.startsWith('coverage@'),
        )
        .map((o: { window: { due: string } }) => o.window.due)
        .sort(),
    ).toEqual(['2026-12-01', '2027-03-31']);
    expect(r.after.authority).toBe('MIIT');
    expect(r.findings.map((f: { kind: string; subject: string }) => `${f.kind} ${f.subject}`)).toContain(
      'licence-coverage 粤B2-20240007',
    );
    expect(
      r.deadlines.map((d: { parameterId: string; due: string }) => `${d.parameterId} ${d.due}`).sort(),
    ).toEqual(['change-advance-days-regulations 2026-12-01', 'change-after-decision-days 2027-03-31']);
  });

  it('takes a profile in the body; refuses a change without its field, and a company it cannot see', async () => {
    const bare = await seedCompany(t.db, h.orgA, { uscc: uscc() });
    const missing = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/companies/${bare}/impact`,
      payload: { change: { kind: 'rename', name: '新名' } },
    });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().code).toBe('PROFILE_MISSING');
    const given = await h.call(h.as.viewer, {
      method: 'POST',
      url: `/api/v1/companies/${bare}/impact`,
      payload: { change: { kind: 'rename', name: '新名' }, profile: sampleProfile() },
    });
    expect(given.statusCode).toBe(200);
    expect(given.json().deadlines).toEqual([]);
    const bad = await h.call(h.as.owner, {
      method: 'POST',
      url: `/api/v1/companies/${company}/impact?lang=en`,
      payload: { change: { kind: 'new-activity' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_CHANGE', errors: [{ path: 'body.change.activity' }] });
    const hidden = await h.call(h.as.client, {
      method: 'POST',
      url: `/api/v1/companies/${bare}/impact`,
      payload: { change: { kind: 'rename', name: '新名' } },
    });
    expect(hidden.statusCode).toBe(404);
    const theirs = await h.call(h.outsider, {
      method: 'POST',
      url: `/api/v1/companies/${company}/impact`,
      payload: { change: { kind: 'rename', name: '新名' } },
    });
    expect(theirs.statusCode).toBe(404);
  });
});
