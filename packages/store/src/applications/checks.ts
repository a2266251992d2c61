import { companyVisible, type Scope } from '../scope.ts';
import { ApplicationStoreError, type ChecklistEntry } from './model.ts';
import type { ClockData, Q } from './rows.ts';

/** the company's stored profile (JSON text or null); COMPANY_UNKNOWN unless the scope sees the company */
export async function checkCompany(
  q: Q,
  scope: Scope,
  companyId: string,
): Promise<{ profile: string | null }> {
  const company = await q
    .selectFrom('companies')
    .select('profile')
    .where('id', '=', companyId)
    .where(companyVisible(scope, 'companies', 'id'))
    .executeTakeFirst();
  if (!company)
    throw new ApplicationStoreError('COMPANY_UNKNOWN', {
      zh: `本机构没有公司 ${companyId.slice(0, 100)}`,
      en: `no company ${companyId.slice(0, 100)} in this organisation`,
    });
  return company;
}

/**
 * UNKNOWN_DOCUMENT unless every id is a document of the organisation; DOCUMENT_OF_OTHER_COMPANY when one
 * belongs to another company than the application's (its id would otherwise show to that company's client)
 */
export async function checkDocuments(
  q: Q,
  scope: Scope,
  companyId: string,
  ids: readonly string[],
): Promise<void> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  const found = await q
    .selectFrom('documents')
    .select(['id', 'company_id'])
    .where('organisation_id', '=', scope.organisationId)
    .where('id', 'in', wanted)
    .execute();
  const have = new Set(found.map((d) => d.id));
  const missing = wanted.filter((id) => !have.has(id));
  if (missing.length)
    throw new ApplicationStoreError('UNKNOWN_DOCUMENT', {
      zh: `本机构没有文件 ${missing.map((m) => m.slice(0, 100)).join('、')}`,
      en: `no document ${missing.map((m) => m.slice(0, 100)).join(', ')} in this organisation`,
    });
  const foreign = found.filter((d) => d.company_id !== companyId).map((d) => d.id);
  if (foreign.length)
    throw new ApplicationStoreError('DOCUMENT_OF_OTHER_COMPANY', {
      zh: `文件 ${foreign.join('、')} 属于其他公司，不能用于公司 ${companyId} 的申请`,
      en: `document ${foreign.join(', ')} belongs to another company than the application's (${companyId})`,
    });
}

export const checklistDocuments = (c: Record<string, ChecklistEntry | null> | undefined) =>
  Object.values(c ?? {}).flatMap((e) => e?.documentIds ?? []);

/** INVALID_EVENT_DATE when `on` is after today or before the previous event */
export function checkDate(clock: ClockData, on: string, today: string): void {
  if (on > today)
    throw new ApplicationStoreError('INVALID_EVENT_DATE', {
      zh: `${on} 晚于今天（今天是 ${today}）`,
      en: `${on} is in the future (today is ${today})`,
    });
  if (clock.lastOn && on < clock.lastOn)
    throw new ApplicationStoreError('INVALID_EVENT_DATE', {
      zh: `${on} 早于上一事件（${clock.lastOn}）；事件须按时间顺序记录`,
      en: `${on} is before the previous event (${clock.lastOn}); events are recorded in order`,
    });
}
