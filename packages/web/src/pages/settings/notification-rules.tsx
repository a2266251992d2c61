/**
 * The organisation's reminder rules (GET/PUT /notification-settings): days before the due day, daily while
 * overdue, which roles get e-mail and in-app reminders, quiet hours, language and the daily digest.
 */
import { App, Button, Card, Checkbox, Form, Input, Radio, Select, Space, Spin, Switch } from 'antd';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { type FieldMap, sameNames } from './form-errors.ts';
import { roleNames } from './roles.ts';
import { useAction } from './use-action.ts';

type Settings = Schemas['NotificationSettings'];
interface Values extends Omit<Settings, 'offsets' | 'quietHours'> {
  offsets: string[];
  quietStart?: string;
  quietEnd?: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const FIELDS: FieldMap = {
  ...sameNames('offsets', 'overdueDaily', 'roles', 'language', 'digest'),
  'quietHours.start': 'quietStart',
  'quietHours.end': 'quietEnd',
};

const toValues = (s: Settings): Values => ({
  ...s,
  offsets: s.offsets.map(String),
  quietStart: s.quietHours?.start ?? '',
  quietEnd: s.quietHours?.end ?? '',
});

const toSettings = (v: Values): Settings => ({
  offsets: [...new Set(v.offsets.map(Number))].sort((a, b) => b - a),
  overdueDaily: v.overdueDaily,
  roles: v.roles,
  quietHours: v.quietStart && v.quietEnd ? { start: v.quietStart, end: v.quietEnd } : null,
  language: v.language,
  digest: v.digest,
});

export function NotificationRules() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const action = useAction(form, FIELDS);
  const loaded = useLoad('notification-settings', () => call(api.GET('/api/v1/notification-settings')));

  const save = (v: Values) =>
    action.run(async () => {
      const s = await call(
        api.PUT('/api/v1/notification-settings', { body: toSettings(v), headers: langHeader(lang) }),
      );
      form.setFieldsValue(toValues(s));
      message.success(t('saved'));
    });
  const quiet = (other: 'quietStart' | 'quietEnd') => ({
    validator: async (_: unknown, value: string | undefined) => {
      if (value && !HHMM.test(value)) throw new Error(t('notifyQuietInvalid'));
      if (!value && form.getFieldValue(other)) throw new Error(t('notifyQuietHelp'));
    },
  });

  return (
    <Card title={t('notifySettings')} className="settings-section">
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {loaded.loading && <Spin aria-label={t('loading')} />}
      {loaded.data && (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={toValues(loaded.data)}
          onFinish={save}
          requiredMark={false}
        >
          <Form.Item
            name="offsets"
            label={t('notifyOffsets')}
            extra={t('notifyOffsetsHelp')}
            rules={[
              {
                validator: async (_, v: string[]) => {
                  if (v.length > 12 || v.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 366))
                    throw new Error(t('notifyOffsetsInvalid'));
                },
              },
            ]}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              className="settings-input"
              tokenSeparators={[',', '，', ' ']}
            />
          </Form.Item>
          <Form.Item name="overdueDaily" label={t('notifyOverdue')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="roles" label={t('notifyRoles')}>
            <Checkbox.Group
              options={roleNames.map((r) => ({ value: r, label: t(`role_${r}` as MessageId) }))}
            />
          </Form.Item>
          <Form.Item label={t('notifyQuiet')} extra={t('notifyQuietHelp')} required={false}>
            <Space wrap>
              <Form.Item name="quietStart" noStyle rules={[quiet('quietEnd')]} dependencies={['quietEnd']}>
                <Input aria-label={t('notifyQuietFrom')} placeholder="22:00" className="settings-time" />
              </Form.Item>
              <span aria-hidden="true">—</span>
              <Form.Item name="quietEnd" noStyle rules={[quiet('quietStart')]} dependencies={['quietStart']}>
                <Input aria-label={t('notifyQuietTo')} placeholder="08:00" className="settings-time" />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item name="language" label={t('notifyLanguage')}>
            <Radio.Group
              options={(['zh', 'en'] as const).map((l) => ({ value: l, label: t(`lang_${l}`) }))}
            />
          </Form.Item>
          <Form.Item name="digest" label={t('notifyDigest')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {action.error !== null && <ErrorNotice error={action.error} />}
          <Button type="primary" htmlType="submit" loading={action.busy}>
            {t('save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
