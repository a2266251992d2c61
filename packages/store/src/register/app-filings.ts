/** App filings (APP/小程序备案): the number, the app and its platforms. */
import { closedOnField, filedOnField, filingStatusField, noteField } from './common-fields.ts';
import { checkFilingNumber } from './fields.ts';
import type { RegisterKind } from './kind.ts';

export const appPlatforms = ['android', 'ios', 'harmony', 'mini-program', 'quick-app', 'other'] as const;

export const appFilings: RegisterKind = {
  id: 'app-filings',
  table: 'app_filings',
  schemaName: 'AppFiling',
  name: { zh: 'APP备案', en: 'app filing' },
  plural: { zh: 'APP备案', en: 'app filings' },
  parent: 'company',
  fields: [
    {
      key: 'number',
      column: 'number',
      type: 'text',
      zh: 'APP备案号',
      en: 'App filing number',
      aliases: ['备案号'],
      required: true,
      max: 64,
      check: checkFilingNumber,
      description: 'checked against the kb parameter icp-filing-number-pattern: 粤ICP备2024012345号-1A',
    },
    {
      key: 'appName',
      column: 'app_name',
      type: 'text',
      zh: 'APP名称',
      en: 'App name',
      required: true,
      max: 100,
    },
    {
      key: 'platforms',
      column: 'platforms',
      type: 'list',
      zh: '平台',
      en: 'Platforms',
      values: appPlatforms,
      description: `the platforms: ${appPlatforms.join(', ')}`,
    },
    filedOnField,
    closedOnField,
    filingStatusField,
    noteField,
  ],
  key: ['number'],
  sorts: ['number', 'appName'],
};
