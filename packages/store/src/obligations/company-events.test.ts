import { describe, expect, it } from 'vitest';
import { type AuditChange, eventsOfChange } from './company-events.ts';

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
