/**
 * Where a licence stands on a day, and the renewal lead behind it — the one statement of the rule, read by
 * the timeline (the renewal step of an estimate), the store (the `standing` filter of a licence list, as a
 * range of expiry dates) and the server (each licence's daysToExpiry, renewalDueFrom and standing).
 *
 * An active licence is expired after its expiresOn, due for renewal from expiresOn less the kb parameter
 * renewal-lead-days (in force on the day asked about) to its expiresOn, and in force before; a licence that
 * is not active stands as its recorded status. Pure: the day is an argument.
 */
import type { Kb, ParameterAt } from '@icpdesk/kb';
import { addDays } from './calendar.ts';

export const RENEWAL_LEAD_PARAMETER = 'renewal-lead-days';

/** where a licence stands: its recorded status unless active, else by its dates */
export const licenceStandings = [
  'in-force',
  'renewal-due',
  'expired',
  'suspended',
  'revoked',
  'cancelled',
] as const;
export type LicenceStanding = (typeof licenceStandings)[number];
/** the standings an active licence has by its dates */
export type DatedStanding = 'in-force' | 'renewal-due' | 'expired';
/** a recorded licence status other than active: the licence stands so whatever its dates */
export type RecordedStanding = Exclude<LicenceStanding, 'in-force' | 'renewal-due'>;

/** the kb renewal-lead-days in force on `on`, or undefined when the kb has none with a number */
export function renewalLeadParameter(kb: Kb, on: string): ParameterAt | undefined {
  const p = kb.parameterAt(RENEWAL_LEAD_PARAMETER, on);
  return typeof p?.value === 'number' ? p : undefined;
}

/** the renewal lead in days in force on `on`; null when the kb has none */
export function renewalLeadDays(kb: Kb, on: string): number | null {
  return (renewalLeadParameter(kb, on)?.value as number | undefined) ?? null;
}

/** the first day a licence expiring on `expiresOn` is due for renewal; null without a lead */
export const renewalDueFrom = (expiresOn: string, leadDays: number | null): string | null =>
  leadDays === null ? null : addDays(expiresOn, -leadDays);

/** an inclusive range of YYYY-MM-DD dates; a missing end is open */
export interface DateRange {
  from?: string;
  to?: string;
}

/**
 * The expiry dates of the active licences that stand so on `today` (null: none can), the one form of the
 * rule: expired ends the day before today; renewal-due runs from today to today + lead; in-force starts the
 * day after that (today, without a lead).
 */
export function expiryRangeOf(
  standing: DatedStanding,
  today: string,
  leadDays: number | null,
): DateRange | null {
  switch (standing) {
    case 'expired':
      return { to: addDays(today, -1) };
    case 'renewal-due':
      return leadDays === null ? null : { from: today, to: addDays(today, leadDays) };
    case 'in-force':
      return { from: leadDays === null ? today : addDays(today, leadDays + 1) };
  }
}

const within = (d: string, r: DateRange | null) =>
  r !== null && (r.from === undefined || d >= r.from) && (r.to === undefined || d <= r.to);

/** where a licence of this status and expiry stands on `today` */
export function licenceStanding(
  status: RecordedStanding | 'active',
  expiresOn: string,
  today: string,
  leadDays: number | null,
): LicenceStanding {
  if (status !== 'active') return status;
  const dated: DatedStanding[] = ['expired', 'renewal-due', 'in-force'];
  return dated.find((s) => within(expiresOn, expiryRangeOf(s, today, leadDays))) ?? 'in-force';
}

export interface LicenceDates {
  /** days from today to expiresOn; negative once expired */
  daysToExpiry: number;
  /** the first day the renewal is due; null when the kb has no lead */
  renewalDueFrom: string | null;
  standing: LicenceStanding;
}

/** a licence's dates as of `today`, with the renewal lead of the kb in force on that day */
export function licenceDates(
  kb: Kb,
  licence: { status: RecordedStanding | 'active'; expiresOn: string },
  today: string,
): LicenceDates {
  const lead = renewalLeadDays(kb, today);
  return {
    daysToExpiry: Math.round((Date.parse(licence.expiresOn) - Date.parse(today)) / 86_400_000),
    renewalDueFrom: renewalDueFrom(licence.expiresOn, lead),
    standing: licenceStanding(licence.status, licence.expiresOn, today, lead),
  };
}
