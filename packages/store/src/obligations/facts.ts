/**
 * The one mapping from stored rows to the engine's obligations() input (issue #11 §1): licences, the register
 * (ICP, app and public-security filings, number resources, annual reports), renewal applications and company
 * events. What the store does not hold is left out and reported in `gaps`, never invented:
 *
 * - a licence's status `expired` is `active` to the engine (expiry is read from its date); a revoked or
 *   cancelled licence ended on the day its row was last updated (the store records no other date);
 * - renewalAppliedOn: the earliest submission day of a renewal application of the same company, for the same
 *   licence codes, submitted after the licence was issued and not withdrawn or rejected;
 * - a cancelled filing was cancelled on the day its row was last updated;
 * - a public-security filing covers the ICP filing that lists one of its domains, and the site of that ICP
 *   filing went online on the earliest online day of the public-security filings covering it (the register
 *   records the online day there only);
 * - a number resource's family (95, 96, 106, 400, which the rules name) is read from its number's prefix,
 *   else its stored type; one without a grant date cannot be dated and is left out (a gap);
 * - events: ./company-events.ts (the recorded company events, and the audit rows of companies, licences,
 *   servers and domains for changes not recorded there: one change counts once); and a domain's expiry
 *   day, for each ICP filing of its company that names it and is not cancelled, as a domain-expiry event
 *   (domainExpiries) — a renewed domain's new expiry moves the event, a filing that drops the domain ends it;
 * - a change obligation of a licence is done on the submission day of the first
 *   live change application of the same company and licence codes submitted on or after the day the event
 *   was recorded (changeCompletions, a second pass over the engine's result); for a recorded company event,
 *   on or after the earlier of the day it was decided (else its effective day) and the day it was entered —
 *   so an application made ahead of a planned change completes its "before" obligation;
 * - every other obligation (filing changes and cancellations, number annual reports, fees and use,
 *   public-security filing, the display duty, a change recorded after the fact, …) is done or waived by a
 *   member's obligation record (./records.ts, migration 0017): a done record is a completion on its day, a
 *   waiver a waiver with its reason. A record wins over a fact of the obligation's own that arrived after it
 *   (the engine takes a completion first), and over a change application's completion.
 */
import type { ObligationEvent, ObligationsInput } from '@icpdesk/engine';
import { addDays, chinaDate, type Obligation } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import type {
  AnnualReportsTable,
  AppFilingsTable,
  CompanyEventsTable,
  DomainsTable,
  IcpFilingsTable,
  NumberResourcesTable,
  PublicSecurityFilingsTable,
} from '../register/tables.ts';
import type { ApplicationsTable, LicencesTable } from '../schema.ts';
import {
  type AuditChange,
  eventsOfChange,
  type FilingsOfDomain,
  recordedEvent,
  withoutRecorded,
} from './company-events.ts';
import type { ObligationRecordsTable } from './records.ts';

/** the stored rows of one scope */
export interface StoredFacts {
  licences: LicencesTable[];
  icpFilings: IcpFilingsTable[];
  appFilings: AppFilingsTable[];
  publicSecurityFilings: PublicSecurityFilingsTable[];
  numbers: NumberResourcesTable[];
  annualReports: AnnualReportsTable[];
  domains: Pick<DomainsTable, 'id' | 'company_id' | 'name' | 'expires_on'>[];
  /** renewal and change applications */
  applications: Pick<
    ApplicationsTable,
    'company_id' | 'procedure' | 'licence_codes' | 'state' | 'submitted_on'
  >[];
  changes: AuditChange[];
  /** obligations members recorded done or waived */
  records: Pick<ObligationRecordsTable, 'obligation' | 'status' | 'done_on' | 'reason'>[];
  /** the register's company events */
  recordedEvents: CompanyEventsTable[];
}

/** something stored that could not be read into the input */
export interface FactGap {
  entity: 'number_resources';
  id: string;
  reason: Text;
}

const list = (json: string): string[] => JSON.parse(json) as string[];
const dayOf = (instant: string) => chinaDate(new Date(instant));

const noGrantDate: Text = {
  zh: '号码资源没有核配日期，无法计算其义务',
  en: 'the number resource has no grant date, so its obligations cannot be dated',
};

type Applications = StoredFacts['applications'];

/** the first submission day, on or after `from`, of a live application of that procedure for the licence */
function firstApplied(l: LicencesTable, apps: Applications, procedure: string, from: string): string | null {
  const codes = new Set(list(l.codes));
  const days = apps
    .filter(
      (a) =>
        a.procedure === procedure &&
        a.company_id === l.company_id &&
        a.submitted_on !== null &&
        a.submitted_on >= from &&
        a.state !== 'withdrawn' &&
        a.state !== 'rejected' &&
        list(a.licence_codes).some((c) => codes.has(c)),
    )
    .map((a) => a.submitted_on!)
    .sort();
  return days[0] ?? null;
}

function licenceOf(l: LicencesTable, apps: Applications) {
  const ended = l.status === 'revoked' || l.status === 'cancelled';
  return {
    id: l.id,
    company: l.company_id,
    number: l.number,
    issuedOn: l.issued_on,
    expiresOn: l.expires_on,
    status: l.status === 'expired' ? ('active' as const) : l.status,
    endedOn: ended ? dayOf(l.updated_at) : null,
    renewalAppliedOn: firstApplied(l, apps, 'renewal', addDays(l.issued_on, 1)),
  };
}

const cancelledOn = (r: { status: string; updated_at: string }) =>
  r.status === 'cancelled' ? dayOf(r.updated_at) : null;

