/**
 * Public-security filings (公安联网备案): the number, the site and its domains, the day it went online (the
 * kb parameter public-security-filing-days counts from it) and the day it was filed.
 */
import { domainsField, filedOnField, filingStatusField, noteField } from './common-fields.ts';
import { checkPublicSecurityNumber } from './fields.ts';
import type { RegisterKind } from './kind.ts';

export const publicSecurityFilings: RegisterKind = {
  id: 'public-security-filings',
  table: 'public_security_filings',
  schemaName: 'PublicSecurityFiling',
  name: { zh: '公安联网备案', en: 'public-security filing' },
  plural: { zh: '公安联网备案', en: 'public-security filings' },
  parent: 'company',
  fields: [
    {
      key: 'number',
      column: 'number',
      type: 'text',
      zh: '公网安备号',
      en: 'Public-security filing number',
      aliases: ['公安备案号'],
      required: true,
      max: 64,
      check: checkPublicSecurityNumber,
      description: 'e.g. 京公网安备11010502030143号',
    },
    { key: 'site', column: 'site', type: 'text', zh: '网站名称', en: 'Site', max: 100 },
    domainsField,
    {
      key: 'onlineOn',
      column: 'online_on',
      type: 'date',
      zh: '开通日期',
      en: 'Online since',
      description: 'the day the site went online: the kb public-security-filing-days count from it',
    },
    filedOnField,
    filingStatusField,
    noteField,
  ],
  key: ['number'],
  sorts: ['number'],
};
