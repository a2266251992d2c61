/**
 * Company events, from two sources.
 *
 * 1. The register of company events (../register/company-events.ts, table company_events): a change entered
 *    with the day it took effect (生效日期) and, optionally, the day it was decided or registered at the
 *    company registry. It is an event of its kind with `on` = the day decided (else the effective day: the
 *    after-counts run from it) and `effectiveOn` = the effective day (the before-counts run back from it),
 *    for its subject (a licence or ICP filing id) or, without one, for all of the company's. Every kind of
 *    the kb's companyEventKind but those other records date (site online, domain expiry, site closed) can be
 *    entered, so operating entity, service items, websites, domains, apps, foreign share and termination
 *    start obligations too. A future effective day is a planned change: its before-rules are due now.
 *
 * 2. The audit log, for changes nobody entered there: the audit row of every update, with the row before
 *    and after. A change of a company's name, legal representative, registered capital, address or
 *    shareholders, of a licence's coverage, of a server's address or location (servers) or its hosting
 *    provider or that provider's licence (hosting-provider), and of a domain's holder (domain-transferred,
 *    for each ICP filing naming the domain) is read from those rows as an event of that kind on the day (in
 *    China) the change was RECORDED — not the day it took effect, which the row does not know. Imports never
 *    yield events. A domain's expiry is not an audit event: facts.ts reads it from the domains themselves.
 *
 * One change is counted once (`withoutRecorded`): an audit-derived event of kind K is the same change as a
 * recorded event of kind K of the same company — for the same subject, or either without one — when the day
 * the audit row was written is within SAME_CHANGE_SLACK_DAYS of one of the recorded event's days: the day
 * decided, the effective day or the day it was entered. That covers a change entered after the fact (the
 * company edited and the event entered about the same day, whenever it took effect) and a planned change
 * entered ahead (the company edited about the day it took effect). Such an audit-derived event is dropped and
 * the recorded one stands; deleting the recorded event brings it back. An edit far from all three days is
 * read as another change and counted as well: when in doubt, an obligation is shown twice rather than lost.
 */

import type { ObligationEvent } from '@icpdesk/engine';
import { addDays, chinaDate } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import type { CompanyEventsTable } from '../register/tables.ts';

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
  zh: '公司变更事件首先取自登记的变更事件（按生效日期；“变更后若干日内”的期限自决定或登记日期起算，未填时自生效日期起算）。未登记的变更取自审计日志中公司（名称、法定代表人、注册资本、地址、股东）、许可证（覆盖范围）、服务器（地址、所在地、接入服务商及其许可证）和域名（持有人变更视为转让，对列有该域名的每个ICP备案）的修改记录，日期为记录修改之日（中国时间），并非实际变更之日；与某条登记事件类型相同、日期相近的修改记录视为同一变更，只计一次。域名到期取自登记的到期日期（对列有该域名且有效的ICP备案）。经营主体、业务种类、网站、应用、外资比例和终止等事件仅在登记后才产生相应义务。',
  en: 'Company events are read first from the recorded company events (by their effective day; "so many days after" counts from the day decided or registered, else the effective day). Changes not recorded there are read from the audit log: updates of a company (name, legal representative, registered capital, address, shareholders), of a licence (coverage), of a server (address, location, hosting provider and its licence) and of a domain (a new holder is read as a transfer, for each ICP filing naming the domain), dated the day the change was entered (China time), not the day it took effect; an update of the same kind near a recorded event is that event and counts once. A domain expiry is read from the recorded expiry date (for each ICP filing in force naming the domain). Events of other kinds (operating entity, service items, websites, apps, foreign share, termination) set obligations going only once recorded.',
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

/** days either side of a recorded event within which an audit-derived event of its kind is the same change */
export const SAME_CHANGE_SLACK_DAYS = 30;

/** a recorded company event (the register's row) as the engine's event */
export function recordedEvent(r: CompanyEventsTable): ObligationEvent {
  const on = r.decided_on ?? r.effective_on;
  return {
    id: `${r.kind}@${r.effective_on}#${r.id}`,
    company: r.company_id,
    kind: r.kind as Kind,
    on,
    effectiveOn: r.effective_on,
    ...(r.subject ? { subject: r.subject } : {}),
  };
}

/** does the recorded event `r` stand for the audit-derived event `e` (see the header) */
function sameChange(r: CompanyEventsTable, e: ObligationEvent): boolean {
  if (r.kind !== e.kind || r.company_id !== e.company) return false;
  if (r.subject && e.subject && r.subject !== e.subject) return false;
  const days = [r.decided_on ?? r.effective_on, r.effective_on, chinaDate(new Date(r.created_at))];
  return days.some(
    (d) => e.on >= addDays(d, -SAME_CHANGE_SLACK_DAYS) && e.on <= addDays(d, SAME_CHANGE_SLACK_DAYS),
  );
}

/** the recorded events, and the audit-derived events no recorded event stands for */
export function withoutRecorded(
  recorded: readonly CompanyEventsTable[],
  derived: readonly ObligationEvent[],
): ObligationEvent[] {
  return [...recorded.map(recordedEvent), ...derived.filter((e) => !recorded.some((r) => sameChange(r, e)))];
}
