/**
 * The shareholders: the tree as stored, the foreign share the API computes through it (and whether it
 * agrees with the profile's declared share), and an editor for the direct holders (holders further up
 * stay as they are). The server's findings (a percentage, a country code) appear on the field.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Tree,
} from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { showOnFields } from './form-errors.ts';
import type { Company } from './use-company-api.ts';

type Holder = Schemas['Shareholder'];
const KINDS = ['natural-person', 'company', 'state'] as const;

interface Props {
  company: Company;
  canWrite: boolean;
  save(holders: Holder[]): Promise<unknown>;
  onSaved(): void;
}

function treeOf(holders: Holder[], label: (h: Holder) => string, at = 'shareholders'): object[] {
  return holders.map((h, i) => ({
    key: `${at}[${i}]`,
    title: label(h),
    children: h.shareholders ? treeOf(h.shareholders, label, `${at}[${i}].shareholders`) : undefined,
  }));
}

export function Shareholders({ company, canWrite, save, onSaved }: Props) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const s = useLoad(`${company.id}:${company.updatedAt}:${lang}`, () =>
    call(
      api.GET('/api/v1/companies/{id}/shareholding', {
        params: { path: { id: company.id }, query: { lang } },
      }),
    ),
  );
  const label = (h: Holder) =>
    `${h.name} · ${t(`kind_${h.kind}` as MessageId)} · ${h.country} · ${h.percent}%`;
  const d = s.data;
  return (
    <Card
      size="small"
      className="tab-card"
      title={t('co_shareholders')}
      extra={canWrite && <Button onClick={() => setEditing(true)}>{t('co_editShareholders')}</Button>}
      data-testid="shareholders"
    >
      {s.loading && <Spin aria-label={t('loading')} />}
      {s.error !== null && <ErrorNotice error={s.error} onRetry={s.reload} />}
      {d && d.shareholders.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('co_noShareholders')} />
      )}
      {d && d.shareholders.length > 0 && (
        <>
          <Tree defaultExpandAll selectable={false} treeData={treeOf(d.shareholders, label) as never} />
          <p className="foreign-share">
            {t('co_foreignThrough')}:{' '}
            <strong>{d.foreignPercent === null ? '—' : `${d.foreignPercent}%`}</strong>
            {' · '}
            {t('co_declared')}:{' '}
            {d.declaredForeignSharePercent === null ? '—' : `${d.declaredForeignSharePercent}%`}{' '}
            <Tag color={d.agreement === 'agrees' ? 'green' : d.agreement === 'disagrees' ? 'red' : 'default'}>
              {t(`agree_${d.agreement}`)}
            </Tag>
          </p>
          {d.unknownPercent > 0 && (
            <Alert
              type="info"
              showIcon
              title={t('co_unknownLayers', { percent: d.unknownPercent, paths: d.unknownLayers.join('、') })}
            />
          )}
          {d.badSums.map((b) => (
            <Alert
              key={b.path}
              type="warning"
              showIcon
              title={t('co_badSum', { path: b.path, sum: b.sum })}
            />
          ))}
        </>
      )}
      {editing && (
        <HoldersEditor
          holders={company.shareholders}
          onCancel={() => setEditing(false)}
          onSave={async (h) => {
            await save(h);
            setEditing(false);
            onSaved();
          }}
        />
      )}
    </Card>
  );
}

function HoldersEditor({
  holders,
  onCancel,
  onSave,
}: {
  holders: Holder[];
  onCancel(): void;
  onSave(h: Holder[]): Promise<void>;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<{ shareholders: Holder[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async ({ shareholders = [] }: { shareholders?: Holder[] }) => {
    setBusy(true);
    setError(null);
    try {
      // the holders further up of each direct holder stay as stored
      await onSave(
        shareholders.map((h, i) => {
          const up = holders[i]?.name === h.name ? holders[i]?.shareholders : undefined;
          return { ...h, country: h.country.trim().toUpperCase(), ...(up ? { shareholders: up } : {}) };
        }),
      );
    } catch (e) {
      setError(showOnFields(form, ['shareholders'], e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={760} title={t('co_editShareholders')} footer={null} onCancel={onCancel}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ shareholders: holders.map(({ shareholders: _, ...h }) => h) }}
        onFinish={submit}
      >
        <HolderRows />
        <p className="form-note">{t('co_nestedKept')}</p>
        {error !== null && <ErrorNotice error={error} />}
        <Space className="form-submit">
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('co_save')}
          </Button>
          <Button onClick={onCancel}>{t('co_cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/**
 * the direct holders as form rows (name, kind, country, share) under the form's `shareholders` field, with
 * add and remove; the company page's editor and the application package's supplement use it
 */
export function HolderRows() {
  const { t } = useLang();
  const required = { required: true, message: t('required_field') };
  return (
    <Form.List name="shareholders">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} wrap align="start" className="holder-row">
              <Form.Item name={[f.name, 'name']} label={t('co_holderName')} rules={[required]}>
                <Input />
              </Form.Item>
              <Form.Item name={[f.name, 'kind']} label={t('co_holderKind')} rules={[required]}>
                <Select
                  className="holder-kind"
                  options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
                />
              </Form.Item>
              <Form.Item
                name={[f.name, 'country']}
                label={t('co_country')}
                rules={[required, { pattern: /^[A-Za-z]{2}$/, message: 'CN, HK, US …' }]}
              >
                <Input className="holder-country" maxLength={2} />
              </Form.Item>
              <Form.Item name={[f.name, 'percent']} label={t('co_percent')} rules={[required]}>
                <InputNumber min={0} max={100} />
              </Form.Item>
              <Button
                aria-label={t('co_delete')}
                icon={<DeleteOutlined />}
                onClick={() => remove(f.name)}
                className="holder-remove"
              />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'natural-person', country: 'CN' })}>
            {t('co_addHolder')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
