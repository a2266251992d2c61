/**
 * Company events from the audit log. The store keeps no table of company changes; what it has is the audit
 * row of every update, with the row before and after. A change of a company's name, legal representative,
 * registered capital, address or shareholders, of a licence's coverage, of a server's address or location
 * (servers) or its hosting provider or that provider's licence (hosting-provider), and of a domain's holder
 * (domain-transferred, for each ICP filing naming the domain) is read from those rows as an event of that
 * kind on the day (in China) the change was RECORDED — not the day it was decided or registered at the
 * company registry, which the store does not know. Imports never yield events. A domain's expiry is not an
 * audit event: facts.ts reads it from the domains themselves (domainExpiries). Other event kinds (operating
 * entity, service items, websites, domains, apps, foreign share, site closed, termination) have no source in
 * the store and are not produced; the caller says so (see EVENT_SOURCE).
 */

import type { ObligationEvent } from '@icpdesk/engine';
import { chinaDate } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';

/** an audit row as read for events */
export interface AuditChange {
  id: string;
  entity: string;
  entity_id: string;
  company_id: string | null;
  at: string;
  before: string | null;
  after: string | null;
}

type Kind = ObligationEvent['kind'];

/** the company fields (as the audit rows store them, see companies.ts toCompany) and the event each change is */
const companyFields: readonly [string, Kind][] = [
  ['name', 'name'],
  ['legalRepresentative', 'legal-representative'],
  ['registeredCapitalCny', 'registered-capital'],
  ['address', 'address'],
  ['shareholders', 'shareholders'],
];
/** the licence fields and their events */
const licenceFields: readonly [string, Kind][] = [['coverage', 'coverage']];
/** the server fields (register entries in the API's shape) and their events */
const serverFields: readonly [string, Kind][] = [
  ['address', 'servers'],
  ['location', 'servers'],
  ['hostingProvider', 'hosting-provider'],
  ['providerLicence', 'hosting-provider'],
];
/** the domain fields and their events (one per ICP filing naming the domain) */
const domainFields: readonly [string, Kind][] = [['holder', 'domain-transferred']];

const fieldsOf: Record<string, readonly [string, Kind][]> = {
  companies: companyFields,
  licences: licenceFields,
  servers: serverFields,
  domains: domainFields,
};

/** the audit entities events are read from */
export const EVENT_ENTITIES = Object.keys(fieldsOf);

/** the event kinds this module can produce (domain-expiry comes from the domains themselves, in facts.ts) */
export const EVENT_KINDS_RECORDED: readonly Kind[] = [
  ...new Set([
    ...Object.values(fieldsOf)
      .flat()
      .map(([, k]) => k),
    'domain-expiry' as const,
  ]),
];

export const EVENT_SOURCE: Text = {
  zh: '公司变更事件取自审计日志中公司（名称、法定代表人、注册资本、地址、股东）、许可证（覆盖范围）、服务器（地址、所在地、接入服务商及其许可证）和域名（持有人变更视为转让，对列有该域名的每个ICP备案）的修改记录，日期为记录修改之日（中国时间），并非工商变更登记或实际变更之日；域名到期取自登记的到期日期（对列有该域名且有效的ICP备案）。经营主体、业务种类、网站、应用、外资比例、网站关闭和终止等事件本系统未记录，因此不产生相应义务。',
  en: 'Company events are read from the audit log: updates of a company (name, legal representative, registered capital, address, shareholders), of a licence (coverage), of a server (address, location, hosting provider and its licence) and of a domain (a new holder is read as a transfer, for each ICP filing naming the domain), dated the day the change was recorded (China time), not the day it was registered or made; a domain expiry is read from the recorded expiry date (for each ICP filing in force naming the domain). Events of other kinds (operating entity, service items, websites, apps, foreign share, site closed, termination) are not recorded here, so their obligations are not produced.',
};

/** the ICP filings (ids) of a company that name a domain */
export type FilingsOfDomain = (domain: string, company: string | null) => readonly string[];

const parse = (s: string | null): Record<string, unknown> | null =>
  s === null ? null : (JSON.parse(s) as Record<string, unknown>);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * the events one audit row stands for (none for creates, deletes, imports and unrelated changes); a domain's
 * event concerns each ICP filing naming it (`filingsOf`), and none when no filing does
 */
export function eventsOfChange(row: AuditChange, filingsOf: FilingsOfDomain = () => []): ObligationEvent[] {
  const before = parse(row.before);
  const after = parse(row.after);
  if (!before || !after) return [];
  const on = chinaDate(new Date(row.at));
  const company = row.company_id ?? undefined;
  const kinds = [
    ...new Set(
      (fieldsOf[row.entity] ?? []).filter(([key]) => !same(before[key], after[key])).map(([, k]) => k),
    ),
  ];
  const subjects: readonly (string | undefined)[] =
    row.entity === 'licences'
      ? [row.entity_id]
      : row.entity === 'domains'
        ? filingsOf(String(after.name), row.company_id)
        : [undefined];
  return kinds.flatMap((kind) =>
    subjects.map((subject) => ({
      id: `${kind}@${on}#${row.id}${row.entity === 'domains' ? `:${subject}` : ''}`,
      ...(company ? { company } : {}),
      kind,
      on,
      ...(subject ? { subject } : {}),
    })),
  );
}
