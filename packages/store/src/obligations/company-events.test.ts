import { describe, expect, it } from 'vitest';
import type { CompanyEventsTable } from '../register/tables.ts';
import {
  type AuditChange,
  eventsOfChange,
  recordedEvent,
  SAME_CHANGE_SLACK_DAYS,
  withoutRecorded,
} from './company-events.ts';

const row = (over: Partial<AuditChange>): AuditChange => ({
  id: 'a1',
  entity: 'companies',
  entity_id: 'c1',
  company_id: 'c1',
  // 20:30 UTC is the next morning in China: the event is dated by China's day
  at: '2026-02-09T20:30:00.000Z',
  before: null,
  after: null,
  ...over,
});
const company = {
  name: '甲',
  legalRepresentative: '张三',
  registeredCapitalCny: 1_000_000,
  address: 'x',
  shareholders: [],
};

describe('company events from audit rows', () => {
  it('reads each changed field of a company update as its event, dated the day recorded in China', () => {
    const after = { ...company, registeredCapitalCny: 500_000, shareholders: [{ name: '乙', share: 1 }] };
    const events = eventsOfChange(row({ before: JSON.stringify(company), after: JSON.stringify(after) }));
    expect(events).toEqual([
      { id: 'registered-capital@2026-02-10#a1', company: 'c1', kind: 'registered-capital', on: '2026-02-10' },
      { id: 'shareholders@2026-02-10#a1', company: 'c1', kind: 'shareholders', on: '2026-02-10' },
    ]);
  });

  it("reads a licence's coverage change as a coverage event of that licence", () => {
    const before = { number: '浙B2-20240001', coverage: ['CN-ZJ'] };
    const after = { number: '浙B2-20240001', coverage: ['CN-ZJ', 'CN-JS'] };
    const [e, ...rest] = eventsOfChange(
      row({
        entity: 'licences',
        entity_id: 'l1',
        before: JSON.stringify(before),
        after: JSON.stringify(after),
      }),
    );
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ kind: 'coverage', subject: 'l1', company: 'c1' });
  });

  it("reads a server's move or new hosting provider as events of the company, one per kind", () => {
    const before = {
      name: 'web-1',
      address: '10.0.0.1',
      location: 'CN-ZJ',
      hostingProvider: '甲云',
      providerLicence: null,
    };
    const after = { ...before, location: 'HK', hostingProvider: '乙云', providerLicence: 'B1-20190001' };
    const events = eventsOfChange(
      row({
        entity: 'servers',
        entity_id: 's1',
        before: JSON.stringify(before),
        after: JSON.stringify(after),
      }),
    );
    expect(events).toEqual([
      { id: 'servers@2026-02-10#a1', company: 'c1', kind: 'servers', on: '2026-02-10' },
      { id: 'hosting-provider@2026-02-10#a1', company: 'c1', kind: 'hosting-provider', on: '2026-02-10' },
    ]);
  });

  it("reads a domain's new holder as a transfer for each ICP filing naming it, and none when no filing does", () => {
    const before = { name: 'example.cn', holder: '甲', expiresOn: '2027-01-01' };
    const changed = row({
      entity: 'domains',
      entity_id: 'd1',
      before: JSON.stringify(before),
      after: JSON.stringify({ ...before, holder: '乙' }),
    });
    const filingsOf = (domain: string, company: string | null) =>
      domain === 'example.cn' && company === 'c1' ? ['f1', 'f2'] : [];
    expect(eventsOfChange(changed, filingsOf)).toEqual([
      {
        id: 'domain-transferred@2026-02-10#a1:f1',
        company: 'c1',
        kind: 'domain-transferred',
        on: '2026-02-10',
        subject: 'f1',
      },
      {
        id: 'domain-transferred@2026-02-10#a1:f2',
        company: 'c1',
        kind: 'domain-transferred',
        on: '2026-02-10',
        subject: 'f2',
      },
    ]);
    expect(eventsOfChange(changed)).toEqual([]);
    const renewed = row({
      entity: 'domains',
      before: JSON.stringify(before),
      after: JSON.stringify({ ...before, expiresOn: '2028-01-01' }),
    });
    expect(eventsOfChange(renewed, filingsOf)).toEqual([]);
  });

  it('gives nothing for creates, deletes, unchanged fields and other entities', () => {
    expect(eventsOfChange(row({ after: JSON.stringify(company) }))).toEqual([]);
    expect(eventsOfChange(row({ before: JSON.stringify(company) }))).toEqual([]);
    const contacts = { ...company, contacts: [{ name: '王' }] };
    expect(eventsOfChange(row({ before: JSON.stringify(company), after: JSON.stringify(contacts) }))).toEqual(
      [],
    );
    const doc = row({ entity: 'documents', before: '{"name":"a"}', after: '{"name":"b"}' });
    expect(eventsOfChange(doc)).toEqual([]);
  });
});

