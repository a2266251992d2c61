/**
 * The register's tables as Kysely types (migration 0010; conventions in ../schema.ts). Every row belongs to a
 * company of its organisation; lists are JSON text (string[]), dates "YYYY-MM-DD".
 */
import type { DateOnly, Id, JsonText, Timestamp } from '../schema.ts';

interface RegisterRowBase {
  id: Id;
  organisation_id: Id;
  company_id: Id;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IcpFilingsTable extends RegisterRowBase {
  /** e.g. 粤ICP备2024012345号 (entity) or …号-1 (a site); unique within an organisation */
  number: string;
  /** site names: string[] */
  sites: JsonText;
  /** domain names (punycode): string[] */
  domains: JsonText;
  filed_on: DateOnly | null;
  /** the day the sites stopped (migration 0016): the filing is then to be cancelled */
  closed_on: DateOnly | null;
  /** active | cancelled */
  status: string;
}

export interface AppFilingsTable extends RegisterRowBase {
  /** e.g. 粤ICP备2024012345号-1A; unique within an organisation */
  number: string;
  app_name: string;
  /** string[]: android, ios, harmony, mini-program, quick-app, … */
  platforms: JsonText;
  filed_on: DateOnly | null;
  /** the day the app stopped (migration 0016): the filing is then to be cancelled */
  closed_on: DateOnly | null;
  status: string;
}

export interface PublicSecurityFilingsTable extends RegisterRowBase {
  /** e.g. 京公网安备11010502030143号; unique within an organisation */
  number: string;
  site: string | null;
  domains: JsonText;
  /** the day the site went online: the filing deadline runs from it */
  online_on: DateOnly | null;
  filed_on: DateOnly | null;
  status: string;
}

export interface DomainsTable extends RegisterRowBase {
  /** punycode, lower case; unique within an organisation */
  name: string;
  holder: string | null;
  registrar: string | null;
  registered_on: DateOnly | null;
  expires_on: DateOnly | null;
}

export interface ServersTable extends RegisterRowBase {
  /** the company's name for it; unique within the company */
  name: string;
  /** an IP address, canonical */
  address: string | null;
  /** a province code (CN-GD) for the mainland, else a country or region code (HK, US) */
  location: string | null;
  hosting_provider: string | null;
  /** the hosting provider's licence number (IDC, B11) */
  provider_licence: string | null;
}

export interface NumberResourcesTable extends RegisterRowBase {
  /** sms-access-code | call-centre | other */
  type: string;
  number: string;
  /** the authority that granted it (kb authority id) */
  authority: string | null;
  granted_on: DateOnly | null;
  expires_on: DateOnly | null;
}

export interface AnnualReportsTable extends RegisterRowBase {
  licence_id: Id;
  /** the year reported on (submitted in the first quarter of the next) */
  year: number;
  submitted_on: DateOnly;
  /** the annual-report application it was recorded from, if any */
  application_id: Id | null;
}

/** a company event (migration 0018): one of a kind per company and effective day */
export interface CompanyEventsTable extends RegisterRowBase {
  /** the kb's companyEventKind (name, shareholders, coverage, …), those the register takes */
  kind: string;
  /** the day the change took effect (生效日期): the before-counts run back from it */
  effective_on: DateOnly;
  /** the day it was decided or registered at the company registry: the after-counts run from it (null: effective_on) */
  decided_on: DateOnly | null;
  /** the licence or ICP filing id it concerns, when only one */
  subject: string | null;
}

export interface RegisterTables {
  icp_filings: IcpFilingsTable;
  app_filings: AppFilingsTable;
  public_security_filings: PublicSecurityFilingsTable;
  domains: DomainsTable;
  servers: ServersTable;
  number_resources: NumberResourcesTable;
  annual_reports: AnnualReportsTable;
  company_events: CompanyEventsTable;
}
