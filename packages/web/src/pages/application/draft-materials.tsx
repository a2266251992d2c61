/**
 * Drafting the materials the applicant writes itself (POST /api/v1/applications/{id}/drafts): Word files
 * from the kb's templates filled with the company's records, stored as the application's documents (a new
 * version each time), with the facts still missing and where to give them; and the whole package as a zip
 * with application.yaml (POST …/package), the uploads in place of the drafts of the same material; when the
 * records lack what application.yaml needs, the form for it (package-supplement.tsx). The drafts are not
 * signed or sealed: the package check says so until the signed scans replace them.
 */
import { Alert, Button, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { incompletePaths } from './package-refusal.ts';
import { downloadPackage, PackageSupplement } from './package-supplement.tsx';

type Detail = Schemas['ApplicationDetail'];
type Company = Schemas['Company'];
type Drafted = Schemas['DraftResult'];

export function DraftMaterials({
  application,
  company,
  canWrite,
  onDrafted,
}: {
  application: Detail;
  company: Company;
  canWrite: boolean;
  onDrafted: () => void;
}) {
  const { t, lang } = useLang();
  const [busy, setBusy] = useState<'draft' | 'package' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [drafted, setDrafted] = useState<Drafted | null>(null);
  // the manifest paths the package still lacks (the supplement form is open), or null
  const [missing, setMissing] = useState<string[] | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const id = application.id;

  const draft = async () => {
    setBusy('draft');
    setError(null);
    try {
      setDrafted(
        await call(
          api.POST('/api/v1/applications/{id}/drafts', {
            params: { path: { id }, query: { lang } },
            body: {},
          }),
        ),
      );
      onDrafted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    setBusy('package');
    setError(null);
    setDownloaded(false);
    try {
      await downloadPackage(id, lang);
      setDownloaded(true);
    } catch (e) {
      const paths = incompletePaths(e);
      if (paths) setMissing(paths);
      else setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="draft-materials" data-testid="drafts">
      <Typography.Paragraph type="secondary">{t('draft_intro')}</Typography.Paragraph>
      {canWrite && (
        <Space wrap>
          <Button type="primary" loading={busy === 'draft'} disabled={busy !== null} onClick={draft}>
            {t('draft_run')}
          </Button>
          <Button
            loading={busy === 'package'}
            disabled={busy !== null || missing !== null}
            onClick={download}
          >
            {t('draft_package')}
          </Button>
        </Space>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {downloaded && <Alert type="success" showIcon title={t('draft_downloaded')} data-testid="downloaded" />}
      {missing && (
        <PackageSupplement
          application={application}
          company={company}
          missing={missing}
          onMissing={setMissing}
          onCancel={() => setMissing(null)}
          onDownloaded={() => {
            setMissing(null);
            setDownloaded(true);
          }}
        />
      )}
      {drafted && (
        <>
          <List
            size="small"
            header={t('draft_done').replace('{n}', String(drafted.drafts.length))}
            dataSource={drafted.drafts}
            renderItem={(d) => (
              <List.Item data-material={d.material}>
                <a href={`/api/v1/documents/${d.document.id}/content`} download={d.document.fileName}>
                  {d.title}
                </a>
                {d.missing.length > 0 && (
                  <Typography.Text type="warning">
                    {t('draft_gaps').replace('{n}', String(d.missing.length))}
                  </Typography.Text>
                )}
              </List.Item>
            )}
          />
          {drafted.missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('draft_missing')}
              description={
                <ul className="draft-missing" data-testid="draft-missing">
                  {drafted.missing.map((f) => (
                    <li key={f.id} data-fact={f.id}>
                      <strong>{f.label[lang]}</strong>: {f.where[lang]}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </>
      )}
    </div>
  );
}
