/**
 * Company events from the audit log. The store keeps no table of company changes; what it has is the audit
 * row of every update, with the row before and after. A change of a company's name, legal representative,
 * registered capital, address or shareholders, and of a licence's coverage, is read from those rows as an
 * event of that kind on the day (in China) the change was RECORDED — not the day it was decided or registered
 * at the company registry, which the store does not know. Imports create rows and never yield events.
 * Other event kinds (operating entity, service items, websites, domains, apps, servers, hosting provider,
 * foreign share, site closed, termination) have no source in the store and are not produced; the caller
 * says so (see EVENT_SOURCE).
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

/** the event kinds this module can produce */
export const EVENT_KINDS_RECORDED: readonly Kind[] = [...companyFields, ...licenceFields].map(([, k]) => k);

export const EVENT_SOURCE: Text = {
  zh: '公司变更事件取自审计日志中公司（名称、法定代表人、注册资本、地址、股东）和许可证（覆盖范围）的修改记录，日期为记录修改之日（中国时间），并非工商变更登记之日；经营主体、业务种类、网站、域名、应用、服务器、接入商、外资比例、网站关闭和终止等事件本系统未记录，因此不产生相应义务。',
  en: 'Company events are read from the audit log: updates of a company (name, legal representative, registered capital, address, shareholders) and of a licence (coverage), dated the day the change was recorded (China time), not the day it was registered at the company registry. Events of other kinds (operating entity, service items, websites, domains, apps, servers, hosting provider, foreign share, site closed, termination) are not recorded here, so their obligations are not produced.',
};

const parse = (s: string | null): Record<string, unknown> | null =>
  s === null ? null : (JSON.parse(s) as Record<string, unknown>);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** the events one audit row stands for (none for creates, deletes, imports and unrelated changes) */
export function eventsOfChange(row: AuditChange): ObligationEvent[] {
  const before = parse(row.before);
  const after = parse(row.after);
  if (!before || !after) return [];
  const fields = row.entity === 'companies' ? companyFields : row.entity === 'licences' ? licenceFields : [];
  const on = chinaDate(new Date(row.at));
  const company = row.company_id ?? undefined;
  return fields
    .filter(([key]) => !same(before[key], after[key]))
    .map(([, kind]) => ({
      id: `${kind}@${on}#${row.id}`,
      ...(company ? { company } : {}),
      kind,
      on,
      ...(row.entity === 'licences' ? { subject: row.entity_id } : {}),
    }));
}
