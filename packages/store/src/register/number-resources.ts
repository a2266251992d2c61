/** Number resources (码号资源): their type, the number, the authority that granted them and their dates. */
import { noteField } from './common-fields.ts';
import { checkAuthority, notBefore } from './fields.ts';
import type { RegisterKind } from './kind.ts';

/** 106 SMS access codes, 95/96 call-centre numbers, anything else */
export const numberResourceTypes = ['sms-access-code', 'call-centre', 'other'] as const;

export const numberResources: RegisterKind = {
  id: 'number-resources',
  table: 'number_resources',
  schemaName: 'NumberResource',
  name: { zh: '码号资源', en: 'number resource' },
  plural: { zh: '码号资源', en: 'number resources' },
  parent: 'company',
  fields: [
    {
      key: 'type',
      column: 'type',
      type: 'enum',
      zh: '类型',
      en: 'Type',
      required: true,
      values: numberResourceTypes,
      description: 'sms-access-code (106 短信接入代码), call-centre (95/96 号码), other',
    },
    {
      key: 'number',
      column: 'number',
      type: 'text',
      zh: '号码',
      en: 'Number',
      required: true,
      max: 40,
      check: (s) =>
        /^[0-9]+$/.test(s.replace(/[\s-]/g, ''))
          ? { ok: true, value: s.replace(/[\s-]/g, '') }
          : {
              ok: false,
              code: 'NUMBER_DIGITS',
              message: { zh: '号码只能包含数字', en: 'the number may hold digits only' },
            },
    },
    {
      key: 'authority',
      column: 'authority',
      type: 'text',
      zh: '批准机关',
      en: 'Authority',
      max: 16,
      check: checkAuthority,
      description: 'MIIT or a provincial administration (CN-GD)',
    },
    { key: 'grantedOn', column: 'granted_on', type: 'date', zh: '批准日期', en: 'Granted on' },
    { key: 'expiresOn', column: 'expires_on', type: 'date', zh: '有效期至', en: 'Expires on' },
    noteField,
  ],
  key: ['type', 'number'],
  sorts: ['number'],
  expiry: 'expiresOn',
  crossCheck: (v) =>
    notBefore(v, 'grantedOn', 'expiresOn', {
      from: { zh: '批准日期', en: 'grantedOn' },
      to: { zh: '有效期至', en: 'expiresOn' },
    }),
};
