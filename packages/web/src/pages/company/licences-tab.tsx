/** 许可证: the company's licences with where each stands today and the days left. */
import { Tag } from 'antd';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import type { TabProps } from './company-page.tsx';
import { TabTable } from './tab-table.tsx';

type Licence = Schemas['Licence'];
const COLOUR: Record<Licence['standing'], string> = {
  'in-force': 'green',
  'renewal-due': 'orange',
  expired: 'red',
  suspended: 'orange',
  revoked: 'red',
  cancelled: 'default',
};

export function LicencesTab({ company }: TabProps) {
  const { t, lang } = useLang();
  const list = useLoad(`${company.id}:${lang}`, () =>
    call(api.GET('/api/v1/licences', { params: { query: { companyId: company.id, limit: 100, lang } } })),
  );
  return (
    <div className="tab-body">
      <TabTable<Licence>
        loaded={list}
        rows={list.data?.items ?? []}
        empty={t('co_licencesEmpty')}
        columns={[
          {
            title: t('co_licenceNumber'),
            dataIndex: 'number',
            render: (n: string, l) => <Link to={`/licences/${l.id}`}>{n}</Link>,
          },
          { title: t('co_licenceCodes'), dataIndex: 'codes', render: (c: string[]) => c.join('、') },
          { title: t('authority'), dataIndex: 'authority' },
          { title: t('co_issuedOn'), dataIndex: 'issuedOn' },
          {
            title: t('co_expiresOn'),
            dataIndex: 'expiresOn',
            render: (v: string, l) => (
              <>
                {v}
                {l.daysToExpiry >= 0 && (
                  <div className="muted">{t('co_daysLeft', { days: l.daysToExpiry })}</div>
                )}
              </>
            ),
          },
          {
            title: t('co_standing'),
            dataIndex: 'standing',
            render: (s: Licence['standing']) => (
              <Tag color={COLOUR[s]}>{t(`standing_${s}` as MessageId)}</Tag>
            ),
          },
        ]}
      />
    </div>
  );
}