const recorded = (over: Partial<CompanyEventsTable>): CompanyEventsTable => ({
  id: 'e1',
  organisation_id: 'o1',
  company_id: 'c1',
  kind: 'name',
  effective_on: '2025-11-20',
  decided_on: null,
  subject: null,
  note: null,
  // entered on 2026-02-10 in China
  created_at: '2026-02-10T02:00:00.000Z',
  updated_at: '2026-02-10T02:00:00.000Z',
  ...over,
});

describe('recorded company events and the audit log', () => {
  it('reads a recorded event: after-counts from the day decided (else the effective day), before-counts from the effective day', () => {
    expect(recordedEvent(recorded({}))).toEqual({
      id: 'name@2025-11-20#e1',
      company: 'c1',
      kind: 'name',
      on: '2025-11-20',
      effectiveOn: '2025-11-20',
    });
    expect(
      recordedEvent(
        recorded({
          kind: 'shareholders',
          decided_on: '2026-01-05',
          effective_on: '2026-06-01',
          subject: 'l1',
        }),
      ),
    ).toMatchObject({ on: '2026-01-05', effectiveOn: '2026-06-01', subject: 'l1' });
  });

  const audit = (kind: string, on: string, subject?: string) =>
    ({ id: `${kind}@${on}#a`, company: 'c1', kind, on, ...(subject ? { subject } : {}) }) as Parameters<
      typeof withoutRecorded
    >[1][number];

  it('counts a change once: the audit-derived event near the day entered, decided or effective gives way', () => {
    const r = recorded({});
    // edited the day it was entered (long after it took effect): the same change
    expect(withoutRecorded([r], [audit('name', '2026-02-10')]).map((e) => e.id)).toEqual([
      'name@2025-11-20#e1',
    ]);
    // edited near the effective day (a planned change entered ahead): the same change
    expect(withoutRecorded([r], [audit('name', '2025-11-25')])).toHaveLength(1);
    // the slack's edges
    expect(withoutRecorded([r], [audit('name', '2026-03-12')])).toHaveLength(1);
    expect(withoutRecorded([r], [audit('name', '2026-03-13')])).toHaveLength(2);
    expect(SAME_CHANGE_SLACK_DAYS).toBe(30);
  });

  it('keeps what the recorded event is not: another kind, company or subject, or an edit far from its days', () => {
    const r = recorded({ kind: 'coverage', subject: 'l1' });
    const kept = withoutRecorded(
      [r],
      [
        audit('name', '2026-02-10'),
        { ...audit('coverage', '2026-02-10'), company: 'c2' },
        audit('coverage', '2026-02-10', 'l2'),
        audit('coverage', '2025-06-01', 'l1'),
        audit('coverage', '2026-02-11', 'l1'),
      ],
    );
    expect(kept.map((e) => `${e.kind}:${e.on}:${e.company}:${e.subject ?? ''}`)).toEqual([
      'coverage:2025-11-20:c1:l1',
      'name:2026-02-10:c1:',
      'coverage:2026-02-10:c2:',
      'coverage:2026-02-10:c1:l2',
      'coverage:2025-06-01:c1:l1',
    ]);
    // a recorded event without a subject stands for the audit-derived event of any subject
    expect(
      withoutRecorded(
        [recorded({ kind: 'domain-transferred' })],
        [audit('domain-transferred', '2026-02-10', 'f1')],
      ),
    ).toHaveLength(1);
  });
});
