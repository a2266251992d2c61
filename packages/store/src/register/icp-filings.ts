/** ICP filings (ICP备案): the number, the sites and domains filed under it. */
import { closedOnField, domainsField, filedOnField, filingStatusField, noteField } from './common-fields.ts';
import { checkFilingNumber } from './fields.ts';
import type { RegisterKind } from './kind.ts';

export const icpFilings: RegisterKind = {
  id: 'icp-filings',
  table: 'icp_filings',
  schemaName: 'IcpFiling',
  name: { zh: 'ICP备案', en: 'ICP filing' },
  plural: { zh: 'ICP备案', en: 'ICP filings' },
  parent: 'company',
  fields: [
    {
      key: 'number',
      column: 'number',
      type: 'text',
      zh: 'ICP备案号',
      en: 'ICP filing number',
      aliases: ['备案号'],
      required: true,
      max: 64,
      check: checkFilingNumber,
      description: 'checked against the kb parameter icp-filing-number-pattern: 粤ICP备2024012345号(-1)',
    },
    {
      key: 'sites',
      column: 'sites',
      type: 'list',
      zh: '网站名称',
      en: 'Sites',
      max: 100,
      description: 'the names of the sites filed',
    },
    domainsField,
    filedOnField,
    closedOnField,
    filingStatusField,
    noteField,
  ],
  key: ['number'],
  sorts: ['number'],
};
