/**
 * The materials the application's licence and procedure need (POST /api/v1/checklist, for each licence code,
 * read with the company's profile when it has one), each with its documents: upload one (POST
 * /api/v1/documents tied to the application and the material), a new version of it, the earlier versions,
 * and the item's progress on the application (ready once a document is there, or not applicable).
 */
import { Button, Collapse, Empty, List, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import type { paths } from '../../api/openapi';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { splitCode, useNames } from './names.ts';

type Detail = Schemas['ApplicationDetail'];
type Item = Schemas['ChecklistItem'];
type Doc = Schemas['Document'];
type Profile = NonNullable<Schemas['Company']['profile']>;
type Licence = Schemas['Checklist']['licence'];
type UploadBody = NonNullable<
  paths['/api/v1/documents']['post']['requestBody']
>['content']['multipart/form-data'];

/** the items of every licence code of the application, each material once */
export async function loadChecklist(a: Detail, profile: Profile | null): Promise<Item[]> {
  const lists = await Promise.all(
    a.licenceCodes.map(async (code) => {
      const { licence, scope } = splitCode(code);
      const body = {
        licence: licence as Licence,
        procedure: a.procedure,
        ...(scope ? { scope: scope as 'internet' | 'non-internet' } : {}),
      };
      // a profile the kb no longer accepts still gives the list, without it
      return call(api.POST('/api/v1/checklist', { body: profile ? { ...body, profile } : body })).catch(() =>
        call(api.POST('/api/v1/checklist', { body })),
      );
    }),
  );
  const seen = new Map<string, Item>();
  for (const l of lists) for (const i of l.items) if (!seen.has(i.id)) seen.set(i.id, i);
  return [...seen.values()];
}

const loadDocuments = async (applicationId: string): Promise<Doc[]> =>
  (
    await call(
      api.GET('/api/v1/documents', { params: { query: { applicationId, limit: 100, sort: 'uploadedAt' } } }),
    )
  ).items;

function Versions({ doc }: { doc: Doc }) {
  const { t } = useLang();
  const versions = useLoad(`versions:${doc.id}`, () =>
    call(api.GET('/api/v1/documents/{id}/versions', { params: { path: { id: doc.id } } })),
  );
  if (versions.error !== null) return <ErrorNotice error={versions.error} onRetry={versions.reload} />;
  return (
    <ul className="doc-versions">
      {(versions.data?.items ?? []).map((v) => (
        <li key={v.id}>
          <a href={`/api/v1/documents/${v.id}/content`} download={v.fileName}>
            {v.fileName}
          </a>{' '}
          · {t('app_version', { n: v.version })} · {v.uploadedAt.slice(0, 10)}
        </li>
      ))}
    </ul>
  );
}

function MaterialRow({
  item,
  doc,
  status,
  canWrite,
  onUpload,
  onStatus,
}: {
  item: Item;
  doc: Doc | undefined;
  status: 'todo' | 'ready' | 'not-applicable';
  canWrite: boolean;
  onUpload: (file: File) => Promise<void>;
  onStatus: (s: 'todo' | 'not-applicable') => Promise<void>;
}) {
  const { t, tx } = useLang();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const accept = item.fileTypes.map((x) => (x === 'jpeg' ? '.jpg,.jpeg' : `.${x}`)).join(',');
  return (
    <List.Item className="material" data-item={item.id} data-status={status}>
      <div className="material-body">
        <Space wrap size={4}>
          <Typography.Text strong>{tx(item.name)}</Typography.Text>
          <Tag color={status === 'ready' ? 'success' : status === 'todo' ? 'default' : 'purple'}>
            {t(`item_${status}` as MessageId)}
          </Tag>
          <Tag>{t(item.basis === 'statutory' ? 'app_statutory' : 'app_practice')}</Tag>
          {item.deferrable && <Tag color="blue">{t('app_deferrable')}</Tag>}
          {item.applies === 'unknown' && <Tag color="warning">{t('app_appliesUnknown')}</Tag>}
        </Space>
        <Typography.Paragraph type="secondary" className="material-description">
          {tx(item.description)} {t('app_fileTypes', { types: item.fileTypes.join(' / ').toUpperCase() })}
        </Typography.Paragraph>
        {doc && (
          <div className="material-doc" data-testid="document">
            <a href={`/api/v1/documents/${doc.id}/content`} download={doc.fileName}>
              {doc.fileName}
            </a>{' '}
            · {t('app_version', { n: doc.version })} · {doc.uploadedAt.slice(0, 10)}
            {doc.version > 1 && (
              <Collapse
                ghost
                size="small"
                items={[
                  {
                    key: 'v',
                    label: t('app_versions', { n: doc.version }),
                    children: <Versions doc={doc} />,
                  },
                ]}
              />
            )}
          </div>
        )}
        {error !== null && <ErrorNotice error={error} />}
      </div>
      {canWrite && (
        <Space wrap className="material-actions">
          <input
            ref={input}
            type="file"
            hidden
            accept={accept}
            aria-label={t('app_uploadFor', {
              action: t(doc ? 'app_replace' : 'app_upload'),
              item: tx(item.name),
            })}
            data-upload={item.id}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) run(() => onUpload(f));
            }}
          />
          <Button loading={busy} onClick={() => input.current?.click()} type={doc ? 'default' : 'primary'}>
            {t(doc ? 'app_replace' : 'app_upload')}
          </Button>
          {!doc && (
            <Button
              type="link"
              onClick={() => run(() => onStatus(status === 'not-applicable' ? 'todo' : 'not-applicable'))}
            >
              {t(status === 'not-applicable' ? 'app_markTodo' : 'app_markNa')}
            </Button>
          )}
        </Space>
      )}
    </List.Item>
  );
}

