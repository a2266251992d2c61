/** The organisation's applications (/applications): state, the step the authority owes next, filterable by state. */
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { type ApplicationState, stateColour, useNames } from './names.ts';
import { StateTag } from './state-tag.tsx';

type Item = Schemas['ApplicationListItem'];
/** every state, in the order of the state machine (the keys of a record the type checks for completeness) */
const states = Object.keys(stateColour) as ApplicationState[];

/** the company names of a page of applications */
async function companyNames(items: Item[]): Promise<Map<string, string>> {
  const ids = [...new Set(items.map((i) => i.companyId))];
  const found = await Promise.all(
    ids.map((id) =>
      call(api.GET('/api/v1/companies/{id}', { params: { path: { id } } })).then(
        (c) => [id, c.name] as const,
        () => [id, id] as const,
      ),
    ),
  );
  return new Map(found);
}

export function ClockCell({ clock }: { clock: Item['clock'] }) {
  const { t } = useLang();
  if (!clock.step || !clock.status) return <>—</>;
  const colour = clock.overdue ? 'error' : clock.status === 'due-soon' ? 'warning' : 'default';
  return (
    <Space size={4} wrap>
      <Tag color={colour}>{t(`clock_${clock.status}` as MessageId)}</Tag>
      {clock.dueBy && <span>{t('app_stepDue', { date: clock.dueBy })}</span>}
      {clock.paused && <Tag>{t('app_stepPaused')}</Tag>}
    </Space>
  );
}

export default function ApplicationsList() {
  const { t } = useLang();
  const names = useNames();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') as ApplicationState | null) ?? undefined;
  const [more, setMore] = useState<{ items: Item[]; next: string | null; names: Map<string, string> } | null>(
    null,
  );
  const page = useLoad(`applications:${state ?? ''}`, async () => {
    setMore(null);
    const r = await call(
      api.GET('/api/v1/applications', { params: { query: { limit: 50, ...(state ? { state } : {}) } } }),
    );
    return { ...r, names: await companyNames(r.items) };
  });
  const items = [...(page.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (page.data?.nextCursor ?? null);
  const companyName = (id: string) => more?.names.get(id) ?? page.data?.names.get(id) ?? id;
  const [moreError, setMoreError] = useState<unknown>(null);
  const loadMore = async () => {
    if (!next) return;
    setMoreError(null);
    try {
      const r = await call(
        api.GET('/api/v1/applications', {
          params: { query: { limit: 50, cursor: next, ...(state ? { state } : {}) } },
        }),
      );
      const n = await companyNames(r.items);
      setMore({
        items: [...(more?.items ?? []), ...r.items],
        next: r.nextCursor,
        names: new Map([...(more?.names ?? []), ...n]),
      });
    } catch (e) {
      setMoreError(e);
    }
  };

  return (
    <section className="app-list">
      <div className="app-list-head">
        <Typography.Title level={1}>{t('app_listTitle')}</Typography.Title>
        <Link to="/applications/new">
          <Button type="primary">{t('app_new')}</Button>
        </Link>
      </div>
      <Select<ApplicationState | ''>
        className="app-state-filter"
        aria-label={t('app_filterState')}
        value={state ?? ''}
        onChange={(v) => setParams(v ? { state: v } : {})}
        options={[
          { value: '', label: t('app_allStates') },
          ...states.map((s) => ({ value: s, label: names.state(s) })),
        ]}
      />
      {page.error !== null && <ErrorNotice error={page.error} onRetry={page.reload} />}
      <Table<Item>
        rowKey="id"
        loading={page.loading}
        dataSource={items}
        pagination={false}
        // narrow screens scroll the table sideways (state and clock first) rather than squeeze a name into
        // one character a line
        scroll={{ x: 720 }}
        locale={{ emptyText: t('app_listEmpty') }}
        columns={[
          {
            title: t('app_company'),
            dataIndex: 'companyId',
            render: (id: string, a) => <Link to={`/applications/${a.id}`}>{companyName(id)}</Link>,
          },
          {
            title: t('app_state'),
            dataIndex: 'state',
            render: (s: ApplicationState) => <StateTag state={s} />,
          },
          {
            title: t('app_clock'),
            dataIndex: 'clock',
            render: (c: Item['clock']) => <ClockCell clock={c} />,
          },
          { title: t('app_licence'), dataIndex: 'licenceCodes', render: (c: string[]) => names.licences(c) },
          {
            title: t('app_procedure'),
            dataIndex: 'procedure',
            render: names.procedure,
            responsive: ['md'],
          },
          {
            title: t('app_authority'),
            dataIndex: 'authority',
            render: names.authority,
            responsive: ['md'],
          },
        ]}
        footer={
          next
            ? () => (
                <>
                  {moreError !== null && <ErrorNotice error={moreError} />}
                  <Button type="link" onClick={loadMore}>
                    {t('loadMore')}
                  </Button>
                </>
              )
            : undefined
        }
      />
    </section>
  );
}
