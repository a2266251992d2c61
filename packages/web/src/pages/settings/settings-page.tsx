/**
 * Settings (/settings and /settings/<tab>): members and roles, invitations, reminders, API tokens and the
 * organisation. Which tabs a member sees comes from the API (GET /api/v1/organisation → permissions, the
 * rules the server enforces); a tab opened by its address without the right shows a refusal, not the tab.
 */
import { Button, Result, Spin, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import { InvitationsTab } from './invitations-tab.tsx';
import { MembersTab } from './members-tab.tsx';
import { NotificationsTab } from './notifications-tab.tsx';
import { OrganisationTab } from './organisation-tab.tsx';
import { TokensTab } from './tokens-tab.tsx';
import './settings.css';

export type Organisation = Schemas['Organisation'];
type Role = Schemas['Member']['role'];
export interface TabProps {
  org: Organisation;
  /** the caller's role in the organisation */
  role: Role;
  userId: string;
  reloadOrg(): void;
}

interface TabDef {
  key: string;
  allowed(org: Organisation, role: Role): boolean;
  render(p: TabProps): ReactNode;
}

const tabs: TabDef[] = [
  {
    key: 'members',
    // a client is shown only itself by the API: the tab has nothing for it
    allowed: (o, role) => o.permissions.manageMembers || role !== 'client',
    render: (p) => <MembersTab {...p} />,
  },
  { key: 'invitations', allowed: (o) => o.permissions.invite, render: (p) => <InvitationsTab {...p} /> },
  {
    key: 'notifications',
    allowed: (o) => o.permissions.manageNotifications,
    render: (p) => <NotificationsTab {...p} />,
  },
  { key: 'tokens', allowed: (o) => o.permissions.manageTokens, render: (p) => <TokensTab {...p} /> },
  { key: 'organisation', allowed: () => true, render: (p) => <OrganisationTab {...p} /> },
];

export default function SettingsPage() {
  const { t, lang } = useLang();
  const { me } = useSession();
  const navigate = useNavigate();
  const param = useParams().tab;
  const org = useLoad(lang, () => call(api.GET('/api/v1/organisation')));

  if (org.loading && !org.data) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!org.data || !me) return <ErrorNotice error={org.error} onRetry={org.reload} />;
  const o = org.data;
  const role = me.organisations.find((x) => x.id === o.id)?.role ?? 'viewer';
  const visible = tabs.filter((d) => d.allowed(o, role));
  const current = param ?? visible[0]?.key ?? 'organisation';
  const tab = tabs.find((d) => d.key === current);
  const props: TabProps = { org: o, role, userId: me.user.id, reloadOrg: org.reload };

  const body =
    tab && visible.includes(tab) ? (
      tab.render(props)
    ) : (
      <Result
        status="403"
        title="403"
        subTitle={t('settingsForbidden')}
        data-testid="settings-forbidden"
        extra={
          <Link to="/settings">
            <Button type="primary">{t('settingsBack')}</Button>
          </Link>
        }
      />
    );

  return (
    <section className="settings">
      <Typography.Title level={1}>{t('settingsTitle')}</Typography.Title>
      <Tabs
        activeKey={current}
        onChange={(k) => navigate(`/settings/${k}`)}
        aria-label={t('settingsTabs')}
        items={visible.map((d) => ({ key: d.key, label: t(`tab_${d.key}` as MessageId) }))}
      />
      {body}
    </section>
  );
}
