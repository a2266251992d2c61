/**
 * The database's tables as Kysely types. One convention for both SQLite and PostgreSQL:
 *
 * - ids are text, made in code by `newId()` (UUIDv7: time-ordered, so `order by id` is creation order and
 *   serves as a pagination cursor); sessions and tokens are keyed by the SHA-256 of their secret instead;
 * - instants are text, ISO 8601 in UTC with milliseconds (`db.clock.now().toISOString()`,
 *   "2026-11-29T08:00:00.000Z"): they sort as text and read the same from both databases;
 * - calendar dates (as-of, submitted, issued, expires) are text "YYYY-MM-DD", the date in Asia/Shanghai;
 * - JSON is text (`JsonText`): the code stringifies on write and parses on read;
 * - enumerations (roles, states, statuses) are checked in code, not by CHECK constraints, so that adding a
 *   value later never needs a SQLite table rebuild;
 * - no column has a database default: the code writes every value;
 * - every table that belongs to a tenant has `organisation_id`, indexed (first column of a unique key), and
 *   rows that point at another tenant-owned row do it by (organisation_id, id), so a row can never point
 *   into another organisation.
 *
 * Deleting an organisation deletes everything of it. A company that has applications, licences or
 * documents cannot be deleted (archive it instead); its assessments and client links go with it.
 */
import type { Kysely } from 'kysely';
import type { CalendarFeedsTable } from './calendar-feeds.ts';
import type { NotificationTables } from './notifications/tables.ts';
import type { ObligationRecordsTable } from './obligations/records.ts';
import type { RegisterTables } from './register/tables.ts';

/** UUIDv7 text, see `newId()` */
export type Id = string;
/** ISO 8601 instant in UTC, e.g. "2026-11-29T08:00:00.000Z" */
export type Timestamp = string;
/** calendar date "YYYY-MM-DD" */
export type DateOnly = string;
/** JSON.stringify of the value the column's comment describes */
export type JsonText = string;

export const roles = ['owner', 'admin', 'consultant', 'viewer', 'client'] as const;
export type Role = (typeof roles)[number];

export const procedures = ['new', 'change', 'renewal', 'cancellation', 'annual-report'] as const;
export type Procedure = (typeof procedures)[number];

