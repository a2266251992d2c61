/**
 * The workspace's start: who is signed in, and the organisation's companies, searchable, a page at a time;
 * a new company (the form checks what the API checks), the import and the export.
 */
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { useSession } from '../session.tsx';
import { useLoad } from '../use-load.ts';
import { CompanyForm } from './company/company-form.tsx';
import { LinkButton } from './company/link-button.tsx';
import { createBody } from './company/use-company-api.ts';

type Company = Schemas['Company'];

export default function Companies() {
  const { t, lang } = useLang();
  const { me } = useSession();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
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
  const canWrite = org !== undefined && ['owner', 'admin', 'consultant'].includes(org.role);

  return (
    <section className="company-area">
      {me && org && (
        <Typography.Paragraph type="secondary" data-testid="welcome">
          {t('welcome', {
            name: me.user.name ?? me.user.email,
            org: org.name,
            role: t(`role_${org.role}` as MessageId),
          })}
        </Typography.Paragraph>
      )}
      <div className="page-head">
        <Typography.Title level={1}>{t('companies')}</Typography.Title>
        <Space wrap>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('co_new')}
            </Button>
          )}
          {canWrite && (
            <LinkButton icon={<UploadOutlined />} to="/import?kind=companies">
              {t('co_import')}
            </LinkButton>
          )}
          <Button icon={<DownloadOutlined />} href="/api/v1/export/companies.xlsx" download>
            {t('co_export')} Excel
          </Button>
          <Button icon={<DownloadOutlined />} href="/api/v1/export/companies.csv" download>
            {t('co_export')} CSV
          </Button>
        </Space>
      </div>
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
        locale={{ emptyText: q ? t('co_noMatch', { q }) : t('companiesEmpty') }}
        columns={[
          {
            title: t('companyName'),
            dataIndex: 'name',
            minWidth: 160,
            render: (name: string, c) => <Link to={`/companies/${c.id}`}>{name}</Link>,
          },
          { title: t('uscc'), dataIndex: 'uscc' },
          {
            title: t('capital'),
            dataIndex: 'registeredCapitalCny',
            responsive: ['md'],
            render: (v: number | null) =>
              v === null ? '—' : v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'),
          },
          {
            title: t('updated'),
            dataIndex: 'updatedAt',
            responsive: ['md'],
            render: (v: string) => v.slice(0, 10),
          },
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
      <Modal
        open={creating}
        title={t('co_new')}
        footer={null}
        destroyOnHidden
        onCancel={() => setCreating(false)}
      >
        <CompanyForm
          submitLabel={t('co_create')}
          onCancel={() => setCreating(false)}
          onSubmit={async (v) => {
            const c = await call(
              api.POST('/api/v1/companies', { params: { query: { lang } }, body: createBody(v) }),
            );
            setCreating(false);
            navigate(`/companies/${c.id}`);
          }}
        />
      </Modal>
    </section>
  );
}
