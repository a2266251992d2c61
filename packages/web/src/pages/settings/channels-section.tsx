/**
 * The organisation's channels (e-mail, WeCom, DingTalk, Feishu, in-app): add, edit, delete, and 测试发送,
 * whose answer (sent, or why not) shows beside the channel.
 */
import { Alert, Badge, Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { api, call, langHeader } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { type Channel, ChannelForm } from './channel-form.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { useAction } from './use-action.ts';

const target = (c: Channel) =>
  c.config.kind === 'email' ? c.config.from : 'url' in c.config ? c.config.url : '—';

export function ChannelsSection() {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState<Channel | null | undefined>(undefined);
  const action = useAction();
  const [tests, setTests] = useState<Record<string, { sent: boolean; error: string | null } | 'busy'>>({});
  const list = useLoad('channels', () => call(api.GET('/api/v1/notification-channels')));
  const headers = langHeader(lang);

  const test = async (c: Channel) => {
    setTests((s) => ({ ...s, [c.id]: 'busy' }));
    const sent = await action.run(async () => {
      const r = await call(
        api.POST('/api/v1/notification-channels/{id}/test', { params: { path: { id: c.id } }, headers }),
      );
      setTests((s) => ({ ...s, [c.id]: r }));
    });
    if (!sent) setTests(({ [c.id]: _, ...s }) => s);
  };
  const remove = (c: Channel) =>
    action.run(async () => {
      await call(
        api.DELETE('/api/v1/notification-channels/{id}', { params: { path: { id: c.id } }, headers }),
      );
      list.reload();
    });
  const result = (c: Channel) => {
    const r = tests[c.id];
    if (!r || r === 'busy') return null;
    return (
      <Alert
        role="status"
        className="channel-test"
        data-testid={`channel-test-${c.id}`}
        type={r.sent ? 'success' : 'error'}
        showIcon
        title={
          r.sent ? t('channelTestSent', { name: c.name }) : t('channelTestFailed', { error: r.error ?? '' })
        }
      />
    );
  };

  return (
    <Card
      title={t('channels')}
      className="settings-section"
      extra={
        <Button type="primary" onClick={() => setEditing(null)}>
          {t('channelAdd')}
        </Button>
      }
    >
      {(action.error ?? list.error) !== null && (
        <ErrorNotice error={action.error ?? list.error} onRetry={list.reload} />
      )}
      <Table<Channel>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('channelsEmpty') }}
        expandable={{
          expandedRowRender: (c) => result(c),
          rowExpandable: (c) => !!tests[c.id] && tests[c.id] !== 'busy',
          expandedRowKeys: Object.keys(tests).filter((id) => tests[id] !== 'busy'),
          showExpandColumn: false,
        }}
        columns={[
          { title: t('channelName'), dataIndex: 'name' },
          {
            title: t('channelKind'),
            key: 'kind',
            render: (_, c) => t(`kind_${c.config.kind}` as MessageId),
          },
          {
            title: t('channelTarget'),
            key: 'target',
            render: (_, c) => <code className="channel-target">{target(c)}</code>,
          },
          {
            title: t('channelEnabled'),
            dataIndex: 'enabled',
            render: (on: boolean) => (
              <Badge status={on ? 'success' : 'default'} text={on ? t('channelOn') : t('channelOff')} />
            ),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, c) => (
              <Space wrap size={4}>
                <Button size="small" onClick={() => test(c)} loading={tests[c.id] === 'busy'}>
                  {t('channelTest')}
                </Button>
                <Button size="small" onClick={() => setEditing(c)}>
                  {t('edit')}
                </Button>
                <ConfirmButton
                  question={t('channelDeleteConfirm', { name: c.name })}
                  label={t('delete')}
                  onConfirm={() => remove(c)}
                />
              </Space>
            ),
          },
        ]}
      />
      <ChannelForm
        key={editing?.id ?? 'new'}
        channel={editing ?? null}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </Card>
  );
}
