import { roles } from '@icpdesk/store';
import { forEachDb } from '@icpdesk/store/testing';
import { describe, expect, it } from 'vitest';
import { httpHarness, isManager, isWriter } from '../../../test/http-harness.ts';

forEachDb('organisation routes', (t) => {
  const h = httpHarness(t);
  const auditRows = (org: string) =>
    t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('organisation_id', '=', org)
      .where('entity', '=', 'organisations')
      .execute();

  describe('each role', () => {
    for (const role of roles) {
      it(`${role}: reads its organisation and what its role may do`, async () => {
        const res = await h.call(h.as[role], { url: '/api/v1/organisation' });
        expect(res.statusCode).toBe(200);
        const o = res.json();
        expect(o.id).toBe(h.orgA);
        expect(o.name).toBe('甲咨询');
        expect(o.members).toBeGreaterThanOrEqual(roles.length);
        expect(o.permissions.manageMembers).toBe(isManager(role));
        expect(o.permissions.manageNotifications).toBe(isManager(role));
        expect(o.permissions.linkClientCompanies).toBe(isWriter(role));
      });
    }
  });

  it('a manager renames it (audited); others are refused; the outsider’s organisation is untouched', async () => {
    for (const role of roles.filter((r) => !isManager(r))) {
      const res = await h.call(h.as[role], {
        method: 'PATCH',
        url: '/api/v1/organisation',
        payload: { name: '别人改的名字' },
      });
      expect(res.statusCode).toBe(403);
    }
    const res = await h.call(h.as.admin, {
      method: 'PATCH',
      url: '/api/v1/organisation',
      payload: { name: '  甲咨询（上海）有限公司 ' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('甲咨询（上海）有限公司');
    const rows = await auditRows(h.orgA);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.action).toBe('update');
    expect(JSON.parse(String(rows[0]?.after))).toEqual({ name: '甲咨询（上海）有限公司' });
    // the same name again records nothing
    await h.call(h.as.owner, {
      method: 'PATCH',
      url: '/api/v1/organisation',
      payload: { name: '甲咨询（上海）有限公司' },
    });
    expect(await auditRows(h.orgA)).toHaveLength(1);
    const theirs = await h.call(h.outsider, { url: '/api/v1/organisation' });
    expect(theirs.json().name).toBe('乙咨询');
  });

  it('an empty or too long name is a field error; anonymous is 401', async () => {
    for (const name of ['   ', 'x'.repeat(201)]) {
      const res = await h.call(h.as.owner, {
        method: 'PATCH',
        url: '/api/v1/organisation',
        payload: { name },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toContain('name');
    }
    expect((await h.call(undefined, { url: '/api/v1/organisation' })).statusCode).toBe(401);
  });
});
