/**
 * A company's registration facts, for creating one and for changing them: the API's limits checked as
 * one types, and what the server refuses (an invalid credit code, one already used) shown on the field.
 */
import { Button, Form, Input, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { showOnFields } from './form-errors.ts';
import type { CompanyFields } from './use-company-api.ts';

const FIELDS = [
  'name',
  'uscc',
  'legalRepresentative',
  'address',
  'registeredCapitalCny',
  'staffCount',
  'premisesAddress',
  'premisesAreaSqm',
];

interface Props {
  initial?: Partial<CompanyFields>;
  submitLabel: string;
  onSubmit(values: CompanyFields): Promise<void>;
  onCancel?(): void;
}

export function CompanyForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<CompanyFields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const required = { required: true, whitespace: true, message: t('required_field') };

  const submit = async (values: CompanyFields) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      setError(
        showOnFields(form, FIELDS, e, lang, { USCC_TAKEN: { field: ['uscc'], message: t('co_usccTaken') } }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ name: '', uscc: '', ...initial }}
      onFinish={submit}
      className="company-form"
      requiredMark="optional"
    >
      <Form.Item name="name" label={t('companyName')} rules={[required, { max: 200 }]}>
        <Input autoComplete="organization" />
      </Form.Item>
      <Form.Item
        name="uscc"
        label={t('uscc')}
        extra={t('co_usccHelp')}
        rules={[required, { max: 64 }]}
        normalize={(v: string) => v.toUpperCase()}
      >
        <Input className="company-uscc" maxLength={64} />
      </Form.Item>
      <Form.Item name="legalRepresentative" label={t('co_legalRep')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="address" label={t('co_address')} rules={[{ max: 500 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="registeredCapitalCny" label={t('capital')} extra={t('co_capitalHelp')}>
        <InputNumber min={0} max={1e15} step={10000} className="company-capital" />
      </Form.Item>
      <Form.Item name="staffCount" label={t('co_staffCount')}>
        <InputNumber min={0} max={10_000_000} precision={0} />
      </Form.Item>
      <Form.Item
        name="premisesAddress"
        label={t('co_premisesAddress')}
        extra={t('co_premisesHelp')}
        rules={[{ max: 500 }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="premisesAreaSqm" label={t('co_premisesArea')}>
        <InputNumber min={0.01} max={1e8} />
      </Form.Item>
      {error !== null && <ErrorNotice error={error} />}
      <Space className="form-submit">
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('co_cancel')}</Button>}
      </Space>
    </Form>
  );
}
