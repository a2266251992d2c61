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

export const closedOnField: FieldSpec = {
  key: 'closedOn',
  column: 'closed_on',
  type: 'date',
  zh: '停止服务日期',
  en: 'Closed on',
  aliases: ['关闭日期'],
  description:
    'the day the site or app stopped; its filing is then to be cancelled (注销) — an obligation until status is cancelled',
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