export function MaterialChecklist({
  application,
  profile,
  canWrite,
  onChanged,
}: {
  application: Detail;
  profile: Profile | null;
  canWrite: boolean;
  onChanged: (a: Detail) => void;
}) {
  const { t, lang } = useLang();
  const names = useNames();
  const id = application.id;
  const items = useLoad(`checklist:${id}:${application.licenceCodes.join()}:${application.procedure}`, () =>
    loadChecklist(application, profile),
  );
  const docs = useLoad(`documents:${id}`, () => loadDocuments(id));
  const latest = new Map<string, Doc>();
  for (const d of docs.data ?? []) if (d.checklistItem) latest.set(d.checklistItem, d);

  const patch = async (item: string, entry: Detail['checklist'][string] | null) =>
    onChanged(
      await call(
        api.PATCH('/api/v1/applications/{id}', {
          params: { path: { id }, query: { lang } },
          body: { checklist: { [item]: entry } },
        }),
      ),
    );
  const upload = async (item: string, file: File) => {
    const form = new FormData();
    const previous = latest.get(item);
    if (previous) form.set('seriesId', previous.seriesId);
    else {
      form.set('applicationId', id);
      form.set('checklistItem', item);
    }
    form.set('file', file, file.name);
    const doc = await call(
      api.POST('/api/v1/documents', { params: { query: { lang } }, body: form as unknown as UploadBody }),
    );
    await patch(item, { status: 'ready', documentIds: [doc.id] });
    docs.reload();
  };

  if (items.error !== null) return <ErrorNotice error={items.error} onRetry={items.reload} />;
  if (items.loading || !items.data) return <List loading dataSource={[]} />;
  const list = items.data;
  if (!list.length) return <Empty description={t('app_materialsEmpty')} />;
  const statusOf = (i: Item) => application.checklist[i.id]?.status ?? (latest.has(i.id) ? 'ready' : 'todo');
  return (
    <div className="material-checklist">
      <Typography.Paragraph data-testid="materials-summary">
        {t('app_materialsIntro', {
          licence: names.licences(application.licenceCodes),
          procedure: names.procedure(application.procedure),
          n: list.length,
          ready: list.filter((i) => statusOf(i) === 'ready').length,
        })}
      </Typography.Paragraph>
      {docs.error !== null && <ErrorNotice error={docs.error} onRetry={docs.reload} />}
      <List
        dataSource={list}
        rowKey="id"
        renderItem={(i) => (
          <MaterialRow
            item={i}
            doc={latest.get(i.id)}
            status={statusOf(i)}
            canWrite={canWrite}
            onUpload={(f) => upload(i.id, f)}
            onStatus={(s) => patch(i.id, s === 'todo' ? null : { status: s })}
          />
        )}
      />
    </div>
  );
}
