/** Questions that settle a missing profile field. UI text, not legal facts. */
import type { Text } from '@icpdesk/kb';

export const fieldQuestions: Record<string, Text> = {
  'entity.type': {
    zh: '经营主体是公司还是个人？（entity.type: company | individual）',
    en: 'Is the operator a company or an individual? (entity.type: company | individual)',
  },
  'entity.registeredProvince': {
    zh: '公司注册在哪个省份？（entity.registeredProvince，如 CN-GD）',
    en: 'In which province is the company registered? (entity.registeredProvince, e.g. CN-GD)',
  },
  'entity.pilotArea': {
    zh: '公司是否设在2024年增值电信开放试点区域（北京、上海临港/浦东、海南、深圳）？（entity.pilotArea，不在则填 null）',
    en: 'Is the company in a 2024 opening pilot area (Beijing, Shanghai Lingang/Pudong, Hainan, Shenzhen)? (entity.pilotArea, null if not)',
  },
  'entity.registeredCapitalCny': {
    zh: '注册资本是多少元人民币？（entity.registeredCapitalCny）',
    en: 'What is the registered capital in RMB? (entity.registeredCapitalCny)',
  },
  'entity.foreignSharePercent': {
    zh: '穿透至自然人后，外资（含港澳台）合计持股比例是多少？（entity.foreignSharePercent，无外资填 0）',
    en: 'Traced up to natural persons, what share do foreign (including HK, Macau, Taiwan) investors hold? (entity.foreignSharePercent, 0 if none)',
  },
  'entity.onCreditBlacklist': {
    zh: '公司、主要投资者或主要经营管理人员是否被列入电信业务经营失信名单？（entity.onCreditBlacklist）',
    en: 'Are the company, its main investors or managers on the telecom dishonest list? (entity.onCreditBlacklist)',
  },
  'service.coverage': {
    zh: '业务在哪些省份设立和经营？即公司、分支机构和服务器所在的省份，不是用户所在地（service.coverage：省份代码列表，或 ["nationwide"]；用户分布另填 service.userReach）',
    en: 'In which provinces is the business set up and operated — where the company, its branches and its servers are, not where its users are? (service.coverage: province codes, or ["nationwide"]; give where users are as service.userReach)',
  },
  'service.userReach': {
    zh: '用户在哪里？（service.userReach: one-province | several-provinces | nationwide | worldwide；只作说明，不影响许可证的审批机关）',
    en: 'Where are the users? (service.userReach: one-province | several-provinces | nationwide | worldwide; for information, it does not change which authority licenses)',
  },
  'service.serverLocation': {
    zh: '服务器在哪里？（service.serverLocation: mainland | hong-kong-macau-taiwan | overseas）',
    en: 'Where are the servers? (service.serverLocation: mainland | hong-kong-macau-taiwan | overseas)',
  },
  'service.channels': {
    zh: '通过哪些渠道提供服务？（service.channels: website、app、mini-program，可多选）',
    en: 'Through which channels is the service offered? (service.channels: website, app, mini-program)',
  },
};
