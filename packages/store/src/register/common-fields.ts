/** Fields several register kinds share. */

import { checkDomain } from './fields.ts';
import type { FieldSpec } from './kind.ts';
import { filingStatuses } from './kind.ts';

export const noteField: FieldSpec = {
  key: 'note',
  column: 'note',
  type: 'text',
  zh: '备注',
  en: 'Note',
  max: 500,
};

export const filedOnField: FieldSpec = {
  key: 'filedOn',
  column: 'filed_on',
  type: 'date',
  zh: '备案日期',
  en: 'Filed on',
};

export const filingStatusField: FieldSpec = {
  key: 'status',
  column: 'status',
  type: 'enum',
  zh: '状态',
  en: 'Status',
  values: filingStatuses,
  defaultValue: 'active',
  description: 'active, or cancelled (注销) once the site or app closed; default active',
};

export const domainsField: FieldSpec = {
  key: 'domains',
  column: 'domains',
  type: 'list',
  zh: '域名',
  en: 'Domains',
  max: 253,
  check: checkDomain,
  description: 'domain names, checked by the engine (validateDomain); stored in punycode',
};
