/**
 * 备案与资源: the company's register — ICP, app and public-security filings, domains, servers, number
 * resources, annual reports and company events (变更事件: a change with the day it took effect, from which
 * its obligations count) — one table per kind with add, edit and delete; the fields are checked as the API
 * checks them (dates, lengths; the engine's validators on the server, shown on the field). An event's subject
 * is one of the company's licences or ICP filings, chosen by number.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import type { TabProps } from './company-page.tsx';
import { showOnFields } from './form-errors.ts';
import {
  datePattern,
  type RegisterField,
  type RegisterKind,
  registerBody,
  registerKinds,
  registerValues,
} from './register-kinds.ts';

type Row = Record<string, unknown> & { id: string };
type Licence = Schemas['Licence'];
/** what a company event can concern: a licence or an ICP filing of the company, by its number */
type Subject = { value: string; label: string };
// the register's paths differ by kind only; the client is typed on one of them
type Path = '/api/v1/domains';
type ItemPath = '/api/v1/domains/{id}';

export function RegisterTab({ company, canWrite }: TabProps) {
  const { t, lang } = useLang();
  const [tick, setTick] = useState(0);
  const reg = useLoad(`${company.id}:${lang}:${tick}`, () =>
    call(
      api.GET('/api/v1/companies/{id}/register', { params: { path: { id: company.id }, query: { lang } } }),
    ),
  );
  const licences = useLoad(`${company.id}:licences`, () =>
    call(api.GET('/api/v1/licences', { params: { query: { companyId: company.id, limit: 100, lang } } })),
  );
  if (reg.loading && !reg.data) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!reg.data) return <ErrorNotice error={reg.error} onRetry={reg.reload} />;
  const data = reg.data;
  const subjects: Subject[] = [
    ...(licences.data?.items ?? []).map((l) => ({ value: l.id, label: `${t('f_licenceId')} ${l.number}` })),
    ...data.icpFilings.map((f) => ({ value: f.id, label: `${t('reg_icpFilings')} ${f.number}` })),
  ];
  return (
    <div className="tab-body">
      {registerKinds.map((k) => (
        <KindTable
          key={k.key}
          kind={k}
          rows={data[k.key] as unknown as Row[]}
          companyId={company.id}
          canWrite={canWrite}
          licences={licences.data?.items ?? []}
          subjects={subjects}
          onChanged={() => setTick((n) => n + 1)}
        />
      ))}
    </div>
  );
}

interface KindProps {
  kind: RegisterKind;
  rows: Row[];
  companyId: string;
  canWrite: boolean;
  licences: Licence[];
  subjects: Subject[];
  onChanged(): void;
}

/** the word of a select's value */
const optionWord = (f: RegisterField, v: string) => `${f.optionWords ?? 'opt_'}${v}` as MessageId;

