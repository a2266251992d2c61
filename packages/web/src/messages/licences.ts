/** The licences pages' words: the organisation's licences, searched and filtered. */
import { m } from './define.ts';

export const licenceMessages = m({
  nav_licences: { zh: '许可证', en: 'Licences' },
  licTitle: { zh: '经营许可证', en: 'Licences' },
  licSearch: { zh: '按许可证编号或公司名称搜索', en: 'Search by licence number or company' },
  licCode: { zh: '业务代码，如 B25', en: 'Service code, e.g. B25' },
  licAnyStanding: { zh: '全部状态', en: 'Any standing' },
  licAnyAuthority: { zh: '全部发证机关', en: 'Any authority' },
  licEmpty: { zh: '没有符合条件的许可证。', en: 'No licences match.' },
  licNumber: { zh: '许可证编号', en: 'Licence number' },
  licCodes: { zh: '业务种类', en: 'Services' },
  licIssued: { zh: '发证日期', en: 'Issued' },
  licExpires: { zh: '有效期至', en: 'Expires' },
  licStanding: { zh: '状态', en: 'Standing' },
  licRenewalDue: { zh: '续期申请截止', en: 'Renewal due by' },
  licDaysToExpiry: { zh: '距到期 {n} 天', en: '{n} days to expiry' },
  licExpiredDays: { zh: '已过期 {n} 天', en: 'expired {n} days ago' },
});
