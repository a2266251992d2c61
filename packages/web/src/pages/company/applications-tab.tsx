/**
 * 申请: the company's applications with their state, each opening at /applications/:id, and "open an
 * application", the application pages' own form (/applications/new?company=<id>).
 */
import { Tag } from 'antd';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import type { TabProps } from './company-page.tsx';
import { LinkButton } from './link-button.tsx';
import { TabTable } from './tab-table.tsx';

type Item = Schemas['ApplicationListItem'];

export function ApplicationsTab({ company, canWrite }: TabProps) {
  const { t, lang } = useLang();
  const list = useLoad(`${company.id}:${lang}`, () =>
    call(api.GET('/api/v1/applications', { params: { query: { companyId: company.id, limit: 100, lang } } })),
  );
  return (
    <div className="tab-body">
      {canWrite && (
        <LinkButton
          type="primary"
          className="tab-actions"
          to={`/applications/new?company=${encodeURIComponent(company.id)}`}
        >
          {t('co_openApplication')}
        </LinkButton>
      )}
      <TabTable<Item>
        loaded={list}
        rows={list.data?.items ?? []}
        empty={t('co_applicationsEmpty')}
        columns={[
          {
            title: t('co_licenceCodes'),
            dataIndex: 'licenceCodes',
            render: (codes: string[], a) => <Link to={`/applications/${a.id}`}>{codes.join('、')}</Link>,
          },
          {
            title: t('co_procedure'),
            dataIndex: 'procedure',
            render: (p: string) => t(`proc_${p}` as MessageId),
          },
          {
            title: t('co_state'),
            dataIndex: 'state',
            render: (s: string) => <Tag>{t(`state_${s}` as MessageId)}</Tag>,
          },
          { title: t('authority'), dataIndex: 'authority', render: (a: string | null) => a ?? '—' },
          { title: t('updated'), dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 10) },
        ]}
      />
    </div>
  );
}
