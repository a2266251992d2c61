/** Domains: the name, its holder and registrar, and its registration and expiry dates. */
import { noteField } from './common-fields.ts';
import { checkDomain, notBefore } from './fields.ts';
import type { RegisterKind } from './kind.ts';

export const domains: RegisterKind = {
  id: 'domains',
  table: 'domains',
  schemaName: 'Domain',
  name: { zh: '域名', en: 'domain' },
  plural: { zh: '域名', en: 'domains' },
  parent: 'company',
  fields: [
    {
      key: 'name',
      column: 'name',
      type: 'text',
      zh: '域名',
      en: 'Domain',
      required: true,
      max: 253,
      check: checkDomain,
      description: 'checked by the engine (validateDomain); stored in punycode',
    },
    {
      key: 'holder',
      column: 'holder',
      type: 'text',
      zh: '持有人',
      en: 'Holder',
      aliases: ['注册人'],
      max: 200,
    },
    { key: 'registrar', column: 'registrar', type: 'text', zh: '注册商', en: 'Registrar', max: 200 },
    { key: 'registeredOn', column: 'registered_on', type: 'date', zh: '注册日期', en: 'Registered on' },
    { key: 'expiresOn', column: 'expires_on', type: 'date', zh: '到期日期', en: 'Expires on' },
    noteField,
  ],
  key: ['name'],
  sorts: ['name'],
  expiry: 'expiresOn',
  crossCheck: (v) =>
    notBefore(v, 'registeredOn', 'expiresOn', {
      from: { zh: '注册日期', en: 'registeredOn' },
      to: { zh: '到期日期', en: 'expiresOn' },
    }),
};
