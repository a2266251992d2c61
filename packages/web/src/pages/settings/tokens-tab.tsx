/**
 * API tokens (owner, admin): make one acting for the caller, with scopes and an optional expiry; its secret
 * is shown once with a copy button; the list (revoked and expired ones too), each active one revocable.
 */
import { Alert, Badge, Button, Card, Checkbox, Form, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { CopyField } from './copy-field.tsx';
import type { FieldMap } from './form-errors.ts';
import type { TabProps } from './settings-page.tsx';
import { useAction } from './use-action.ts';

type Token = Schemas['ApiToken'];
type Scope = Token['scopes'][number];
interface Values {
  name: string;
  scopes: Scope[];
  /** YYYY-MM-DD */
  expires?: string;
}
const SCOPES: Scope[] = ['read', 'write', 'admin'];
/** today in Beijing time (YYYY-MM-DD) */
const today = () => when(new Date().toISOString()).slice(0, 10);
const FIELDS: FieldMap = { name: 'name', scopes: 'scopes', expiresAt: 'expires' };

export function TokensTab(_: TabProps) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<Values>();
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction(form, FIELDS);
  const list = useLoad(`tokens:${lang}`, () =>
    call(api.GET('/api/v1/tokens', { params: { query: { limit: 100 } } })),
  );

  const create = (v: Values) =>
    action.run(async () => {
      setSecret(null);
      const r = await call(
        api.POST('/api/v1/tokens', {
          params: { query: { lang } },
          body: {
            name: v.name,
            scopes: v.scopes,
            // the end of the chosen day in Beijing time
            ...(v.expires ? { expiresAt: `${v.expires}T23:59:59+08:00` } : {}),
          },
        }),
      );
      setSecret(r.secret);
      form.resetFields();
      list.reload();
    });
  const revoke = (tk: Token) =>
    action.run(async () => {
      await call(
        api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: tk.id } }, headers: langHeader(lang) }),
      );
      list.reload();
    });
  const state = (tk: Token) =>
    tk.revokedAt
      ? 'tokenRevoked'
      : tk.expiresAt && Date.parse(tk.expiresAt) < Date.now()
        ? 'tokenExpired'
        : 'tokenActive';

  return (
    <div className="settings-tab">
      <Card title={t('tokenNew')} className="settings-section">
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={create}
          requiredMark={false}
          initialValues={{ scopes: ['read'] }}
        >
          <Form.Item
            name="name"
            label={t('tokenName')}
            extra={t('tokenNameHelp')}
            rules={[
              { required: true, whitespace: true, message: t('required_field') },
              { max: 100, message: t('tooLong', { max: 100 }) },
            ]}
          >
            <Input className="settings-input" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('tokenScopes')}
            // a validator rather than `required`, which would put aria-required on the group's plain <div>
            rules={[
              {
                validator: async (_, v: Scope[] | undefined) => {
                  if (!v?.length) throw new Error(t('required_field'));
                },
              },
            ]}
          >
            <Checkbox.Group
              options={SCOPES.map((s) => ({ value: s, label: t(`scope_${s}` as MessageId) }))}
            />
          </Form.Item>
          <Form.Item
            name="expires"
            label={t('tokenExpires')}
            extra={t('tokenExpiresHelp')}
            // the API's rule: an instant in the future (the end of the day chosen, in Beijing time)
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (v && v < today()) throw new Error(t('tokenExpiresPast'));
                },
              },
            ]}
          >
            {/* no `min`: the browser's own check would stop the form before it says why, in its words */}
            <Input type="date" className="settings-date" />
          </Form.Item>
          {action.error !== null && <ErrorNotice error={action.error} />}
          <Button type="primary" htmlType="submit" loading={action.busy}>
            {t('tokenCreate')}
          </Button>
        </Form>
        {secret && (
          <Alert
            className="settings-once"
            type="success"
            showIcon
            title={t('tokenMade')}
            description={<CopyField value={secret} label={t('tokenSecret')} testId="token-secret" />}
          />
        )}
      </Card>
      <Typography.Title level={3} className="settings-heading">
        {t('tokens')}
      </Typography.Title>
      {list.error !== null && <ErrorNotice error={list.error} onRetry={list.reload} />}
      <Table<Token>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('tokensEmpty') }}
        columns={[
          { title: t('tokenName'), dataIndex: 'name' },
          {
            title: t('tokenScopes'),
            dataIndex: 'scopes',
            render: (s: Scope[]) => s.map((x) => <Tag key={x}>{t(`scope_${x}` as MessageId)}</Tag>),
          },
          { title: t('tokenOwner'), dataIndex: 'userEmail' },
          {
            title: t('tokenState'),
            key: 'state',
            render: (_, tk) => {
              const s = state(tk);
              return <Badge status={s === 'tokenActive' ? 'success' : 'default'} text={t(s)} />;
            },
          },
          { title: t('tokenExpires'), dataIndex: 'expiresAt', render: (v: string | null) => when(v) },
          {
            title: t('tokenLastUsed'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => when(v, t('never')),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, tk) =>
              tk.revokedAt ? null : (
                <ConfirmButton
                  question={t('tokenRevokeConfirm', { name: tk.name })}
                  label={t('revoke')}
                  onConfirm={() => revoke(tk)}
                />
              ),
          },
        ]}
      />
    </div>
  );
}
