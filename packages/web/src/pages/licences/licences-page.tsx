/**
 * The organisation's licences: searchable by number or company, filtered by service code, standing and
 * authority (kept in the address, so a filtered list is a link), a page at a time; each links to its
 * company and to the licence (its page, with its obligations, is the application pages' /licences/:id).
 */
import '../dashboard/dash.css';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import type { paths } from '../../api/openapi';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { NarrowMeta, WIDE } from '../dashboard/narrow.tsx';
import { useCompanyNames } from '../dashboard/use-company-names.ts';
import { type Standing, StandingTag, standings } from './standing-tag.tsx';
import { useAuthorities, useAuthorityName } from './use-authorities.ts';

type Licence = Schemas['Licence'];
type Query = NonNullable<paths['/api/v1/licences']['get']['parameters']['query']>;
const FILTERS = ['q', 'code', 'standing', 'authority', 'companyId'] as const;

export default function LicencesPage() {
  const { t, tx, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(
    FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])),
  ) as Partial<Record<(typeof FILTERS)[number], string>>;
  const set = (k: (typeof FILTERS)[number], v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const [more, setMore] = useState<{ items: Licence[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const query: Query = {
    limit: 50,
    sort: 'expiresOn',
    lang,
    ...(filter as Omit<Query, 'standing'>),
    ...(filter.standing ? { standing: filter.standing as Standing } : {}),
  };
  const page = useLoad(JSON.stringify(query), () => {
    setMore(null);
    setMoreError(null);
    return call(api.GET('/api/v1/licences', { params: { query } }));
  });
  const items = [...(page.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (page.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!next) return;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const r = await call(api.GET('/api/v1/licences', { params: { query: { ...query, cursor: next } } }));
      setMore({ items: [...(more?.items ?? []), ...r.items], next: r.nextCursor });
    } catch (e) {
      setMoreError(e);
    } finally {
      setMoreBusy(false);
    }
  };
  const names = useCompanyNames([
    ...items.map((l) => l.companyId),
    ...(filter.companyId ? [filter.companyId] : []),
  ]);
  const authorities = useAuthorities();
  const authority = useAuthorityName();

  return (
    <section className="dash-area">
      <Typography.Title level={1}>{t('licTitle')}</Typography.Title>
      <Space wrap className="lic-filters">
        <Input.Search
          allowClear
          defaultValue={filter.q}
          aria-label={t('licSearch')}
          placeholder={t('licSearch')}
          onSearch={(v) => set('q', v.trim() || undefined)}
          className="lic-search"
        />
        <Input.Search
          allowClear
          defaultValue={filter.code}
          aria-label={t('licCode')}
          placeholder={t('licCode')}
          onSearch={(v) => set('code', v.trim() || undefined)}
          className="lic-code"
        />
        <Select
          allowClear
          aria-label={t('licStanding')}
          placeholder={t('licAnyStanding')}
          value={filter.standing}
          onChange={(v?: string) => set('standing', v)}
          options={standings.map((s) => ({ value: s, label: t(`standing_${s}` as MessageId) }))}
          className="lic-select"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('authority')}
          placeholder={t('licAnyAuthority')}
          value={filter.authority}
          onChange={(v?: string) => set('authority', v)}
          options={authorities.map((a) => ({ value: a.id, label: tx(a.name) }))}
          className="lic-select"
        />
        {filter.companyId && (
          <Tag closable onClose={() => set('companyId', undefined)}>
            {t('oblCompany')}：{names[filter.companyId] ?? '…'}
          </Tag>
        )}
      </Space>
      {page.error !== null && <ErrorNotice error={page.error} onRetry={page.reload} />}
      {page.error === null && (
        <Table<Licence>
          rowKey="id"
          loading={page.loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: true }}
          size="middle"
          locale={{ emptyText: t('licEmpty') }}
          columns={[
            {
              title: t('oblCompany'),
              key: 'company',
              responsive: WIDE,
              render: (_, l) => <Link to={`/companies/${l.companyId}`}>{names[l.companyId] ?? '…'}</Link>,
            },
            {
              title: t('licCodes'),
              key: 'codes',
              responsive: WIDE,
              render: (_, l) => l.codes.map((c) => <Tag key={c}>{c}</Tag>),
            },
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
                    <span>{l.codes.join('、')}</span>
                    <span>
                      {t('licExpires')} {l.expiresOn}
                    </span>
                  </NarrowMeta>
                </>
              ),
            },
            {
              title: t('authority'),
              dataIndex: 'authority',
              responsive: WIDE,
              render: (a: string) => authority(a),
            },
            { title: t('licIssued'), dataIndex: 'issuedOn', className: 'nowrap', responsive: ['lg'] },
            { title: t('licExpires'), dataIndex: 'expiresOn', className: 'nowrap', responsive: WIDE },
            { title: t('licStanding'), key: 'standing', render: (_, l) => <StandingTag licence={l} /> },
            {
              title: t('licRenewalDue'),
              dataIndex: 'renewalDueFrom',
              className: 'nowrap',
              responsive: WIDE,
              render: (d: string | null) => d ?? '—',
            },
          ]}
          footer={
            next
              ? () => (
                  <>
                    {moreError !== null && <ErrorNotice error={moreError} onRetry={loadMore} />}
                    <Button type="link" onClick={loadMore} loading={moreBusy}>
                      {t('loadMore')}
                    </Button>
                  </>
                )
              : undefined
          }
        />
      )}
    </section>
  );
}
