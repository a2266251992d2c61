/**
 * A notification channel's form (add or edit): its name, kind and the kind's fields. Secrets are
 * write-only: on edit they start empty and, left empty, keep the stored ones; a webhook URL comes back
 * masked and, left so, keeps the stored one too.
 */
import { Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import type { FieldMap } from './form-errors.ts';
import { useAction } from './use-action.ts';

export type Channel = Schemas['NotificationChannel'];
type Kind = Channel['config']['kind'];
export const KINDS: Kind[] = ['wecom', 'dingtalk', 'feishu', 'email', 'in-app'];

interface Values {
  name: string;
  enabled: boolean;
  kind: Kind;
  url?: string;
  secret?: string;
  from?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  password?: string;
}

const toValues = (c: Channel | null): Values => {
  if (!c) return { name: '', enabled: true, kind: 'wecom', port: 465, secure: true };
  const k = c.config;
  const base = { name: c.name, enabled: c.enabled, kind: k.kind };
  if (k.kind === 'email')
    return {
      ...base,
      from: k.from,
      host: k.smtp.host,
      port: k.smtp.port,
      secure: k.smtp.secure,
      user: k.smtp.user ?? '',
    };
  if (k.kind === 'in-app') return base;
  return { ...base, url: k.url };
};

const orUndefined = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function toBody(v: Values): Schemas['NotificationChannelWriteInput'] {
  const base = { name: v.name, enabled: v.enabled };
  const secret = orUndefined(v.secret);
  switch (v.kind) {
    case 'email': {
      const user = orUndefined(v.user);
      const password = orUndefined(v.password);
      return {
        ...base,
        config: {
          kind: 'email',
          from: v.from ?? '',
          smtp: {
            host: v.host ?? '',
            port: v.port ?? 465,
            secure: v.secure ?? true,
            ...(user ? { user } : {}),
            ...(password ? { password } : {}),
          },
        },
      };
    }
    case 'in-app':
      return { ...base, config: { kind: 'in-app' } };
    case 'wecom':
      return { ...base, config: { kind: 'wecom', url: v.url ?? '' } };
    default:
      return { ...base, config: { kind: v.kind, url: v.url ?? '', ...(secret ? { secret } : {}) } };
  }
}

/** the API's field paths (config.smtp.host) → this form's flat names */
const FIELDS: FieldMap = {
  name: 'name',
  'config.url': 'url',
  'config.secret': 'secret',
  'config.from': 'from',
  'config.smtp.host': 'host',
  'config.smtp.port': 'port',
  'config.smtp.user': 'user',
  'config.smtp.password': 'password',
};

export function ChannelForm({
  channel,
  open,
  onClose,
  onSaved,
}: {
  /** null: a new channel */
  channel: Channel | null;
  open: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? toValues(channel).kind;
  const action = useAction(form, FIELDS);
  const stored = channel?.config;
  const hasSecret = stored && 'hasSecret' in stored && stored.hasSecret && stored.kind === kind;
  const hasPassword = stored?.kind === 'email' && stored.smtp.hasPassword && kind === 'email';

  const save = (v: Values) =>
    action.run(async () => {
      const body = toBody(v);
      const headers = langHeader(lang);
      if (channel)
        await call(
          api.PUT('/api/v1/notification-channels/{id}', {
            params: { path: { id: channel.id } },
            body,
            headers,
          }),
        );
      else await call(api.POST('/api/v1/notification-channels', { body, headers }));
      onSaved();
    });

  const url = (
    <Form.Item
      name="url"
      label={t('channelWebhook')}
      extra={t('channelWebhookHelp')}
      rules={[
        { required: true, message: t('required_field') },
        { pattern: /^https?:\/\/\S+$/, message: t('urlInvalid') },
      ]}
    >
      <Input inputMode="url" autoComplete="off" />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={channel ? t('channelEdit') : t('channelAdd')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={action.busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={toValues(channel)}
        onFinish={save}
        requiredMark={false}
        preserve={false}
      >
        <Form.Item
          name="name"
          label={t('channelName')}
          rules={[
            { required: true, whitespace: true, message: t('required_field') },
            { max: 100, message: t('tooLong', { max: 100 }) },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('channelKind')}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}` as MessageId) }))} />
        </Form.Item>
        {(kind === 'wecom' || kind === 'dingtalk' || kind === 'feishu') && url}
        {(kind === 'dingtalk' || kind === 'feishu') && (
          <Form.Item
            name="secret"
            label={t('channelSecret')}
            extra={hasSecret ? t('channelSecretKept') : t('optional')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {kind === 'email' && (
          <>
            <Form.Item
              name="from"
              label={t('channelFrom')}
              rules={[
                { required: true, message: t('required_field') },
                { type: 'email', message: t('emailInvalid') },
              ]}
            >
              <Input type="email" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="host"
              label={t('channelSmtpHost')}
              rules={[{ required: true, message: t('required_field') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="port"
              label={t('channelSmtpPort')}
              rules={[{ required: true, message: t('required_field') }]}
            >
              <InputNumber min={1} max={65535} precision={0} />
            </Form.Item>
            <Form.Item name="secure" label={t('channelSmtpSecure')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="user" label={t('channelSmtpUser')} extra={t('optional')}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('channelSmtpPassword')}
              extra={hasPassword ? t('channelSecretKept') : t('optional')}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {kind === 'in-app' && (
          <Typography.Paragraph type="secondary">{t('channelInAppHelp')}</Typography.Paragraph>
        )}
        <Form.Item name="enabled" label={t('channelEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
      {action.error !== null && <ErrorNotice error={action.error} />}
    </Modal>
  );
}
