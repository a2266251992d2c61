/**
 * Obligation records through the API: a writer records an obligation done or waived and the obligations lists
 * show it at once (their kept answers are computed again); undo opens it again; readers may not write; the
 * refusals carry their codes.
 */
import { fixedClock, roles } from '@icpdesk/store';
import { forEachDb } from '@icpdesk/store/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness, isWriter } from '../../../test/http-harness.ts';

interface Ob {
  id: string;
  kind: string;
  status: string;
  doneOn: string | null;
  belongsTo: { company: string };
}

const TODAY = '2026-03-01';

forEachDb('obligation record routes', (t) => {
  const h = httpHarness(t, { clock: fixedClock(TODAY) });
  let numberId: string;

  beforeAll(async () => {
    const res = await h.call(h.as.owner, {
      method: 'POST',
      url: '/api/v1/number-resources',
      payload: { companyId: h.linked, type: 'other', number: '4009876543', grantedOn: '2024-05-10' },
    });
    expect(res.statusCode, res.body).toBe(201);
    numberId = (res.json() as { id: string }).id;
  });

  const obligationsOf = async (role: 'owner' | 'client' = 'owner') => {
    const res = await h.call(h.as[role], {
      url: `/api/v1/companies/${h.linked}/obligations?kind=number-annual-report,number-fee,number-use`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { obligations: Ob[] }).obligations.filter((o) => o.id.includes(numberId));
  };
  const open = async () => {
    const o = (await obligationsOf()).find(
      (x) => x.status === 'overdue' || x.status === 'due-soon' || x.status === 'open',
    );
    expect(o, 'an open obligation of the number').toBeDefined();
    return o!;
  };
  const record = (role: (typeof roles)[number], payload: Record<string, unknown>) =>
    h.call(h.as[role], { method: 'POST', url: '/api/v1/obligation-records', payload });

  describe('each role', () => {
    for (const role of roles)
      it(`${role}: ${isWriter(role) ? 'records and undoes' : 'may not record'}`, async () => {
        const o = await open();
        const res = await record(role, {
          obligation: o.id,
          status: 'done',
          on: '2026-02-25',
          note: '回执 123',
        });
        if (!isWriter(role)) {
          expect(res.statusCode, res.body).toBe(403);
          expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
          return;
        }
        expect(res.statusCode, res.body).toBe(201);
        const made = res.json() as { id: string; createdByLabel: string };
        expect(res.headers.location).toBe(`/api/v1/obligation-records/${made.id}`);
        expect(made).toMatchObject({ obligation: o.id, status: 'done', on: '2026-02-25', note: '回执 123' });
        expect(made.createdByLabel).toContain('@');
        // the obligations list (a kept answer) shows it at once, to the client of the company too
        for (const reader of ['owner', 'client'] as const)
          expect((await obligationsOf(reader)).find((x) => x.id === o.id)).toMatchObject({
            status: 'done',
            doneOn: '2026-02-25',
          });
        const one = await h.call(h.as.client, { url: res.headers.location as string });
        expect(one.statusCode, one.body).toBe(200);
        const undo = await h.call(h.as[role], {
          method: 'DELETE',
          url: `/api/v1/obligation-records/${made.id}`,
        });
        expect(undo.statusCode, undo.body).toBe(204);
        expect((await obligationsOf()).find((x) => x.id === o.id)?.status).not.toBe('done');
        const gone = await h.call(h.as.owner, { url: `/api/v1/obligation-records/${made.id}` });
        expect(gone.statusCode).toBe(404);
      });
  });

  it('waives with a reason; lists by company and obligation; the outsider sees none', async () => {
    const o = await open();
    const noReason = await record('consultant', { obligation: o.id, status: 'waived' });
    expect(noReason.statusCode, noReason.body).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'INVALID_OBLIGATION_RECORD' });
    const res = await record('consultant', { obligation: o.id, status: 'waived', reason: '号码已收回' });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    expect((await obligationsOf()).find((x) => x.id === o.id)?.status).toBe('waived');
    const again = await record('owner', { obligation: o.id, status: 'done', on: TODAY });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({ code: 'OBLIGATION_RECORDED' });

    const list = async (actor: (typeof h.as)[keyof typeof h.as], query: string) => {
      const r = await h.call(actor, { url: `/api/v1/obligation-records${query}` });
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { items: { id: string }[] }).items.map((x) => x.id);
    };
    expect(await list(h.as.viewer, `?companyId=${h.linked}`)).toContain(id);
    expect(await list(h.as.viewer, `?companyId=${h.unlinked}`)).not.toContain(id);
    expect(await list(h.as.client, `?obligation=${encodeURIComponent(o.id)}`)).toEqual([id]);
    expect(await list(h.outsider, '')).toEqual([]);
    const theirs = await h.call(h.outsider, { method: 'DELETE', url: `/api/v1/obligation-records/${id}` });
    expect(theirs.statusCode).toBe(404);
    const undo = await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/obligation-records/${id}` });
    expect(undo.statusCode).toBe(204);
  });

  it('refuses a day after today, an unreal day and an unknown obligation, with their codes', async () => {
    const o = await open();
    const future = await record('owner', { obligation: o.id, status: 'done', on: '2026-03-02' });
    expect(future.statusCode, future.body).toBe(400);
    expect(future.json()).toMatchObject({ code: 'INVALID_OBLIGATION_RECORD' });
    const unreal = await record('owner', { obligation: o.id, status: 'done', on: '2026-02-30' });
    expect(unreal.statusCode, unreal.body).toBe(400);
    expect(unreal.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const unknown = await record('owner', {
      obligation: 'number-use/number:nope',
      status: 'done',
      on: TODAY,
    });
    expect(unknown.statusCode, unknown.body).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'OBLIGATION_UNKNOWN' });
    const outsider = await h.call(h.outsider, {
      method: 'POST',
      url: '/api/v1/obligation-records',
      payload: { obligation: o.id, status: 'done', on: TODAY },
    });
    expect(outsider.statusCode, outsider.body).toBe(422);
  });
});
