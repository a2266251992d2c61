/** 历史: everything recorded about the company and its records, newest first, a page at a time. */
import { Button, Tag } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { type MessageId, messages } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import type { TabProps } from './company-page.tsx';
import { TabTable } from './tab-table.tsx';
import { when } from './use-company-api.ts';

type Entry = Schemas['AuditEntry'];

export function AuditTab({ company }: TabProps) {
  const { t, lang } = useLang();
  /** a code's words, or the code where there are none */
  const word = (prefix: string, code: string) =>
    `${prefix}${code}` in messages ? t(`${prefix}${code}` as MessageId) : code;
  const [more, setMore] = useState<{ items: Entry[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const page = useLoad(`${company.id}:${company.updatedAt}:${lang}`, () => {
    setMore(null);
    return call(
      api.GET('/api/v1/companies/{id}/audit', {
        params: { path: { id: company.id }, query: { limit: 50, lang } },
      }),
    );
  });
  const items = [...(page.data?.items ?? []), ...(more?.items ?? [])];
  const next = more ? more.next : (page.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!next) return;
    try {
      const r = await call(
        api.GET('/api/v1/companies/{id}/audit', {
          params: { path: { id: company.id }, query: { limit: 50, cursor: next, lang } },
        }),
      );
      setMore({ items: [...(more?.items ?? []), ...r.items], next: r.nextCursor });
    } catch (e) {
      setMoreError(e);
    }
  };
  return (
    <div className="tab-body">
      <TabTable<Entry>
        loaded={page}
        rows={items}
        empty={t('co_auditEmpty')}
        region={t('tab_audit')}
        columns={[
          { title: t('co_at'), dataIndex: 'at', render: (v: string) => when(v) },
          { title: t('co_actor'), dataIndex: ['actor', 'label'] },
          { title: t('co_entity'), dataIndex: 'entity', render: (e: string) => <Tag>{word('aud_', e)}</Tag> },
          { title: t('co_action'), dataIndex: 'action', render: (a: string) => word('act_', a) },
          {
            title: t('co_changes'),
            dataIndex: 'changes',
            render: (c: string[] | null) =>
              c?.length ? <code className="audit-changes">{c.join(', ')}</code> : '—',
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
      {moreError !== null && <ErrorNotice error={moreError} />}
    </div>
  );
}
