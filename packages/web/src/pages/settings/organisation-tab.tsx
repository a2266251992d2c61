/** The organisation: its name (owners and admins rename it), id, member count, creation and the caller's role. */
import { App, Button, Descriptions, Form, Input } from 'antd';
import { api, call, langHeader } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useSession } from '../../session.tsx';
import { sameNames } from './form-errors.ts';
import type { TabProps } from './settings-page.tsx';
import { useAction } from './use-action.ts';

const FIELDS = sameNames('name');

export function OrganisationTab({ org, role, reloadOrg }: TabProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const { check } = useSession();
  const [form] = Form.useForm<{ name: string }>();
  const action = useAction(form, FIELDS);

  const save = (v: { name: string }) =>
    action.run(async () => {
      await call(api.PATCH('/api/v1/organisation', { body: v, headers: langHeader(lang) }));
      message.success(t('saved'));
      reloadOrg();
      // the welcome line shows the organisation's name from /me
      await check(true);
    });

  return (
    <div className="settings-tab">
      {org.permissions.editOrganisation && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ name: org.name }}
          onFinish={save}
          requiredMark={false}
        >
          <Form.Item
            name="name"
            label={t('orgName')}
            rules={[
              { required: true, whitespace: true, message: t('required_field') },
              { max: 200, message: t('tooLong', { max: 200 }) },
            ]}
          >
            <Input className="settings-input" maxLength={200} />
          </Form.Item>
          {action.error !== null && <ErrorNotice error={action.error} />}
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={action.busy}>
              {t('save')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Descriptions
        className="settings-section"
        column={1}
        bordered
        size="small"
        items={[
          ...(org.permissions.editOrganisation
            ? []
            : [{ key: 'name', label: t('orgName'), children: org.name }]),
          { key: 'role', label: t('orgYourRole'), children: t(`role_${role}` as MessageId) },
          { key: 'members', label: t('orgMembers'), children: org.members },
          { key: 'created', label: t('orgCreated'), children: when(org.createdAt) },
          { key: 'id', label: t('orgId'), children: <code>{org.id}</code> },
        ]}
      />
    </div>
  );
}
