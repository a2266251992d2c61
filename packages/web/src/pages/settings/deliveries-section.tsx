/** The delivery log (GET /notification-deliveries): newest first, with status, attempts and the last error. */
import { Badge, Button, Card, Select, Table } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';

type Delivery = Schemas['NotificationDelivery'];
type Status = Delivery['status'];
const STATUSES: Status[] = ['pending', 'sent', 'failed', 'digested'];
const badge = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
  digested: 'success',
} as const satisfies Record<Status, string>;

export function DeliveriesSection() {
  const { t } = useLang();
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const log = useLoad(`deliveries:${status}`, () =>
    call(
      api.GET('/api/v1/notification-deliveries', {
        params: { query: { limit: 50, ...(status ? { status } : {}) } },
      }),
    ),
  );
  return (
    <Card
      title={t('deliveries')}
      className="settings-section"
      extra={
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          placeholder={t('deliveryStatus')}
          aria-label={t('deliveryStatus')}
          className="settings-filter"
          options={STATUSES.map((s) => ({ value: s, label: t(`status_${s}` as MessageId) }))}
        />
      }
    >
      {log.error !== null && <ErrorNotice error={log.error} onRetry={log.reload} />}
      <Table<Delivery>
        rowKey="id"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        size="small"
        data-testid="deliveries"
        locale={{ emptyText: t('deliveriesEmpty') }}
        columns={[
          { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => when(v) },
          { title: t('deliveryTitle'), dataIndex: 'title' },
          {
            title: t('channelKind'),
            dataIndex: 'channelKind',
            render: (k: string) => t(`kind_${k}` as MessageId),
          },
          {
            title: t('deliveryRecipient'),
            dataIndex: 'recipient',
            render: (r: string | null) => r ?? t('deliveryGroup'),
          },
          {
            title: t('deliveryStatus'),
            dataIndex: 'status',
            render: (s: Status) => <Badge status={badge[s]} text={t(`status_${s}` as MessageId)} />,
          },
          { title: t('deliveryAttempts'), dataIndex: 'attempts' },
          { title: t('deliveryError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
        ]}
        footer={() => (
          <Button size="small" onClick={log.reload}>
            {t('refresh')}
          </Button>
        )}
      />
    </Card>
  );
}
