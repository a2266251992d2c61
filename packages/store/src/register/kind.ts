/**
 * What the register's kinds share: a kind is data — its table, its fields with their checks, its unique key
 * and its sorts — and one repository (./repository.ts), one import and one export (./spreadsheet.ts) serve
 * every kind. A field is checked by the engine's validators (domains, ICP filing and licence numbers, dates,
 * IP addresses) through `check`; what a field holds is the API's value (a list is string[]).
 */
import type { Kb, Text } from '@icpdesk/kb';
import type { Kysely } from 'kysely';
import type { Database, LicencesTable } from '../schema.ts';
import type { RegisterTables } from './tables.ts';

export type FieldType = 'text' | 'date' | 'list' | 'int' | 'enum';

/** a value as the API shows it */
export type FieldValue = string | number | string[] | null;

export type Checked = { ok: true; value: string } | { ok: false; code: string; message: Text };

/** what the checks need: the kb and today's date in China */
export interface RegisterContext {
  kb: Kb;
  today: string;
}

export interface FieldSpec {
  /** the API's name (camelCase) */
  key: string;
  /** the column */
  column: string;
  type: FieldType;
  /** spreadsheet headers */
  zh: string;
  en: string;
  aliases?: readonly string[];
  required?: boolean;
  /** characters of a text (and of a list item), or items of a list */
  max?: number;
  /** the values of an enum */
  values?: readonly string[];
  /** an enum's value when none is given */
  defaultValue?: string;
  /** checks and normalises one value (one item of a list) */
  check?: (value: string, ctx: RegisterContext) => Checked;
  /** for the OpenAPI document and the spreadsheet notes */
  description?: string;
  /** set by the store only (never from input, never imported), e.g. the application an entry came from */
  readOnly?: boolean;
}

/** a problem with one field of an entry */
export interface EntryIssue {
  field: string;
  code: string;
  message: Text;
}

export type Values = Record<string, FieldValue>;

export type RegisterTable = keyof RegisterTables;

export const registerKindIds = [
  'icp-filings',
  'app-filings',
  'public-security-filings',
  'domains',
  'servers',
  'number-resources',
  'annual-reports',
  'company-events',
] as const;
export type RegisterKindId = (typeof registerKindIds)[number];

/** what a kind's rowCheck finds: the problems, or the values to store (references resolved) */
export type RowChecked = { issues: EntryIssue[]; values?: undefined } | { issues: []; values: Values };

export interface RegisterKind {
  /** the collection's path segment: /api/v1/<id> */
  id: RegisterKindId;
  table: RegisterTable;
  /** the OpenAPI component's name, e.g. IcpFiling */
  schemaName: string;
  /** one of them, e.g. { zh: 'ICP备案', en: 'ICP filing' } */
  name: Text;
  /** all of them, for messages and sheet names */
  plural: Text;
  /** what an entry hangs off: its company, or a licence (of a company) */
  parent: 'company' | 'licence';
  fields: readonly FieldSpec[];
  /** the field keys that name an entry within the organisation (the import updates by them) */
  key: readonly string[];
  /** sorts besides createdAt: a field key whose column is never null */
  sorts: readonly string[];
  /** a date field: lists take expiringBefore on it */
  expiry?: string;
  /**
   * checks against the organisation's other rows, in the write's transaction (create, update, import), and the
   * values to store: e.g. that a company event's subject is a licence or ICP filing of its company, one given
   * by its number stored by its id
   */
  rowCheck?: (
    q: Kysely<Database>,
    organisationId: string,
    companyId: string,
    v: Values,
  ) => Promise<RowChecked>;
  /** the fields of an example entry, for the OpenAPI document */
  example?: Values;
  /** checks across fields (and, for a licence's entry, against the licence) */
  crossCheck?: (v: Values, ctx: RegisterContext, licence?: LicencesTable) => EntryIssue[];
}

/** the shared status of filings */
export const filingStatuses = ['active', 'cancelled'] as const;
