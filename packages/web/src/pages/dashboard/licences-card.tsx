/** The dashboard's licences that expire within 180 days (or have expired while still recorded active). */
import { Card, Table } from 'antd';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { type Lang, useLang } from '../../i18n.tsx';
import type { Loaded } from '../../use-load.ts';
import { StandingTag } from '../licences/standing-tag.tsx';
import { useAuthorityName } from '../licences/use-authorities.ts';
import { listTableProps } from './list-table.ts';
import { NarrowMeta, WIDE } from './narrow.tsx';
import { useCompanyNames } from './use-company-names.ts';

type Licence = Schemas['Licence'];
type Page = { items: Licence[]; nextCursor: string | null };

/** active licences expiring before `before`, soonest first */
export const loadExpiring = (before: string, lang: Lang): Promise<Page> =>
  call(
    api.GET('/api/v1/licences', {
      params: { query: { status: 'active', expiringBefore: before, sort: 'expiresOn', limit: 100, lang } },
    }),
  );

export function LicencesCard({ loaded }: { loaded: Loaded<Page> }) {
  const { t } = useLang();
  const authority = useAuthorityName();
  const items = loaded.data?.items ?? [];
  const names = useCompanyNames(items.map((l) => l.companyId));
  return (
    <Card title={t('dashLicences')} className="dash-card" data-testid="dash-licences">
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {loaded.error === null && (
        <Table<Licence>
          {...listTableProps(items, loaded.loading, t('dashLicencesEmpty'))}
          columns={[
            {
              title: t('licNumber'),
              key: 'number',
              render: (_, l) => (
                <>
                  <Link to={`/licences/${l.id}`} className="nowrap">
                    {l.number}
                  </Link>
                  <NarrowMeta>
                    <span>{names[l.companyId] ?? '…'}</span>
                    <span>
                      {t('licExpires')} {l.expiresOn}
                    </span>
                  </NarrowMeta>
                </>
              ),
            },
            {
              title: t('oblCompany'),
              key: 'company',
              responsive: WIDE,
              render: (_, l) => <Link to={`/companies/${l.companyId}`}>{names[l.companyId] ?? '…'}</Link>,
            },
            {
              title: t('authority'),
              dataIndex: 'authority',
              responsive: WIDE,
              render: (a: string) => authority(a),
            },
            {
              title: t('licExpires'),
              key: 'expires',
              responsive: WIDE,
              render: (_, l) => <span className="nowrap">{l.expiresOn}</span>,
            },
            {
              title: t('licRenewalDue'),
              dataIndex: 'renewalDueFrom',
              responsive: WIDE,
              render: (d: string | null) => d ?? '—',
            },
            { title: t('licStanding'), key: 'standing', render: (_, l) => <StandingTag licence={l} /> },
          ]}
        />
      )}
    </Card>
  );
}
