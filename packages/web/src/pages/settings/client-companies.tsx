/** The companies a client member sees (GET /members/{id}/companies), and a dialog to set them (PUT). */
import { Button, Form, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { useLoad } from '../../use-load.ts';
import { CompanyPicker } from './company-picker.tsx';
import { useAction } from './use-action.ts';

export function ClientCompanies({ member, editable }: { member: Schemas['Member']; editable: boolean }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const action = useAction();
  const [chosen, setChosen] = useState<string[]>([]);
  const path = { params: { path: { userId: member.userId } } };
  const linked = useLoad(`${member.userId}:${lang}`, () =>
    call(api.GET('/api/v1/members/{userId}/companies', path)),
  );
  const items = linked.data?.items ?? [];
  const name = member.name ?? member.email;

  const save = () =>
    action.run(async () => {
      await call(
        api.PUT('/api/v1/members/{userId}/companies', {
          ...path,
          body: { companyIds: chosen },
          headers: langHeader(lang),
        }),
      );
      setOpen(false);
      linked.reload();
    });

  if (linked.error !== null) return <ErrorNotice error={linked.error} onRetry={linked.reload} />;
  return (
    <Space wrap size={4}>
      {items.length ? (
        items.map((c) => <Tag key={c.id}>{c.name}</Tag>)
      ) : (
        <Typography.Text type="secondary">{linked.loading ? '…' : t('memberCompaniesNone')}</Typography.Text>
      )}
      {editable && (
        <Button
          size="small"
          onClick={() => {
            setChosen(items.map((c) => c.id));
            setOpen(true);
          }}
        >
          {t('memberCompaniesEdit')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('memberCompaniesTitle', { name })}
        onOk={save}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={action.busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('memberCompanies')} htmlFor="client-companies">
            <CompanyPicker id="client-companies" value={chosen} onChange={setChosen} known={items} />
          </Form.Item>
        </Form>
        {action.error !== null && <ErrorNotice error={action.error} />}
      </Modal>
    </Space>
  );
}
