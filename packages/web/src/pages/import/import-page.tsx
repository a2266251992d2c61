/**
 * /import: a spreadsheet (.xlsx or UTF-8 CSV) of companies, licences or a register kind, checked or
 * imported — all rows or none. A refused file shows every problem by row and column with how to fix it,
 * and says plainly that nothing was imported; the export files serve as templates.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Form, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ApiError } from '../../api/problems.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { fixFor } from './import-fix.ts';

type Report = Schemas['ImportReport'];
type RowError = Schemas['ImportRowError'];

const KINDS: { kind: string; label: MessageId }[] = [
  { kind: 'companies', label: 'imp_kind_companies' },
  { kind: 'licences', label: 'imp_kind_licences' },
  { kind: 'icp-filings', label: 'reg_icpFilings' },
  { kind: 'app-filings', label: 'reg_appFilings' },
  { kind: 'public-security-filings', label: 'reg_publicSecurityFilings' },
  { kind: 'domains', label: 'reg_domains' },
  { kind: 'servers', label: 'reg_servers' },
  { kind: 'number-resources', label: 'reg_numberResources' },
  { kind: 'annual-reports', label: 'reg_annualReports' },
  { kind: 'company-events', label: 'reg_companyEvents' },
];

type Outcome = { report: Report } | { refused: { rows: number; errors: RowError[] } } | { error: unknown };

/** a refusal with row errors (422 IMPORT_ROWS_INVALID, a bad header) as the report's rows, else null */
function rowErrors(e: unknown): { rows: number; errors: RowError[] } | null {
  if (!(e instanceof ApiError) || !e.problem) return null;
  const p = e.problem as unknown as { rows?: number; errors?: Partial<RowError>[] };
  if (!p.errors?.length || !p.errors.every((x) => typeof x.row === 'number')) return null;
  return { rows: p.rows ?? 0, errors: p.errors as RowError[] };
}

export default function ImportPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const asked = params.get('kind');
  const kind = KINDS.some((k) => k.kind === asked) ? (asked as string) : 'companies';
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setOutcome(null);
    try {
      const fd = new FormData();
      fd.set('file', file, file.name);
      const report = await call(
        api.POST(`/api/v1/import/${kind}` as '/api/v1/import/companies', {
          params: { query: { lang, dryRun: dryRun ? 'true' : 'false' } },
          body: fd as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      );
      setOutcome({ report });
    } catch (e) {
      const refused = rowErrors(e);
      setOutcome(refused ? { refused } : { error: e });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="company-area import-page">
      <Breadcrumb
        items={[{ title: <Link to="/companies">{t('companies')}</Link> }, { title: t('imp_title') }]}
      />
      <Typography.Title level={1}>{t('imp_title')}</Typography.Title>
      <Typography.Paragraph>{t('imp_intro')}</Typography.Paragraph>
      <Form layout="vertical" className="import-form">
        <Form.Item label={t('imp_kind')} htmlFor="import-kind">
          <Select
            id="import-kind"
            className="import-kind"
            value={kind}
            onChange={(k) => {
              setParams({ kind: k }, { replace: true });
              setOutcome(null);
            }}
            options={KINDS.map((k) => ({ value: k.kind, label: t(k.label) }))}
          />
        </Form.Item>
        <Form.Item label={t('imp_templates')}>
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={`/api/v1/export/${kind}.xlsx`} download>
              {kind}.xlsx
            </Button>
            <Button icon={<DownloadOutlined />} href={`/api/v1/export/${kind}.csv`} download>
              {kind}.csv
            </Button>
          </Space>
        </Form.Item>
        <Form.Item label={t('imp_file')}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              setOutcome(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setOutcome(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('imp_drop')}</p>
          </Upload.Dragger>
        </Form.Item>
        <Space wrap>
          <Button disabled={!file} loading={busy === 'check'} onClick={() => send(true)}>
            {t('imp_check')}
          </Button>
          <Button type="primary" disabled={!file} loading={busy === 'import'} onClick={() => send(false)}>
            {t('imp_run')}
          </Button>
        </Space>
      </Form>
      {outcome && <OutcomeView outcome={outcome} />}
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useLang();
  if ('error' in outcome) return <ErrorNotice error={outcome.error} />;
  if ('report' in outcome) {
    const r = outcome.report;
    return (
      <Alert
        className="import-outcome"
        data-testid="import-done"
        type="success"
        showIcon
        title={
          r.dryRun
            ? t('imp_checked', { rows: r.rows })
            : t('imp_done', { imported: r.imported, rows: r.rows })
        }
      />
    );
  }
  const { rows, errors } = outcome.refused;
  return (
    <div className="import-outcome" data-testid="import-report">
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('imp_failed')}
        description={t('imp_failedDetail', { rows, count: errors.length })}
      />
      <Table<RowError>
        rowKey={(e) => `${e.path}:${e.code}`}
        size="small"
        dataSource={errors}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('imp_row'), dataIndex: 'row', width: 64 },
          {
            title: t('imp_column'),
            dataIndex: 'column',
            render: (c: string | null) => c ?? t('imp_wholeRow'),
          },
          { title: t('imp_problem'), dataIndex: 'message' },
          { title: t('imp_fix'), dataIndex: 'code', render: (c: string) => t(fixFor(c)) },
        ]}
      />
    </div>
  );
}
