/** 文档: the company's documents (newest versions), each downloadable, and an upload. */
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import type { TabProps } from './company-page.tsx';
import { TabTable } from './tab-table.tsx';
import { when } from './use-company-api.ts';

type Doc = Schemas['Document'];

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`;

export function DocumentsTab({ company, canWrite }: TabProps) {
  const { t, lang } = useLang();
  // a client may hand in its own company's documents, as the API allows
  const { me } = useSession();
  const canUpload = canWrite || me?.organisations[0]?.role === 'client';
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const list = useLoad(`${company.id}:${lang}:${tick}`, () =>
    call(api.GET('/api/v1/documents', { params: { query: { companyId: company.id, limit: 100, lang } } })),
  );
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const fd = new FormData();
      fd.set('companyId', company.id);
      fd.set('file', file, file.name);
      await call(
        api.POST('/api/v1/documents', {
          params: { query: { lang } },
          body: fd as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      );
      message.success(t('co_uploaded', { name: file.name }));
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="tab-body">
      {canUpload && (
        <Upload
          accept=".pdf,.jpg,.jpeg,.png"
          showUploadList={false}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} className="tab-actions">
            {t('co_upload')} ({t('co_uploadHelp')})
          </Button>
        </Upload>
      )}
      {error !== null && <ErrorNotice error={error} />}
      <TabTable<Doc>
        loaded={list}
        rows={list.data?.items ?? []}
        empty={t('co_documentsEmpty')}
        columns={[
          {
            title: t('co_fileName'),
            dataIndex: 'fileName',
            render: (n: string, d) => (
              <a
                href={`/api/v1/documents/${d.id}/content`}
                download={n}
                aria-label={`${t('co_download')} ${n}`}
              >
                {n}
              </a>
            ),
          },
          { title: t('co_version'), dataIndex: 'version' },
          {
            title: t('co_checklistItem'),
            dataIndex: 'checklistItem',
            render: (v: string | null) => v ?? '—',
          },
          { title: t('co_size'), dataIndex: 'sizeBytes', render: size },
          { title: t('co_uploadedAt'), dataIndex: 'uploadedAt', render: (v: string) => when(v) },
        ]}
      />
    </div>
  );
}
