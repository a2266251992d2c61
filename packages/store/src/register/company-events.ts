/**
 * Company events (变更事件): a change of the company recorded with the day it took effect, so that the change
 * obligations of kb/obligations.yaml count from that day and not from the day someone entered it. Kinds are
 * the kb's companyEventKind but those other records date: a site going online (public-security filings'
 * online day), a domain's expiry (the domains' expiry day) and a site closing (the filings' closed day).
 * One event of a kind per company and effective day (the key the import updates by); its subject, when
 * given, is a licence or ICP filing of its company, by id or number (SUBJECT_UNKNOWN otherwise). The effective day may be
 * in the future: a planned change (shareholders, 90 days before) sets its before-rules going now. How the
 * obligations read them, and how they stand in for the audit log's reading of the same change:
 * ../obligations/company-events.ts.
 */
import { companyEventKind } from '@icpdesk/kb';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { noteField } from './common-fields.ts';
import type { EntryIssue, RegisterKind, RowChecked, Values } from './kind.ts';

/** event kinds other records date, which the register does not take */
const datedElsewhere: readonly string[] = ['site-online', 'domain-expiry', 'site-closed'];

/** the kinds a recorded company event can be */
export const recordedEventKinds: readonly string[] = companyEventKind.options.filter(
  (k) => !datedElsewhere.includes(k),
);

/**
 * the subject, when given, is a licence or an ICP filing of the event's company, named by its id or by its
 * number (浙B2-20210042, 浙ICP备2024012345号-1: what a spreadsheet holds); it is stored by its id
 */
async function subjectOfCompany(
  q: Kysely<Database>,
  organisationId: string,
  companyId: string,
  v: Values,
): Promise<RowChecked> {
  const given = v.subject;
  if (typeof given !== 'string') return { issues: [], values: v };
  const number = given.normalize('NFKC').replace(/\s+/g, '');
  const found = new Set<string>();
  for (const table of ['licences', 'icp_filings'] as const) {
    const rows = await q
      .selectFrom(table)
      .select('id')
      .where((w) => w.or([w('id', '=', given), w('number', '=', number)]))
      .where('organisation_id', '=', organisationId)
      .where('company_id', '=', companyId)
      .execute();
    for (const r of rows) found.add(r.id);
  }
  const byId = found.has(given) ? given : found.size === 1 ? [...found][0]! : undefined;
  if (byId) return { issues: [], values: { ...v, subject: byId } };
  return {
    issues: [
      {
        field: 'subject',
        code: found.size > 1 ? 'SUBJECT_AMBIGUOUS' : 'SUBJECT_UNKNOWN',
        message:
          found.size > 1
            ? {
                zh: `本公司有多个编号为 ${given.slice(0, 40)} 的许可证或备案；请填写其ID`,
                en: `more than one licence or filing of the company has the number ${given.slice(0, 40)}; give its id`,
              }
            : {
                zh: `${given.slice(0, 40)} 不是本公司的许可证或ICP备案（编号或ID）`,
                en: `${given.slice(0, 40)} is not the number or id of a licence or ICP filing of the company`,
              },
      },
    ],
  };
}

/** a change is decided (or registered) on or before the day it takes effect */
function decidedFirst(v: Values): EntryIssue[] {
  const { decidedOn: d, effectiveOn: e } = v;
  if (typeof d !== 'string' || typeof e !== 'string' || d <= e) return [];
  return [
    {
      field: 'decidedOn',
      code: 'DATES_OUT_OF_ORDER',
      message: {
        zh: `决定或登记日期 ${d} 晚于生效日期 ${e}；请核对日期`,
        en: `the day decided or registered ${d} is after the effective day ${e}; check the dates`,
      },
    },
  ];
}

export const companyEvents: RegisterKind = {
  id: 'company-events',
  table: 'company_events',
  schemaName: 'CompanyEvent',
  name: { zh: '变更事件', en: 'company event' },
  plural: { zh: '变更事件', en: 'company events' },
  parent: 'company',
  fields: [
    {
      key: 'kind',
      column: 'kind',
      type: 'enum',
      zh: '事件类型',
      en: 'Kind',
      required: true,
      values: recordedEventKinds,
      description:
        'what changed (the kb companyEventKind): name, legal-representative, registered-capital, shareholders, foreign-share, address, operating-entity, coverage, service-items, websites, domains, apps, servers, hosting-provider, termination, domain-transferred',
    },
    {
      key: 'effectiveOn',
      column: 'effective_on',
      type: 'date',
      zh: '生效日期',
      en: 'Effective on',
      required: true,
      description:
        'the day the change took (or takes) effect; rules "so many days before" count back from it, and, without decidedOn, rules "so many days after" count from it. May be in the future (a planned change)',
    },
    {
      key: 'decidedOn',
      column: 'decided_on',
      type: 'date',
      zh: '决定或登记日期',
      en: 'Decided or registered on',
      description:
        'the day the change was decided, or registered at the company registry: rules "so many days after" count from it; blank: the effective day',
    },
    {
      key: 'subject',
      column: 'subject',
      type: 'text',
      zh: '涉及的许可证或备案',
      en: 'Licence or filing concerned',
      max: 100,
      description:
        "the company's licence or ICP filing the change concerns, when only one: its id, or its number (stored as its id; else 400 SUBJECT_UNKNOWN); blank: all of them",
    },
    noteField,
  ],
  key: ['companyId', 'kind', 'effectiveOn'],
  sorts: ['effectiveOn'],
  crossCheck: decidedFirst,
  rowCheck: subjectOfCompany,
  example: {
    kind: 'shareholders',
    effectiveOn: '2027-03-01',
    decidedOn: '2026-11-20',
    subject: null,
    note: '股东会决议引入新股东',
  },
};
