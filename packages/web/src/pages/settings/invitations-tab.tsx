/**
 * Invitations (owner, admin): invite an e-mail with a role (a client with the companies it will see); the
 * link is shown once with a copy button and e-mailed when the organisation has an e-mail channel; the
 * pending invitations with how their e-mail went (the list refreshes while one is being sent), each
 * revocable, and sent again with a fresh link (the old one stops working: only its hash is stored).
 */
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { CompanyPicker } from './company-picker.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyField } from './copy-field.tsx';
import { sameNames } from './form-errors.ts';
import { roleNames } from './roles.ts';
import type { TabProps } from './settings-page.tsx';
import { useAction } from './use-action.ts';

type Invitation = Schemas['Invitation'];
type Mail = NonNullable<Invitation['mail']>;
/** a new link (made or made again), shown once */
interface Created {
  invitation: Invitation;
  path: string;
  emailed: 'sending' | 'no-channel';
}

/** the server's INVITATION_MAIL_STALE_MS: a send silent this long was lost and may be repeated */
const MAIL_STALE_MS = 5 * 60 * 1000;
const POLL_MS = 2000;
const sendingNow = (m: Invitation['mail']) =>
  m?.status === 'sending' && Date.now() - Date.parse(m.at) < MAIL_STALE_MS;
const MAIL_COLOURS: Record<Mail['status'], string> = {
  sending: 'processing',
  sent: 'success',
  'no-channel': 'default',
  failed: 'error',
};
interface Values {
  email: string;
  role: Invitation['role'];
  companyIds?: string[];
  expiresInDays?: number | null;
}

const FIELDS = {
  ...sameNames('email', 'role', 'companyIds', 'expiresInDays'),
  // the problems about one field as a whole
  ALREADY_MEMBER: 'email',
  COMPANY_UNKNOWN: 'companyIds',
};

export function InvitationsTab({ role: myRole }: TabProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const role = Form.useWatch('role', form);
  const [made, setMade] = useState<{ email: string; url: string; emailed: Created['emailed'] } | null>(null);
  const action = useAction(form, FIELDS);
  const pending = useLoad(`invitations:${lang}`, () =>
    call(api.GET('/api/v1/invitations', { params: { query: { limit: 100 } } })),
  );
  // while a mail is being sent, look again until it has gone or failed
  const waiting = pending.data?.items.some((i) => sendingNow(i.mail)) ?? false;
  const { reload } = pending;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each answer that still holds a send asks again
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, reload, pending.data]);
  const show = (r: Created) =>
    setMade({ email: r.invitation.email, url: `${window.location.origin}${r.path}`, emailed: r.emailed });

  const invite = (v: Values) =>
    action.run(async () => {
      setMade(null);
      const r = await call(
        api.POST('/api/v1/invitations', {
          params: { query: { lang } },
          body: {
            email: v.email,
            role: v.role,
            ...(v.role === 'client' ? { companyIds: v.companyIds ?? [] } : {}),
            ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}),
          },
        }),
      );
      show(r);
      form.resetFields();
      pending.reload();
    });
  const revoke = (i: Invitation) =>
    action.run(async () => {
      await call(
        api.DELETE('/api/v1/invitations/{id}', { params: { path: { id: i.id } }, headers: langHeader(lang) }),
      );
      message.success(t('inviteRevoked'));
      pending.reload();
    });
  const resend = (i: Invitation) =>
    action.run(async () => {
      setMade(null);
      const r = await call(
        api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id: i.id }, query: { lang } } }),
      );
      show(r);
      pending.reload();
    });

  return (
    <div className="settings-tab">
      <Card title={t('inviteNew')} className="settings-section">
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={invite}
          requiredMark={false}
          initialValues={{ role: 'consultant' }}
        >
          <Form.Item
            name="email"
            label={t('inviteEmail')}
            rules={[
              { required: true, message: t('required_field') },
              { type: 'email', message: t('emailInvalid') },
            ]}
          >
            <Input type="email" autoComplete="off" className="settings-input" />
          </Form.Item>
          <Form.Item name="role" label={t('inviteRoleLabel')} rules={[{ required: true }]}>
            <Select
              className="settings-input"
              options={roleNames
                .filter((r) => myRole === 'owner' || r !== 'owner')
                .map((r) => ({ value: r, label: t(`role_${r}` as MessageId) }))}
            />
          </Form.Item>
          {role === 'client' && (
            <Form.Item
              name="companyIds"
              label={t('inviteCompanies')}
              extra={t('inviteCompaniesHelp')}
              rules={[{ required: true, type: 'array', min: 1, message: t('companiesPickRequired') }]}
            >
              <CompanyPicker />
            </Form.Item>
          )}
          <Form.Item name="expiresInDays" label={t('inviteDays')} extra={t('optional')}>
            <InputNumber min={1} max={30} precision={0} placeholder="7" />
          </Form.Item>
          {action.error !== null && <ErrorNotice error={action.error} />}
          <Button type="primary" htmlType="submit" loading={action.busy}>
            {t('inviteSend')}
          </Button>
        </Form>
        {made && (
          <Alert
            className="settings-once"
            type="success"
            showIcon
            title={`${t('inviteMade', { email: made.email })}${made.emailed === 'sending' ? ` ${t('inviteMailing')}` : ''}`}
            description={<CopyField value={made.url} label={t('inviteLink')} testId="invite-link" />}
          />
        )}
      </Card>
      <Typography.Title level={3} className="settings-heading">
        {t('invitePending')}
      </Typography.Title>
      {pending.error !== null && <ErrorNotice error={pending.error} onRetry={pending.reload} />}
      <Table<Invitation>
        rowKey="id"
        loading={pending.loading && !pending.data}
        dataSource={pending.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('invitePendingEmpty') }}
        columns={[
          { title: t('inviteEmail'), dataIndex: 'email' },
          {
            title: t('inviteRoleLabel'),
            dataIndex: 'role',
            render: (r: string) => t(`role_${r}` as MessageId),
          },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => when(v) },
          { title: t('inviteExpires'), dataIndex: 'expiresAt', render: (v: string) => when(v) },
          {
            title: t('inviteMail'),
            key: 'mail',
            render: (_, i) => <MailStatus mail={i.mail} />,
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, i) => (
              <Space wrap>
                {!sendingNow(i.mail) && (
                  <Popconfirm
                    title={t('inviteResendConfirm', { email: i.email })}
                    onConfirm={() => resend(i)}
                    okText={t('inviteResend')}
                    cancelText={t('cancel')}
                  >
                    <Button size="small">{t('inviteResend')}</Button>
                  </Popconfirm>
                )}
                <ConfirmButton
                  question={t('inviteRevokeConfirm', { email: i.email })}
                  label={t('revoke')}
                  onConfirm={() => revoke(i)}
                />
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}

/** how the invitation's link went out by e-mail, and when */
function MailStatus({ mail }: { mail: Invitation['mail'] }) {
  const { t } = useLang();
  if (!mail) return <span>—</span>;
  return (
    <span className="settings-mail" data-testid="invite-mail">
      <Tag color={MAIL_COLOURS[mail.status]}>{t(`inviteMail_${mail.status}` as MessageId)}</Tag>
      <Typography.Text type="secondary">{when(mail.at)}</Typography.Text>
    </span>
  );
}
