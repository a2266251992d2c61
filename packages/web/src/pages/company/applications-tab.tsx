/**
 * 申请: the company's applications with their state, and "open an application" for licence codes and a
 * procedure (the codes the latest assessment concluded are offered); each opens at /applications/:id.
 */
import { Button, Form, Modal, Select, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import type { TabProps } from './company-page.tsx';
import { showOnFields } from './form-errors.ts';
import { TabTable } from './tab-table.tsx';

type Item = Schemas['ApplicationListItem'];
const PROCEDURES = ['new', 'change', 'renewal', 'cancellation', 'annual-report'] as const;

export function ApplicationsTab({ company, canWrite }: TabProps) {
  const { t, lang } = useLang();
  const [opening, setOpening] = useState(false);
  const list = useLoad(`${company.id}:${lang}`, () =>
    call(api.GET('/api/v1/applications', { params: { query: { companyId: company.id, limit: 100, lang } } })),
  );
  return (
    <div className="tab-body">
      {canWrite && (
        <Button type="primary" className="tab-actions" onClick={() => setOpening(true)}>
          {t('co_openApplication')}
        </Button>
      )}
      <TabTable<Item>
        loaded={list}
        rows={list.data?.items ?? []}
        empty={t('co_applicationsEmpty')}
        columns={[
          {
            title: t('co_licenceCodes'),
            dataIndex: 'licenceCodes',
            render: (codes: string[], a) => <Link to={`/applications/${a.id}`}>{codes.join('、')}</Link>,
          },
          {
            title: t('co_procedure'),
            dataIndex: 'procedure',
            render: (p: string) => t(`proc_${p}` as MessageId),
          },
          {
            title: t('co_state'),
            dataIndex: 'state',
            render: (s: string) => <Tag>{t(`state_${s}` as MessageId)}</Tag>,
          },
          { title: t('authority'), dataIndex: 'authority', render: (a: string | null) => a ?? '—' },
          { title: t('updated'), dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 10) },
        ]}
      />
      {opening && <OpenApplication companyId={company.id} onCancel={() => setOpening(false)} />}
    </div>
  );
}

function OpenApplication({ companyId, onCancel }: { companyId: string; onCancel(): void }) {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ licenceCodes: string[]; procedure: Item['procedure'] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // the latest assessment's licences, as the likely choice
  const latest = useLoad(`${companyId}:latest`, () =>
    call(
      api.GET('/api/v1/companies/{id}/assessments', {
        params: { path: { id: companyId }, query: { limit: 1, lang } },
      }),
    ),
  );
  const suggested = latest.data?.items[0]?.licences ?? [];
  const submit = async (v: { licenceCodes: string[]; procedure: Item['procedure'] }) => {
    setBusy(true);
    setError(null);
    try {
      const a = await call(
        api.POST('/api/v1/applications', { params: { query: { lang } }, body: { companyId, ...v } }),
      );
      navigate(`/applications/${a.id}`);
    } catch (e) {
      setError(showOnFields(form, ['licenceCodes', 'procedure'], e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('co_openApplication')}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('co_create')}
      cancelText={t('co_cancel')}
      okButtonProps={{ loading: busy }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ procedure: 'new', licenceCodes: [] }}
        onFinish={submit}
      >
        <Form.Item
          name="licenceCodes"
          label={t('co_licenceCodes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('required_field') }]}
        >
          <Select
            mode="tags"
            options={suggested.map((c) => ({ value: c, label: c }))}
            tokenSeparators={[',', '，', ' ']}
          />
        </Form.Item>
        <Form.Item name="procedure" label={t('co_procedure')} rules={[{ required: true }]}>
          <Select options={PROCEDURES.map((p) => ({ value: p, label: t(`proc_${p}`) }))} />
        </Form.Item>
      </Form>
      {error !== null && <ErrorNotice error={error} />}
    </Modal>
  );
}
