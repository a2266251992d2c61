/** The dashboard's applications in progress, by state, each with the step the authority owes and by when. */
import { Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { type Lang, useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import type { Loaded } from '../../use-load.ts';
import { useAuthorityName } from '../licences/use-authorities.ts';
import { listTableProps } from './list-table.ts';
import { NarrowMeta, WIDE } from './narrow.tsx';
import { useCompanyNames } from './use-company-names.ts';

type Item = Schemas['ApplicationListItem'];
type State = Item['state'];

/** the states where something is still to be done, in the order an application goes through them */
export const IN_FLIGHT: State[] = ['draft', 'submitted', 'accepted', 'correction-requested', 'corrected'];
const PAGE = 100;

export interface InFlight {
  items: Item[];
  /** states with more applications than the first page shows */
  truncated: State[];
}

export async function loadInFlight(lang: Lang): Promise<InFlight> {
  const pages = await Promise.all(
    IN_FLIGHT.map((state) =>
      call(
        api.GET('/api/v1/applications', {
          params: { query: { state, limit: PAGE, sort: 'updatedAt', lang } },
        }),
      ),
    ),
  );
  const items = pages.flatMap((p) => p.items);
  const order = (a: Item) => a.clock.dueBy ?? '9999';
  items.sort(
    (a, b) => IN_FLIGHT.indexOf(a.state) - IN_FLIGHT.indexOf(b.state) || order(a).localeCompare(order(b)),
  );
  return { items, truncated: IN_FLIGHT.filter((_, i) => pages[i]?.nextCursor) };
}

function Clock({ c }: { c: Item['clock'] }) {
  const { t } = useLang();
  if (!c.step || !c.dueBy) return <Typography.Text type="secondary">{t('dashClockNone')}</Typography.Text>;
  const colour = c.overdue ? 'red' : c.status === 'due-soon' ? 'orange' : 'blue';
  return (
    <Space size={4} wrap>
      <Tag color={colour}>
        {t('dashClockDueBy', { step: t(`dashStep_${c.step}` as MessageId), date: c.dueBy })}
      </Tag>
      {c.overdue ? (
        <Tag color="red">{t('dashClockOverdue')}</Tag>
      ) : (
        c.remaining !== null && <span className="nowrap">{t('dashClockRemaining', { n: c.remaining })}</span>
      )}
      {c.paused && <Tag>{t('dashClockPaused')}</Tag>}
      {c.deemedAccepted && <Tag color="purple">{t('dashClockDeemed')}</Tag>}
    </Space>
  );
}

export function ApplicationsCard({ loaded, states }: { loaded: Loaded<InFlight>; states: State[] }) {
  const { t } = useLang();
  const authority = useAuthorityName();
  const items = loaded.data?.items ?? [];
  const names = useCompanyNames(items.map((a) => a.companyId));
  const byState = states.map((s) => [s, items.filter((a) => a.state === s).length] as const);
  return (
    <Card title={t('dashApplications')} className="dash-card" data-testid="dash-applications">
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {loaded.data && items.length > 0 && (
        <Space size={[4, 8]} wrap className="dash-states">
          {byState.map(([s, n]) => (
            <Tag key={s} data-state={s} color={n ? 'blue' : 'default'}>
              {t(`dashState_${s}` as MessageId)} {n}
            </Tag>
          ))}
        </Space>
      )}
      {loaded.error === null && (
        <Table<Item>
          {...listTableProps(items, loaded.loading, t('dashApplicationsEmpty'))}
          columns={[
            {
              title: t('dashApplication'),
              key: 'id',
              render: (_, a) => (
                <>
                  <Link to={`/applications/${a.id}`}>
                    {t(`dashProc_${a.procedure}` as MessageId)} {a.licenceCodes.join('、')}
                  </Link>
                  <NarrowMeta>
                    <span>{names[a.companyId] ?? '…'}</span>
                    <span>{t(`dashState_${a.state}` as MessageId)}</span>
                  </NarrowMeta>
                </>
              ),
            },
            {
              title: t('oblCompany'),
              key: 'company',
              responsive: WIDE,
              render: (_, a) => <Link to={`/companies/${a.companyId}`}>{names[a.companyId] ?? '…'}</Link>,
            },
            {
              title: t('dashState'),
              dataIndex: 'state',
              responsive: WIDE,
              render: (s: State) => t(`dashState_${s}` as MessageId),
            },
            {
              title: t('authority'),
              dataIndex: 'authority',
              responsive: WIDE,
              render: (a: string | null) => authority(a),
            },
            { title: t('dashClock'), key: 'clock', render: (_, a) => <Clock c={a.clock} /> },
          ]}
        />
      )}
      {loaded.data && loaded.data.truncated.length > 0 && (
        <Typography.Paragraph type="secondary">{t('dashMore', { n: PAGE })}</Typography.Paragraph>
      )}
    </Card>
  );
}