/** the ICP filings (ids) not cancelled that name a domain, within the domain's company */
function filingsByDomain(filings: readonly IcpFilingsTable[]): FilingsOfDomain {
  const byKey = new Map<string, string[]>();
  for (const f of filings)
    if (f.status !== 'cancelled')
      for (const d of list(f.domains)) {
        const key = `${f.company_id}|${d}`;
        byKey.set(key, [...(byKey.get(key) ?? []), f.id]);
      }
  return (domain, company) => byKey.get(`${company}|${domain}`) ?? [];
}

/** a domain-expiry event on each recorded expiry day, for each filing naming the domain */
function domainExpiries(s: StoredFacts, filingsOf: FilingsOfDomain): ObligationEvent[] {
  return s.domains.flatMap((d) =>
    d.expires_on
      ? filingsOf(d.name, d.company_id).map((filing) => ({
          id: `domain-expiry@${d.expires_on}#${d.id}:${filing}`,
          company: d.company_id,
          kind: 'domain-expiry' as const,
          on: d.expires_on!,
          subject: filing,
        }))
      : [],
  );
}

/** the stored facts as obligations() reads them, and what could not be read */
export function obligationFacts(s: StoredFacts, asOf: string): { input: ObligationsInput; gaps: FactGap[] } {
  const gaps: FactGap[] = [];
  const filingsOf = filingsByDomain(s.icpFilings);
  const siteOfDomain = new Map<string, string>();
  for (const f of s.icpFilings) for (const d of list(f.domains)) siteOfDomain.set(d, f.id);
  const siteOf = (f: PublicSecurityFilingsTable) =>
    list(f.domains)
      .map((d) => siteOfDomain.get(d))
      .find((x) => x !== undefined);
  const onlineOn = new Map<string, string>();
  for (const f of s.publicSecurityFilings) {
    const site = siteOf(f);
    const was = site && onlineOn.get(site);
    if (site && f.online_on && (!was || f.online_on < was)) onlineOn.set(site, f.online_on);
  }
  const input: ObligationsInput = {
    asOf,
    licences: s.licences.map((l) => licenceOf(l, s.applications)),
    filings: [
      ...s.icpFilings.map((f) => ({
        id: f.id,
        company: f.company_id,
        kind: 'icp' as const,
        number: f.number,
        subject: list(f.domains)[0] ?? list(f.sites)[0],
        filedOn: f.filed_on,
        onlineOn: onlineOn.get(f.id) ?? null,
        closedOn: f.closed_on,
        cancelledOn: cancelledOn(f),
      })),
      ...s.appFilings.map((f) => ({
        id: f.id,
        company: f.company_id,
        kind: 'app' as const,
        number: f.number,
        subject: f.app_name,
        filedOn: f.filed_on,
        closedOn: f.closed_on,
        cancelledOn: cancelledOn(f),
      })),
      ...s.publicSecurityFilings.map((f) => {
        const site = siteOf(f);
        return {
          id: f.id,
          company: f.company_id,
          kind: 'public-security' as const,
          number: f.number,
          subject: f.site ?? list(f.domains)[0],
          ...(site ? { site } : {}),
          filedOn: f.filed_on,
          onlineOn: f.online_on,
          cancelledOn: cancelledOn(f),
        };
      }),
    ],
    numbers: s.numbers.flatMap((n) => {
      if (!n.granted_on) {
        gaps.push({ entity: 'number_resources', id: n.id, reason: noGrantDate });
        return [];
      }
      const kind = /^(95|96|106|400)/.exec(n.number)?.[1] ?? n.type;
      return [{ id: n.id, company: n.company_id, number: n.number, kind, allocatedOn: n.granted_on }];
    }),
    events: [
      ...withoutRecorded(
        s.recordedEvents,
        s.changes.flatMap((c) => eventsOfChange(c, filingsOf)),
      ),
      ...domainExpiries(s, filingsOf),
    ],
    annualReports: s.annualReports.map((r) => ({
      licence: r.licence_id,
      year: r.year,
      submittedOn: r.submitted_on,
    })),
    completions: s.records.flatMap((r) =>
      r.status === 'done' && r.done_on ? [{ obligation: r.obligation, on: r.done_on }] : [],
    ),
    waivers: s.records.flatMap((r) =>
      r.status === 'waived' ? [{ obligation: r.obligation, ...(r.reason ? { reason: r.reason } : {}) }] : [],
    ),
  };
  return { input, gaps };
}

/**
 * completions of licence change obligations by the change applications submitted after their event (not of
 * an obligation a member recorded: the record wins)
 */
export function changeCompletions(
  s: StoredFacts,
  list: readonly Obligation[],
): { obligation: string; on: string }[] {
  const licences = new Map(s.licences.map((l) => [l.id, l]));
  const recorded = new Set(s.records.map((r) => r.obligation));
  // a recorded event's obligations are done by an application from the day decided or the day entered
  const from = new Map(
    s.recordedEvents.map((r) => {
      const e = recordedEvent(r);
      return [e.id!, [e.on, dayOf(r.created_at)].sort()[0]!];
    }),
  );
  return list.flatMap((o) => {
    if (recorded.has(o.id)) return [];
    const l =
      o.kind === 'change' && o.belongsTo.type === 'licence' ? licences.get(o.belongsTo.id) : undefined;
    const day = o.trigger && ((o.trigger.event && from.get(o.trigger.event)) || o.trigger.on);
    const on = l && day && firstApplied(l, s.applications, 'change', day);
    return on ? [{ obligation: o.id, on }] : [];
  });
}
