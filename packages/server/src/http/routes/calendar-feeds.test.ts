import { fixedClock, roles } from '@icpdesk/store';
import { forEachDb, seedLicence } from '@icpdesk/store/testing';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpHarness, isManager } from '../../../test/http-harness.ts';

interface Made {
  feed: { id: string; alarmDays: number[]; companyId: string | null };
  url: string;
}
interface Ob {
  id: string;
  rule: string;
  status: string;
  window: { due: string | null };
  belongsTo: { id: string; company: string };
}

/** the events of a feed, read by ical.js (Mozilla's parser, independent of the generator) */
function eventsOf(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return {
    name: cal.getFirstPropertyValue('x-wr-calname'),
    events: cal.getAllSubcomponents('vevent').map((v) => {
      const start = v.getFirstProperty('dtstart')!;
      return {
        uid: String(v.getFirstPropertyValue('uid')),
        start: String(start.getFirstValue()),
        isDate: start.type === 'date',
        summary: String(v.getFirstPropertyValue('summary')),
        description: String(v.getFirstPropertyValue('description')),
        alarms: v.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))),
      };
    }),
  };
}

// the feed is computed as of today: the app's clock is stopped on 1 March 2026
forEachDb('calendar feed routes', (t) => {
  const h = httpHarness(t, { clock: fixedClock('2026-03-01') });
  let licence: string;
  let other: string;

  beforeAll(async () => {
    licence = await seedLicence(t.db, h.orgA, h.linked, {
      issued_on: '2024-03-01',
      expires_on: '2029-02-28',
    });
    other = await seedLicence(t.db, h.orgA, h.unlinked, {
      issued_on: '2025-05-01',
      expires_on: '2026-05-20',
    });
  });

  const make = async (body: Record<string, unknown>, role: (typeof roles)[number] = 'owner') =>
    h.call(h.as[role], { method: 'POST', url: '/api/v1/calendar-feeds', payload: body });

  describe('each role', () => {
    for (const role of roles)
      it(`${role}: ${isManager(role) ? 'makes, lists and revokes feeds' : 'may not manage feeds'}`, async () => {
        const res = await make({ name: `${role} 的日历` }, role);
        expect(res.statusCode).toBe(isManager(role) ? 201 : 403);
        const list = await h.call(h.as[role], { url: '/api/v1/calendar-feeds' });
        expect(list.statusCode).toBe(isManager(role) ? 200 : 403);
        if (!isManager(role)) return;
        const made = res.json() as Made;
        expect(made.feed.alarmDays).toEqual([30, 7, 1]);
        expect(list.json().items.map((f: { id: string }) => f.id)).toContain(made.feed.id);
        const revoke = await h.call(h.as[role], {
          method: 'DELETE',
          url: `/api/v1/calendar-feeds/${made.feed.id}`,
        });
        expect(revoke.statusCode).toBe(204);
      });
  });

  it('serves the organisation feed with all-day due days, stable UIDs, Chinese texts and alarms; ical.js reads it', async () => {
    const made = (await make({ name: '全部', alarmDays: [7, 30] })).json() as Made;
    expect(made.url).toMatch(/^\/api\/v1\/ical\/icpc_[A-Za-z0-9_-]{43}$/);
    const res = await h.call(undefined, { url: made.url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = res.body;
    // folded at 75 octets, CRLF line ends
    for (const l of ics.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    const feed = eventsOf(ics);
    expect(feed.name).toBe('甲咨询 义务日历');

    const json = await h.call(h.as.owner, { url: '/api/v1/obligations?asOf=2026-03-01' });
    const rules = json.json().rules as Record<string, { name: { zh: string } }>;
    const obligations = (json.json().obligations as Ob[]).filter(
      (o) => o.window.due && o.status !== 'waived',
    );
    expect(feed.events.length).toBe(obligations.length);
    for (const o of obligations) {
      const e = feed.events.find((x) => x.uid === `${o.id}@icpdesk`);
      expect(e, o.id).toBeDefined();
      expect(e!.isDate).toBe(true);
      expect(e!.start).toBe(o.window.due);
      expect(e!.summary).toContain(rules[o.rule]!.name.zh);
      expect(e!.alarms).toEqual(o.status === 'done' ? [] : ['-P30D', '-P7D']);
    }
    // the 2025 annual report of the licence, due 31 March 2026, and the other licence's expiry
    const annual = feed.events.find((e) => e.uid.includes(licence) && e.uid.includes('2025'));
    expect(annual).toMatchObject({ start: '2026-03-31' });
    expect(annual!.description).toContain('期限');
    expect(feed.events.some((e) => e.uid.includes(other) && e.start === '2026-05-20')).toBe(true);
    // read again: the same UIDs
    const again = eventsOf((await h.call(undefined, { url: made.url })).body);
    expect(again.events.map((e) => e.uid)).toEqual(feed.events.map((e) => e.uid));
  });

  it('serves a company feed in English with the Chinese, and stops once revoked', async () => {
    const made = (await make({ name: 'linked', companyId: h.linked, language: 'en' })).json() as Made;
    const feed = eventsOf((await h.call(undefined, { url: made.url })).body);
    expect(feed.name).toBe('已关联公司 Obligations / 义务日历');
    expect(feed.events.length).toBeGreaterThan(0);
    expect(feed.events.every((e) => !e.uid.includes(other))).toBe(true);
    expect(feed.events.some((e) => / \/ /.test(e.summary))).toBe(true);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'calendar_feeds')
      .where('entity_id', '=', made.feed.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    await h.call(h.as.admin, { method: 'DELETE', url: `/api/v1/calendar-feeds/${made.feed.id}` });
    const gone = await h.call(undefined, { url: made.url });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('NOT_FOUND');
  });

  it('refuses a company of another organisation, an unknown secret and another organisation’s feed', async () => {
    const res = await make({ name: 'x', companyId: h.theirs });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('COMPANY_UNKNOWN');
    expect((await h.call(undefined, { url: '/api/v1/ical/icpc_nope' })).statusCode).toBe(404);
    const theirs = (
      await h.call(h.outsider, { method: 'POST', url: '/api/v1/calendar-feeds', payload: { name: 'B' } })
    ).json() as Made;
    expect(
      (await h.call(h.as.owner, { method: 'DELETE', url: `/api/v1/calendar-feeds/${theirs.feed.id}` }))
        .statusCode,
    ).toBe(404);
    const b = eventsOf((await h.call(undefined, { url: theirs.url })).body);
    expect(b.events.every((e) => !e.uid.includes(licence) && !e.uid.includes(other))).toBe(true);
  });
});
