/**
 * Invitations (owner, admin): invite an e-mail with a role (a client with the companies it will see); the
 * link is shown once with a copy button; the pending invitations, each revocable.
 */
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { CompanyPicker } from './company-picker.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyField } from './copy-field.tsx';
import { sameNames } from './form-errors.ts';
import { when } from './format.ts';
import { roleNames } from './roles.ts';
import type { TabProps } from './settings-page.tsx';
import { useAction } from './use-action.ts';

type Invitation = Schemas['Invitation'];
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
  const [made, setMade] = useState<{ email: string; url: string } | null>(null);
  const action = useAction(form, FIELDS);
  const pending = useLoad(`invitations:${lang}`, () =>
    call(api.GET('/api/v1/invitations', { params: { query: { limit: 100 } } })),
  );

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
      setMade({ email: r.invitation.email, url: `${window.location.origin}${r.path}` });
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
            title={t('inviteMade', { email: made.email })}
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
        loading={pending.loading}
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
            title: t('actions'),
            key: 'actions',
            render: (_, i) => (
              <ConfirmButton
                question={t('inviteRevokeConfirm', { email: i.email })}
                label={t('revoke')}
                onConfirm={() => revoke(i)}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
