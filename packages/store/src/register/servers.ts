/** Servers and their hosting providers, with the provider's licence number (an IDC licence). */
import { noteField } from './common-fields.ts';
import { checkIp, checkLicenceNumber, checkLocation } from './fields.ts';
import type { RegisterKind } from './kind.ts';

export const servers: RegisterKind = {
  id: 'servers',
  table: 'servers',
  schemaName: 'Server',
  name: { zh: '服务器', en: 'server' },
  plural: { zh: '服务器', en: 'servers' },
  parent: 'company',
  fields: [
    {
      key: 'name',
      column: 'name',
      type: 'text',
      zh: '服务器名称',
      en: 'Server name',
      required: true,
      max: 100,
      description: "the company's name for it; unique within the company",
    },
    {
      key: 'address',
      column: 'address',
      type: 'text',
      zh: 'IP地址',
      en: 'IP address',
      max: 64,
      check: checkIp,
      description: 'an IPv4 or IPv6 address (engine validateIp), canonical',
    },
    {
      key: 'location',
      column: 'location',
      type: 'text',
      zh: '所在地',
      en: 'Location',
      max: 10,
      check: checkLocation,
      description:
        'a province code of the kb (CN-GD) for the mainland, else a country or region code (HK, US)',
    },
    {
      key: 'hostingProvider',
      column: 'hosting_provider',
      type: 'text',
      zh: '接入服务商',
      en: 'Hosting provider',
      aliases: ['托管服务商'],
      max: 200,
    },
    {
      key: 'providerLicence',
      column: 'provider_licence',
      type: 'text',
      zh: '服务商许可证编号',
      en: 'Provider licence number',
      max: 64,
      check: checkLicenceNumber,
      description: "the hosting provider's licence number, checked against the kb licence-number-pattern",
    },
    noteField,
  ],
  key: ['companyId', 'name'],
  sorts: ['name'],
};
