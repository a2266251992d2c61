/**
 * The register's kinds as data: for each, its list in GET /companies/{id}/register, its API path, its
 * fields (as the API's request bodies take them) and which field is its key (unique in the organisation).
 */
import type { MessageId } from '../../messages.ts';

export type FieldType = 'text' | 'date' | 'list' | 'select' | 'multi' | 'year' | 'licence' | 'subject';

export interface RegisterField {
  name: string;
  label: MessageId;
  type: FieldType;
  required?: boolean;
  max?: number;
  /** select and multi: the values; their words are <optionWords><value> (default opt_) */
  options?: readonly string[];
  optionWords?: string;
  /** the field is set when the row is made and cannot change */
  fixed?: boolean;
  /** shown in the table */
  column?: boolean;
}

export interface RegisterKind {
  key:
    | 'icpFilings'
    | 'appFilings'
    | 'publicSecurityFilings'
    | 'domains'
    | 'servers'
    | 'numberResources'
    | 'annualReports'
    | 'companyEvents';
  label: MessageId;
  /** a line under the title: what the kind is for */
  help?: MessageId;
  path: string;
  /** the body names the company (all but annual reports, which name their licence) */
  companyId: boolean;
  keyField: string;
  fields: RegisterField[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * the kinds of company event the register takes (the API's CompanyEvent kind: the kb's companyEventKind but
 * site online, domain expiry and site closed, which other records date); their words are ev_<kind>
 */
export const companyEventKinds = [
  'name',
  'legal-representative',
  'registered-capital',
  'shareholders',
  'foreign-share',
  'address',
  'operating-entity',
  'coverage',
  'service-items',
  'websites',
  'domains',
  'apps',
  'servers',
  'hosting-provider',
  'termination',
  'domain-transferred',
] as const;
export const datePattern = DATE;
const STATUS = ['active', 'cancelled'] as const;
const note: RegisterField = { name: 'note', label: 'f_note', type: 'text', max: 500 };

export const registerKinds: RegisterKind[] = [
  {
    key: 'icpFilings',
    label: 'reg_icpFilings',
    path: '/api/v1/icp-filings',
    companyId: true,
    keyField: 'number',
    fields: [
      { name: 'number', label: 'f_number', type: 'text', required: true, max: 64, column: true },
      { name: 'sites', label: 'f_sites', type: 'list', column: true },
      { name: 'domains', label: 'f_domains', type: 'list', column: true },
      { name: 'filedOn', label: 'f_filedOn', type: 'date', column: true },
      { name: 'closedOn', label: 'f_closedOn', type: 'date' },
      { name: 'status', label: 'f_status', type: 'select', options: STATUS, column: true },
      note,
    ],
  },
  {
    key: 'appFilings',
    label: 'reg_appFilings',
    path: '/api/v1/app-filings',
    companyId: true,
    keyField: 'number',
    fields: [
      { name: 'number', label: 'f_number', type: 'text', required: true, max: 64, column: true },
      { name: 'appName', label: 'f_appName', type: 'text', required: true, max: 100, column: true },
      {
        name: 'platforms',
        label: 'f_platforms',
        type: 'multi',
        options: ['android', 'ios', 'harmony', 'mini-program', 'quick-app', 'other'],
        column: true,
      },
      { name: 'filedOn', label: 'f_filedOn', type: 'date', column: true },
      { name: 'closedOn', label: 'f_closedOn', type: 'date' },
      { name: 'status', label: 'f_status', type: 'select', options: STATUS, column: true },
      note,
    ],
  },
  {
    key: 'publicSecurityFilings',
    label: 'reg_publicSecurityFilings',
    path: '/api/v1/public-security-filings',
    companyId: true,
    keyField: 'number',
    fields: [
      { name: 'number', label: 'f_number', type: 'text', required: true, max: 64, column: true },
      { name: 'site', label: 'f_site', type: 'text', max: 100, column: true },
      { name: 'domains', label: 'f_domains', type: 'list', column: true },
      { name: 'onlineOn', label: 'f_onlineOn', type: 'date', column: true },
      { name: 'filedOn', label: 'f_filedOn', type: 'date', column: true },
      { name: 'status', label: 'f_status', type: 'select', options: STATUS, column: true },
      note,
    ],
  },
  {
    key: 'domains',
    label: 'reg_domains',
    path: '/api/v1/domains',
    companyId: true,
    keyField: 'name',
    fields: [
      { name: 'name', label: 'f_domainName', type: 'text', required: true, max: 253, column: true },
      { name: 'holder', label: 'f_holder', type: 'text', max: 200, column: true },
      { name: 'registrar', label: 'f_registrar', type: 'text', max: 200 },
      { name: 'registeredOn', label: 'f_registeredOn', type: 'date' },
      { name: 'expiresOn', label: 'f_expiresOn', type: 'date', column: true },
      note,
    ],
  },
  {
    key: 'servers',
    label: 'reg_servers',
    path: '/api/v1/servers',
    companyId: true,
    keyField: 'name',
    fields: [
      { name: 'name', label: 'f_name', type: 'text', required: true, max: 100, column: true },
      { name: 'address', label: 'f_address', type: 'text', max: 64, column: true },
      { name: 'location', label: 'f_location', type: 'text', max: 10, column: true },
      { name: 'hostingProvider', label: 'f_hostingProvider', type: 'text', max: 200, column: true },
      { name: 'providerLicence', label: 'f_providerLicence', type: 'text', max: 64 },
      note,
    ],
  },
  {
    key: 'numberResources',
    label: 'reg_numberResources',
    path: '/api/v1/number-resources',
    companyId: true,
    keyField: 'number',
    fields: [
      {
        name: 'type',
        label: 'f_type',
        type: 'select',
        required: true,
        options: ['sms-access-code', 'call-centre', 'other'],
        column: true,
      },
      { name: 'number', label: 'f_number', type: 'text', required: true, max: 40, column: true },
      { name: 'authority', label: 'f_authority', type: 'text', max: 16, column: true },
      { name: 'grantedOn', label: 'f_grantedOn', type: 'date' },
      { name: 'expiresOn', label: 'f_expiresOn', type: 'date', column: true },
      note,
    ],
  },
  {
    key: 'annualReports',
    label: 'reg_annualReports',
    path: '/api/v1/annual-reports',
    companyId: false,
    keyField: 'year',
    fields: [
      { name: 'licenceId', label: 'f_licenceId', type: 'licence', required: true, fixed: true, column: true },
      { name: 'year', label: 'f_year', type: 'year', required: true, column: true },
      { name: 'submittedOn', label: 'f_submittedOn', type: 'date', required: true, column: true },
      note,
    ],
  },
  {
    key: 'companyEvents',
    label: 'reg_companyEvents',
    help: 'reg_companyEventsHelp',
    path: '/api/v1/company-events',
    companyId: true,
    keyField: 'effectiveOn',
    fields: [
      {
        name: 'kind',
        label: 'f_eventKind',
        type: 'select',
        required: true,
        options: companyEventKinds,
        optionWords: 'ev_',
        column: true,
      },
      { name: 'effectiveOn', label: 'f_effectiveOn', type: 'date', required: true, column: true },
      { name: 'decidedOn', label: 'f_decidedOn', type: 'date', column: true },
      { name: 'subject', label: 'f_subject', type: 'subject', column: true },
      { ...note, column: true },
    ],
  },
];

type Values = Record<string, unknown>;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** a list field's text: one value per comma or line */
export const splitList = (v: unknown): string[] =>
  typeof v === 'string'
    ? v
        .split(/[,，、\n]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : Array.isArray(v)
      ? (v as string[])
      : [];

/** the form's values as the API's body: a new row leaves empty fields out, a change sends them as null */
export function registerBody(kind: RegisterKind, v: Values, companyId: string, create: boolean): Values {
  const body: Values = create && kind.companyId ? { companyId } : {};
  for (const f of kind.fields) {
    if (f.fixed && !create) continue;
    const raw = v[f.name];
    const value = f.type === 'list' ? splitList(raw) : typeof raw === 'string' ? raw.trim() : raw;
    const empty = f.type === 'list' || f.type === 'multi' ? (value as unknown[]).length === 0 : blank(value);
    if (!empty) body[f.name] = value;
    else if (!create && !f.required) body[f.name] = null;
  }
  return body;
}

/** a stored row as the form's values */
export function registerValues(kind: RegisterKind, row: Values): Values {
  const out: Values = {};
  for (const f of kind.fields) {
    const v = row[f.name];
    out[f.name] = f.type === 'list' && Array.isArray(v) ? v.join(', ') : (v ?? undefined);
  }
  return out;
}