export const applicationStates = [
  'draft',
  'submitted',
  'accepted',
  'correction-requested',
  'corrected',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export const licenceStatuses = ['active', 'suspended', 'expired', 'revoked', 'cancelled'] as const;
export type LicenceStatus = (typeof licenceStatuses)[number];

export interface OrganisationsTable {
  id: Id;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Id;
  /** lower-cased by the code; unique across the installation */
  email: string;
  name: string | null;
  /** argon2id encoded hash */
  password_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

export interface MembershipsTable {
  organisation_id: Id;
  user_id: Id;
  role: Role;
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: Id;
  organisation_id: Id;
  email: string;
  role: Role;
  /** for a client invitation: the companies it will see (Id[]) */
  company_ids: JsonText;
  /** SHA-256 (hex) of the token in the link; the token itself is never stored */
  token_hash: string;
  invited_by: Id | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: Id | null;
  /** set when a manager revoked the invitation (migration 0002) */
  revoked_at: Timestamp | null;
  /** how the link went out by e-mail (migration 0014); null when it was not e-mailed */
  mail_status: InvitationMailStatus | null;
  mail_at: Timestamp | null;
}

/** sending (after the answer), sent, no-channel (no enabled e-mail channel), failed (the SMTP server refused it) */
export type InvitationMailStatus = 'sending' | 'sent' | 'no-channel' | 'failed';

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value */
  id_hash: string;
  user_id: Id;
  csrf_secret: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: Id;
  organisation_id: Id;
  /** the user the token acts for */
  user_id: Id;
  name: string;
  /** SHA-256 (hex) of the token */
  token_hash: string;
  /** string[] of scopes */
  scopes: JsonText;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface CompaniesTable {
  id: Id;
  organisation_id: Id;
  name: string;
  /** unified social credit code (统一社会信用代码); unique within an organisation */
  uscc: string | null;
  legal_representative: string | null;
  address: string | null;
  registered_capital_cny: number | null;
  /** the shareholder tree, as the engine's manifest reads it */
  shareholders: JsonText;
  /** the assessment profile (engine `Profile`), or null before one is entered */
  profile: JsonText | null;
  /** contact people: { name, role?, phone?, email? }[] */
  contacts: JsonText;
  /** the headcount (migration 0015), null until given */
  staff_count: number | null;
  /** the business premises' address, where it differs from or confirms the registered one (0015) */
  premises_address: string | null;
  /** the business premises' floor area in square metres (0015) */
  premises_area_sqm: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClientCompanyLinksTable {
  organisation_id: Id;
  /** a member with role client */
  user_id: Id;
  company_id: Id;
  created_at: Timestamp;
}

export interface AssessmentsTable {
  id: Id;
  organisation_id: Id;
  company_id: Id;
  as_of: DateOnly;
  kb_version: string;
  /** the engine's assessment result */
  result: JsonText;
  /** the engine `Profile` the result was computed from (migration 0006; always written, null only in theory) */
  profile: JsonText | null;
  created_by: Id | null;
  created_at: Timestamp;
}

export interface ApplicationsTable {
  id: Id;
  organisation_id: Id;
  company_id: Id;
  /** licence codes with scope, e.g. ["B25:internet"] */
  licence_codes: JsonText;
  procedure: Procedure;
  /** authority id from kb/, e.g. "CN-GD" or "MIIT"; null until decided */
  authority: string | null;
  state: ApplicationState;
  /** checklist progress: { [materialId]: { status, documentIds?, note? } } */
  checklist: JsonText;
  /** the last precheck's findings, or null before one ran */
  precheck_findings: JsonText | null;
  /** the authority's case or acceptance number */
  authority_reference: string | null;
  submitted_on: DateOnly | null;
  accepted_on: DateOnly | null;
  decided_on: DateOnly | null;
  /**
   * the clock inputs the other columns do not hold (migration 0003; always written, read null as empty):
   * `{ corrections: { requestedOn, correctedOn? }[], pauses: { kind, from, to? }[], withdrawnOn?, issuedOn?,
   * lastOn? }` — see store/applications.ts
   */
  clock: JsonText | null;
  /** the day after which the authority is overdue as the events stand, or null (migration 0003) */
  authority_due_on: DateOnly | null;
  created_by: Id | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const applicationEventKinds = [
  'created',
  'transition',
  'pause-started',
  'pause-ended',
  'licence-issued',
] as const;
export type ApplicationEventKind = (typeof applicationEventKinds)[number];

export interface ApplicationEventsTable {
  id: Id;
  organisation_id: Id;
  application_id: Id;
  /** null for the event that created the application */
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  actor_id: Id | null;
  at: Timestamp;
  note: string | null;
  /** document ids: Id[] */
  attachments: JsonText;
  /** what happened (migration 0003; always written); a non-state event has from_state = to_state */
  kind: ApplicationEventKind | null;
  /** the day it took effect, which may be before `at` (when it was recorded) (migration 0003) */
  effective_on: DateOnly | null;
  /** for a pause: expert-review | inspection | hearing | testing (migration 0003) */
  pause_kind: string | null;
  /** the authority's reference given with the event (migration 0003) */
  authority_reference: string | null;
}

export interface LicencesTable {
  id: Id;
  organisation_id: Id;
  company_id: Id;
  /** the application it was issued on; null when imported */
  application_id: Id | null;
  /** e.g. 粤B2-20260001; unique within an organisation */
  number: string;
  /** licence codes with scope, e.g. ["B25:internet"] */
  codes: JsonText;
  /** province codes, e.g. ["CN-GD"], or ["CN"] for nationwide */
  coverage: JsonText;
  authority: string;
  issued_on: DateOnly;
  expires_on: DateOnly;
  status: LicenceStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DocumentsTable {
  id: Id;
  organisation_id: Id;
  /** the id of the first version; all versions of a document share it */
  series_id: Id;
  /** 1, 2, … within the series */
  version: number;
  company_id: Id | null;
  application_id: Id | null;
  /** a material id from kb/materials.yaml, within the application */
  checklist_item: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  /** relative to the data directory */
  storage_path: string;
  uploaded_by: Id | null;
  uploaded_at: Timestamp;
}

export interface AuditLogTable {
  id: Id;
  organisation_id: Id;
  actor_id: Id | null;
  /** who, as it read at the time: an e-mail, "token:<name>" or "system" */
  actor_label: string;
  at: Timestamp;
  /** table name, e.g. "companies" */
  entity: string;
  entity_id: Id;
  /** e.g. "create", "update", "delete", "transition" */
  action: string;
  /** the row before the write, or null on create */
  before: JsonText | null;
  /** the row after the write, or null on delete */
  after: JsonText | null;
  /**
   * the company the row is about: the company itself, or the one its assessment, application, licence or
   * document belongs to; null for organisation-level rows (migration 0006; pass `companyId` to writeAudit)
   */
  company_id: Id | null;
}

/**
 * Rate-limit counters shared by every server process (migration 0008, ../rate-limits.ts): attempts per key
 * in one fixed window. Not tenant data; rows of ended windows are deleted.
 */
export interface RateLimitsTable {
  /** what is counted and of whom: "<kind>:<SHA-256 of the subject>" */
  key: string;
  /** the window's start (a multiple of its length since the epoch) */
  window_start: Timestamp;
  /** the window's end: the row is deleted after it */
  expires_at: Timestamp;
  hits: number;
}

/** the register's tables (migration 0010) are in ./register/tables.ts */
export interface Database extends RegisterTables, NotificationTables {
  /** secret iCalendar feeds (migration 0011, ./calendar-feeds.ts) */
  calendar_feeds: CalendarFeedsTable;
  /** obligations recorded done or waived (migration 0017, ./obligations/records.ts) */
  obligation_records: ObligationRecordsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  companies: CompaniesTable;
  client_company_links: ClientCompanyLinksTable;
  assessments: AssessmentsTable;
  applications: ApplicationsTable;
  application_events: ApplicationEventsTable;
  licences: LicencesTable;
  documents: DocumentsTable;
  /** append-only: the code inserts and never updates or deletes; database triggers refuse it (0006) */
  audit_log: AuditLogTable;
  /** a counter per organisation raised with every audit entry (migration 0013, ./audit-versions.ts) */
  audit_versions: { organisation_id: Id; version: number };
  rate_limits: RateLimitsTable;
  /** the installation's own values, e.g. cursor-secret (0009); not tenant data */
  settings: SettingsTable;
}

export interface SettingsTable {
  name: string;
  value: string;
  created_at: string;
}

export type DatabaseKysely = Kysely<Database>;
