/** The workspace's start: who is signed in, and the organisation's companies, searchable, a page at a time. */
import { Button, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { useSession } from '../session.tsx';
import { useLoad } from '../use-load.ts';

type Company = Schemas['Company'];

export default function Companies() {
  const { t, lang } = useLang();
  const { me } = useSession();
  const [q, setQ] = useState('');
  const [more, setMore] = useState<{ items: Company[]; next: string | null } | null>(null);
  const page = useLoad(`${lang}:${q}`, async () => {
    setMore(null);
    return call(
      api.GET('/api/v1/companies', { params: { query: { limit: 50, ...(q ? { q } : {}), lang } } }),
    );
  });
  const items = [...(page.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (page.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!next) return;
    const r = await call(
      api.GET('/api/v1/companies', { params: { query: { limit: 50, cursor: next, lang } } }),
    );
    setMore({ items: [...(more?.items ?? []), ...r.items], next: r.nextCursor });
  };
  const org = me?.organisations[0];

  return (
    <section>
      {me && org && (
        <Typography.Paragraph type="secondary" data-testid="welcome">
          {t('welcome', {
            name: me.user.name ?? me.user.email,
            org: org.name,
            role: t(`role_${org.role}` as MessageId),
          })}
        </Typography.Paragraph>
      )}
      <Typography.Title level={2}>{t('companies')}</Typography.Title>
      <Input.Search
        allowClear
        aria-label={t('companiesSearch')}
        placeholder={t('companiesSearch')}
        onSearch={(v) => setQ(v.trim())}
        className="companies-search"
      />
      {page.error !== null && <ErrorNotice error={page.error} onRetry={page.reload} />}
      <Table<Company>
        rowKey="id"
        loading={page.loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('companiesEmpty') }}
        columns={[
          { title: t('companyName'), dataIndex: 'name' },
          { title: t('uscc'), dataIndex: 'uscc' },
          {
            title: t('capital'),
            dataIndex: 'registeredCapitalCny',
            render: (v: number | null) =>
              v === null ? '—' : v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'),
          },
          { title: t('updated'), dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 10) },
        ]}
        footer={
          next
            ? () => (
                <Button type="link" onClick={loadMore}>
                  {t('loadMore')}
                </Button>
              )
            : undefined
        }
      />
    </section>
  );
}
