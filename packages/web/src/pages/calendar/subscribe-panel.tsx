/**
 * iCalendar subscriptions (owner, admin): make one for the organisation or a company (its secret address is
 * shown once, with a copy button and how to add it to Outlook, Apple or Google calendars), list them, revoke.
 */
import { Alert, Button, Card, Form, Input, Popconfirm, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client.ts';
import type { paths } from '../../api/openapi';
import { ApiError } from '../../api/problems.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import { WIDE } from '../dashboard/narrow.tsx';
import { useCompanyNames } from '../dashboard/use-company-names.ts';
import { CompanySelect } from './company-select.tsx';

type Feed =
  paths['/api/v1/calendar-feeds']['get']['responses'][200]['content']['application/json']['items'][number];
const ALARM_CHOICES = [90, 60, 30, 14, 7, 3, 1, 0];
/** the server's default alarms, offered in the form */
const DEFAULT_ALARMS = [30, 7, 1];

interface Made {
  url: string;
  feed: Feed;
}

function HowTo({ url }: { url: string }) {
  const { t } = useLang();
  return (
    <>
      <Typography.Paragraph
        copyable={{ text: url, tooltips: [t('feedCopy'), t('feedCopied')] }}
        className="feed-url"
        data-testid="feed-url"
      >
        <code>{url}</code>
      </Typography.Paragraph>
      <Typography.Paragraph>
        <a href={url.replace(/^https?:/, 'webcal:')}>{t('feedOpenWebcal')}</a>
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('feedHowTo')}</Typography.Title>
      <ul className="feed-howto">
        <li>{t('feedHowOutlook')}</li>
        <li>{t('feedHowApple')}</li>
        <li>{t('feedHowGoogle')}</li>
      </ul>
    </>
  );
}

function CreateForm({ onMade }: { onMade(m: Made): void }) {
  const { t, lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: {
    name: string;
    companyId?: string;
    language: 'zh' | 'en';
    alarmDays: number[];
  }) => {
    setBusy(true);
    setError(null);
    try {
      const made = await call(
        api.POST('/api/v1/calendar-feeds', {
          params: { query: { lang } },
          body: {
            name: v.name,
            language: v.language,
            alarmDays: v.alarmDays,
            ...(v.companyId ? { companyId: v.companyId } : {}),
          },
        }),
      );
      onMade({ feed: made.feed, url: `${window.location.origin}${made.url}` });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      initialValues={{ name: t('feedNameDefault'), language: lang, alarmDays: DEFAULT_ALARMS }}
      className="feed-form"
    >
      <Form.Item
        name="name"
        label={t('feedName')}
        rules={[{ required: true, whitespace: true, message: t('required_field') }, { max: 100 }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="companyId" label={t('feedCompany')}>
        <CompanySelect placeholder={t('feedWholeOrg')} />
      </Form.Item>
      <Form.Item name="language" label={t('feedLanguage')}>
        <Radio.Group
          options={[
            { value: 'zh', label: t('feedLang_zh') },
            { value: 'en', label: t('feedLang_en') },
          ]}
        />
      </Form.Item>
      <Form.Item name="alarmDays" label={t('feedAlarms')} rules={[{ type: 'array', max: 10 }]}>
        <Select mode="multiple" options={ALARM_CHOICES.map((d) => ({ value: d, label: String(d) }))} />
      </Form.Item>
      {error !== null && <ErrorNotice error={error} />}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('feedCreate')}
      </Button>
    </Form>
  );
}

function FeedList({ feeds, loading, onRevoked }: { feeds: Feed[]; loading: boolean; onRevoked(): void }) {
  const { t, lang } = useLang();
  const [error, setError] = useState<unknown>(null);
  const names = useCompanyNames(feeds.flatMap((f) => (f.companyId ? [f.companyId] : [])));
  const revoke = async (id: string) => {
    setError(null);
    try {
      const r = await api
        .DELETE('/api/v1/calendar-feeds/{id}', { params: { path: { id }, query: { lang } } })
        .catch((e: unknown) => {
          throw new ApiError(null, e);
        });
      if (!r.response.ok) throw new ApiError(r.error ?? null, r.response.status);
      onRevoked();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      {error !== null && <ErrorNotice error={error} />}
      <Table<Feed>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={feeds}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('feedEmpty') }}
        onRow={(f) => ({ 'data-feed': f.id }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('feedName'), dataIndex: 'name' },
          {
            title: t('feedCompany'),
            key: 'scope',
            render: (_, f) => (f.companyId ? (names[f.companyId] ?? '…') : t('feedWholeOrg')),
          },
          {
            title: t('feedLanguage'),
            dataIndex: 'language',
            responsive: WIDE,
            render: (l: Feed['language']) => t(l === 'en' ? 'feedLang_en' : 'feedLang_zh'),
          },
          {
            title: t('feedAlarms'),
            dataIndex: 'alarmDays',
            responsive: WIDE,
            render: (d: number[]) => d.join(', '),
          },
          {
            title: t('feedCreatedAt'),
            dataIndex: 'createdAt',
            responsive: WIDE,
            className: 'nowrap',
            render: (d: string) => d.slice(0, 10),
          },
          {
            title: t('feedLastUsed'),
            dataIndex: 'lastUsedAt',
            className: 'nowrap',
            responsive: WIDE,
            render: (d: string | null) => (d ? d.slice(0, 16).replace('T', ' ') : t('feedNever')),
          },
          {
            title: t('feedAction'),
            key: 'revoke',
            render: (_, f) =>
              f.revokedAt ? (
                <Tag>{t('feedRevoked')}</Tag>
              ) : (
                <Popconfirm
                  title={t('feedRevokeConfirm')}
                  onConfirm={() => revoke(f.id)}
                  okText={t('feedRevoke')}
                  okButtonProps={{ danger: true }}
                >
                  <Button danger size="small">
                    {t('feedRevoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  );
}

export function SubscribePanel() {
  const { t } = useLang();
  const { me } = useSession();
  const role = me?.organisations[0]?.role;
  const manager = role === 'owner' || role === 'admin';
  const feeds = useLoad(manager ? 'feeds' : null, () =>
    call(api.GET('/api/v1/calendar-feeds', { params: { query: { limit: 100 } } })),
  );
  const [made, setMade] = useState<Made | null>(null);
  return (
    <Card title={t('feedTitle')} className="dash-card feed-panel" data-testid="subscribe-panel">
      <Typography.Paragraph type="secondary">{t('feedIntro')}</Typography.Paragraph>
      {!manager ? (
        <Alert type="info" showIcon title={t('feedManagersOnly')} />
      ) : (
        <>
          {made && (
            <Alert
              type="success"
              showIcon
              className="feed-made"
              title={t('feedCreated')}
              description={<HowTo url={made.url} />}
              closable={{ onClose: () => setMade(null) }}
            />
          )}
          <CreateForm
            onMade={(m) => {
              setMade(m);
              feeds.reload();
            }}
          />
          <Typography.Title level={4} className="feed-list-title">
            {t('feedList')}
          </Typography.Title>
          {feeds.error !== null && <ErrorNotice error={feeds.error} onRetry={feeds.reload} />}
          <FeedList feeds={feeds.data?.items ?? []} loading={feeds.loading} onRevoked={feeds.reload} />
        </>
      )}
    </Card>
  );
}
