/**
 * The header's bell: the signed-in member's in-app notifications (GET /notifications) with the unread count,
 * asked again every minute and when opened; each unread one can be marked read (POST …/read).
 */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Popover, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import './settings.css';

type Notification = Schemas['InAppNotification'];
const EVERY_MS = 60_000;

function Bell() {
  const { t } = useLang();
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(`bell:${tick}`, () =>
    call(api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } })),
  );
  const unread = useLoad(`unread:${tick}`, () =>
    call(api.GET('/api/v1/notifications', { params: { query: { limit: 100, unread: 'true' } } })),
  );
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), EVERY_MS);
    return () => clearInterval(id);
  }, []);
  const count = unread.data?.items.length ?? 0;

  const read = async (n: Notification) => {
    setError(null);
    try {
      await call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } }));
      setTick((x) => x + 1);
    } catch (e) {
      setError(e);
    }
  };

  const items = list.data?.items ?? [];
  const content = (
    <div className="bell-panel" data-testid="bell-panel">
      {(error ?? list.error) !== null && <ErrorNotice error={error ?? list.error} />}
      {items.length === 0 && !list.loading && (
        <Typography.Text type="secondary">{t('notificationsEmpty')}</Typography.Text>
      )}
      <ul className="bell-list">
        {items.map((n) => (
          <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item bell-unread'}>
            <div className="bell-title">{n.title}</div>
            <div className="bell-body">{n.body}</div>
            <div className="bell-meta">
              <Typography.Text type="secondary">{when(n.createdAt)}</Typography.Text>
              {!n.readAt && (
                <Button size="small" type="link" onClick={() => read(n)}>
                  {t('notificationRead')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );

  return (
    <Popover
      content={content}
      title={t('notificationsTitle')}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setTick((x) => x + 1);
      }}
    >
      <Button
        type="text"
        className="app-bell"
        aria-label={t('notificationsUnread', { n: count })}
        data-testid="bell"
        icon={
          <Badge count={count} size="small" offset={[2, -2]}>
            <BellOutlined className="app-bell-icon" />
          </Badge>
        }
      />
    </Popover>
  );
}

/** the bell, for a signed-in member only */
export default function NotificationBell() {
  const { me } = useSession();
  return me ? <Bell /> : null;
}