function KindTable({ kind, rows, companyId, canWrite, licences, subjects, onChanged }: KindProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const licenceNumber = (id: unknown) => licences.find((l) => l.id === id)?.number ?? String(id);
  const show = (f: RegisterField, v: unknown) => {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return '—';
    if (f.type === 'licence') return licenceNumber(v);
    if (f.type === 'subject') return subjects.find((s) => s.value === v)?.label ?? String(v);
    if (f.type === 'select') return <Tag>{t(optionWord(f, String(v)))}</Tag>;
    if (f.type === 'multi') return (v as string[]).map((x) => t(optionWord(f, x))).join('、');
    if (Array.isArray(v)) return v.join('、');
    return String(v);
  };
  const remove = async (row: Row) => {
    setError(null);
    try {
      await call(
        api.DELETE(`${kind.path}/{id}` as ItemPath, { params: { path: { id: row.id }, query: { lang } } }),
      );
      message.success(t('co_saved'));
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Card
      size="small"
      className="tab-card"
      title={t(kind.label)}
      data-testid={`register-${kind.key}`}
      extra={
        canWrite && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            aria-label={`${t('co_add')} ${t(kind.label)}`}
          >
            {t('co_add')}
          </Button>
        )
      }
    >
      {kind.help && <Typography.Paragraph type="secondary">{t(kind.help)}</Typography.Paragraph>}
      {error !== null && <ErrorNotice error={error} />}
      <Table<Row>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('reg_empty') }}
        columns={[
          ...kind.fields
            .filter((f) => f.column)
            .map((f) => ({
              key: f.name,
              title: t(f.label),
              render: (_: unknown, r: Row) => show(f, r[f.name]),
            })),
          ...(canWrite
            ? [
                {
                  key: 'actions',
                  title: t('co_actions'),
                  render: (_: unknown, r: Row) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        icon={<EditOutlined />}
                        aria-label={t('co_edit')}
                        onClick={() => setEditing(r)}
                      />
                      <Popconfirm
                        title={t('co_deleteConfirm')}
                        onConfirm={() => remove(r)}
                        okText={t('co_delete')}
                        cancelText={t('co_cancel')}
                      >
                        <Button type="link" danger icon={<DeleteOutlined />} aria-label={t('co_delete')} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <RowForm
          kind={kind}
          row={editing === 'new' ? null : editing}
          companyId={companyId}
          licences={licences}
          subjects={subjects}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success(t('co_saved'));
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface RowFormProps {
  kind: RegisterKind;
  row: Row | null;
  companyId: string;
  licences: Licence[];
  subjects: Subject[];
  onCancel(): void;
  onSaved(): void;
}

function RowForm({ kind, row, companyId, licences, subjects, onCancel, onSaved }: RowFormProps) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const body = registerBody(kind, v, companyId, row === null) as never;
      if (row === null) await call(api.POST(kind.path as Path, { params: { query: { lang } }, body }));
      else
        await call(
          api.PATCH(`${kind.path}/{id}` as ItemPath, {
            params: { path: { id: row.id }, query: { lang } },
            body,
          }),
        );
      onSaved();
    } catch (e) {
      setError(
        showOnFields(
          form,
          kind.fields.map((f) => f.name),
          e,
          lang,
          { REGISTER_KEY_TAKEN: { field: [kind.keyField], message: t('reg_keyTaken') } },
        ),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t(row ? 'co_edit' : 'co_add')} · ${t(kind.label)}`}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okText={t('co_save')}
      cancelText={t('co_cancel')}
      okButtonProps={{ loading: busy }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={row ? registerValues(kind, row) : {}}
        onFinish={submit}
        data-testid={`register-form-${kind.key}`}
      >
        {kind.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(f.label)}
            extra={f.type === 'list' ? t('reg_listHelp') : undefined}
            rules={[
              ...(f.required ? [{ required: true, message: t('required_field') }] : []),
              ...(f.max ? [{ max: f.max }] : []),
              ...(f.type === 'date' ? [{ pattern: datePattern, message: 'YYYY-MM-DD' }] : []),
            ]}
          >
            {field(f, row !== null && f.fixed === true, licences, subjects, t)}
          </Form.Item>
        ))}
      </Form>
      {error !== null && <ErrorNotice error={error} />}
    </Modal>
  );
}

function field(
  f: RegisterField,
  locked: boolean,
  licences: Licence[],
  subjects: Subject[],
  t: (id: MessageId) => string,
) {
  switch (f.type) {
    case 'date':
      return <Input placeholder="YYYY-MM-DD" maxLength={10} />;
    case 'year':
      return <InputNumber min={1990} max={9999} />;
    case 'select':
      return (
        <Select
          allowClear={!f.required}
          options={f.options?.map((o) => ({ value: o, label: t(optionWord(f, o)) }))}
        />
      );
    case 'multi':
      return (
        <Select mode="multiple" options={f.options?.map((o) => ({ value: o, label: t(optionWord(f, o)) }))} />
      );
    case 'subject':
      return <Select allowClear options={subjects} />;
    case 'licence':
      return (
        <Select
          disabled={locked}
          options={licences.map((l) => ({ value: l.id, label: `${l.number} (${l.codes.join('、')})` }))}
        />
      );
    case 'list':
      return <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />;
    default:
      return <Input />;
  }
}
