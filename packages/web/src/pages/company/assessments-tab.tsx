/**
 * 评估: run an assessment of the stored profile, the company's assessments newest first, one opened with
 * every conclusion and its explanation (the wizard's result components), and two compared.
 */
import { Alert, Button, Card, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  type Assessment,
  api,
  type Catalogue,
  type Comparison,
  call,
  type Schemas,
} from '../../api/client.ts';
import { ApiError } from '../../api/problems.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { useLoad } from '../../use-load.ts';
import { ResultBody } from '../../wizard/result-view.tsx';
import { loadCatalogue } from '../../wizard/use-api.ts';
import { Differences } from '../../wizard/what-if.tsx';
import type { TabProps } from './company-page.tsx';
import { when } from './use-company-api.ts';

type Summary = Schemas['StoredAssessmentSummary'];

export function AssessmentsTab({ company, canWrite }: TabProps) {
  const { t, tx, lang } = useLang();
  const [tick, setTick] = useState(0);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [opened, setOpened] = useState<string | null>(null);
  const [compared, setCompared] = useState<[string, string] | null>(null);
  const catalogue = useLoad(`catalogue:${lang}`, () => loadCatalogue(lang));
  const list = useLoad(`${company.id}:${lang}:${tick}`, () =>
    call(
      api.GET('/api/v1/companies/{id}/assessments', {
        params: { path: { id: company.id }, query: { lang, limit: 50 } },
      }),
    ),
  );

  const run = async () => {
    setRunning(true);
    setRunError(null);
    try {
      const a = await call(
        api.POST('/api/v1/companies/{id}/assessments', {
          params: { path: { id: company.id }, query: { lang } },
          body: {},
        }),
      );
      setTick((n) => n + 1);
      setOpened(a.id);
    } catch (e) {
      setRunError(e);
    } finally {
      setRunning(false);
    }
  };
  const missingProfile = runError instanceof ApiError && runError.problem?.code === 'PROFILE_MISSING';
  const eligible = (e: boolean | null) =>
    e === null ? (
      <Tag>{t('eligibleUnknown')}</Tag>
    ) : (
      <Tag color={e ? 'green' : 'red'}>{t(e ? 'eligibleYes' : 'eligibleNo')}</Tag>
    );

  return (
    <div className="tab-body">
      <Space wrap className="tab-actions">
        {canWrite && (
          <Button type="primary" loading={running} onClick={run}>
            {t('co_runAssessment')}
          </Button>
        )}
        <Button disabled={chosen.length !== 2} onClick={() => setCompared([chosen[1]!, chosen[0]!])}>
          {t('co_compare')}
        </Button>
        <Typography.Text type="secondary">{t('co_compareHint')}</Typography.Text>
      </Space>
      {missingProfile && <Alert type="warning" showIcon title={t('co_profileMissing')} />}
      {runError !== null && !missingProfile && <ErrorNotice error={runError} />}
      {list.error !== null && <ErrorNotice error={list.error} onRetry={list.reload} />}
      <Table<Summary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('co_assessmentsEmpty') }}
        rowSelection={{
          hideSelectAll: true,
          selectedRowKeys: chosen,
          onChange: (keys) => setChosen((keys as string[]).slice(-2)),
        }}
        columns={[
          {
            title: t('co_asOf'),
            dataIndex: 'asOf',
            render: (v: string, a) => <span title={when(a.createdAt)}>{v}</span>,
          },
          {
            title: t('co_result'),
            dataIndex: 'headline',
            responsive: ['md'],
            render: (h: Summary['headline']) => tx(h),
          },
          {
            title: t('licences'),
            dataIndex: 'licences',
            render: (codes: string[]) => codes.map((c) => <Tag key={c}>{c.replace(/:.*$/, '')}</Tag>),
          },
          { title: t('eligibility'), dataIndex: 'eligible', render: eligible },
          {
            title: t('co_actions'),
            key: 'open',
            render: (_: unknown, a) => (
              <Button type="link" onClick={() => setOpened(a.id)} aria-label={`${t('co_open')} ${a.asOf}`}>
                {t('co_open')}
              </Button>
            ),
          },
        ]}
      />
      {compared && catalogue.data && (
        <Compared ids={compared} catalogue={catalogue.data} onClose={() => setCompared(null)} />
      )}
      {opened && catalogue.data && (
        <Opened id={opened} catalogue={catalogue.data} onClose={() => setOpened(null)} />
      )}
    </div>
  );
}

function Opened({ id, catalogue, onClose }: { id: string; catalogue: Catalogue; onClose(): void }) {
  const { t, lang } = useLang();
  const a = useLoad(`${id}:${lang}`, () =>
    call(api.GET('/api/v1/assessments/{id}', { params: { path: { id }, query: { lang } } })),
  );
  return (
    <Card
      size="small"
      className="tab-card assessment-opened"
      data-testid="assessment-opened"
      title={a.data ? t('resultAsOf', { date: a.data.asOf, version: a.data.kbVersion }) : t('co_result')}
      extra={<Button onClick={onClose}>{t('co_cancel')}</Button>}
    >
      {a.loading && <Spin aria-label={t('loading')} />}
      {a.error !== null && <ErrorNotice error={a.error} onRetry={a.reload} />}
      {a.data && (
        <>
          <Alert
            type={a.data.result.summary.needsLicence ? 'warning' : 'success'}
            showIcon
            title={a.data.result.summary.headline[lang]}
          />
          <ResultBody a={a.data.result as Assessment} catalogue={catalogue} />
        </>
      )}
    </Card>
  );
}

function Compared({
  ids,
  catalogue,
  onClose,
}: {
  ids: [string, string];
  catalogue: Catalogue;
  onClose(): void;
}) {
  const { t, tx, lang } = useLang();
  const [from, to] = ids;
  const c = useLoad(`${from}:${to}:${lang}`, () =>
    call(
      api.GET('/api/v1/assessments/{id}/compare/{otherId}', {
        params: { path: { id: from, otherId: to }, query: { lang } },
      }),
    ),
  );
  return (
    <Card
      size="small"
      className="tab-card"
      data-testid="assessment-comparison"
      title={t('co_compareTitle')}
      extra={<Button onClick={onClose}>{t('co_cancel')}</Button>}
    >
      {c.loading && <Spin aria-label={t('loading')} />}
      {c.error !== null && <ErrorNotice error={c.error} onRetry={c.reload} />}
      {c.data && (
        <>
          <p>
            {c.data.from.asOf} → {c.data.to.asOf}
          </p>
          <ul>
            {c.data.explanation.map((e) => (
              <li key={e.en}>{tx(e)}</li>
            ))}
          </ul>
          <Differences
            c={{ ...c.data.comparison, asOf: c.data.to.asOf, kbVersion: c.data.to.kbVersion } as Comparison}
            catalogue={catalogue}
          />
        </>
      )}
    </Card>
  );
}
