/**
 * One licence (/licences/:id): what it is, how long it runs and what holding it obliges the company to do
 * (GET /api/v1/licences/{id}/obligations: the first annual report and the renewal among them), with a link
 * back to the application it was issued on.
 */
import { Button, Card, List, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { ObligationDrawer } from '../calendar/obligation-explanation.tsx';
import { type Obligation, withRules } from '../calendar/obligation-status.tsx';
import { LicenceSummary } from './licence-panel.tsx';

const statusColour: Record<Obligation['status'], string> = {
  upcoming: 'default',
  open: 'processing',
  'due-soon': 'warning',
  overdue: 'error',
  done: 'success',
  waived: 'default',
};

function ObligationItem({ o, onOpen }: { o: Obligation; onOpen(o: Obligation): void }) {
  const { t, tx } = useLang();
  return (
    <List.Item className="obligation" data-kind={o.kind} data-period={o.period ?? ''}>
      <div>
        <Space wrap size={4}>
          <Typography.Text strong>
            <a
              href={`#${o.id}`}
              onClick={(e) => {
                e.preventDefault();
                onOpen(o);
              }}
            >
              {tx(o.name)}
              {o.period ? ` · ${o.period}` : ''}
            </a>
          </Typography.Text>
          <Tag color={statusColour[o.status]}>{t(`obl_${o.status}` as MessageId)}</Tag>
          {o.estimated && <Tag>{t('obl_estimated')}</Tag>}
        </Space>
        <div>
          {o.window.opens && <span>{t('lic_opens', { date: o.window.opens })} · </span>}
          {o.window.due && <span data-testid="obligation-due">{t('lic_due', { date: o.window.due })}</span>}
        </div>
        <Typography.Paragraph type="secondary" className="obligation-duty">
          {tx(o.duty)}
        </Typography.Paragraph>
      </div>
    </List.Item>
  );
}

/** the licence and the company that holds it */
async function loadLicence(id: string, lang: 'zh' | 'en') {
  const licence = await call(api.GET('/api/v1/licences/{id}', { params: { path: { id }, query: { lang } } }));
  const company = await call(
    api.GET('/api/v1/companies/{id}', { params: { path: { id: licence.companyId } } }),
  );
  return { licence, company };
}

export default function LicencePage() {
  const { t, lang } = useLang();
  const id = useParams().id ?? '';
  const licence = useLoad(`licence:${id}:${lang}`, () => loadLicence(id, lang));
  const obligations = useLoad(`obligations:${id}:${lang}`, () =>
    call(api.GET('/api/v1/licences/{id}/obligations', { params: { path: { id }, query: { lang } } })),
  );
  const list = obligations.data ? withRules(obligations.data) : [];
  const [picked, setPicked] = useState<Obligation | null>(null);
  // the open obligation as the list has it now (after a reload)
  const open = picked && (list.find((o) => o.id === picked.id) ?? picked);
  if (licence.loading) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!licence.data) return <ErrorNotice error={licence.error} onRetry={licence.reload} />;
  const { licence: l, company } = licence.data;
  return (
    <section className="licence-page">
      <Typography.Title level={1}>
        {t('lic_title')} {l.number}
      </Typography.Title>
      <Card className="app-card">
        <Typography.Paragraph strong data-testid="licence-holder">
          {company.name}
        </Typography.Paragraph>
        <LicenceSummary licence={l} />
        {l.applicationId && (
          <Link to={`/applications/${l.applicationId}`}>
            <Button>{t('lic_back')}</Button>
          </Link>
        )}
      </Card>
      <Card title={t('lic_obligations')} className="app-card" data-testid="obligations">
        {obligations.error !== null && <ErrorNotice error={obligations.error} onRetry={obligations.reload} />}
        {obligations.loading && <Spin aria-label={t('loading')} />}
        {obligations.data && (
          <List
            dataSource={list}
            locale={{ emptyText: t('lic_obligationsEmpty') }}
            rowKey="id"
            renderItem={(o) => <ObligationItem o={o} onOpen={setPicked} />}
          />
        )}
      </Card>
      <ObligationDrawer
        obligation={open}
        book={obligations.data?.sources ?? {}}
        asOf={obligations.data?.asOf ?? ''}
        companyName={company.name}
        onClose={() => setPicked(null)}
        onChanged={obligations.reload}
      />
    </section>
  );
}
