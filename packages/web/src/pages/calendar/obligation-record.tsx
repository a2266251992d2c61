/**
 * The obligation's status (a record's, once made: the list behind may no longer hold the obligation) and what
 * a member recorded of it (POST/DELETE /api/v1/obligation-records), in its drawer: the record
 * (done on a day, or waived with its reason; who recorded it and when) with 撤销 to undo it, or — for the roles
 * that change compliance data, while the obligation is not done — 标记为已完成 (a day, today by default, and a
 * note) and 豁免 (a reason, required). A change calls `onChanged` so that the list behind reloads.
 */
import { Alert, Button, DatePicker, Form, Input, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import { chinaToday } from '../dashboard/china-today.ts';
import { ConfirmButton } from '../settings/confirm-button.tsx';
import { DueIn, type Obligation, ObligationStatusTag } from './obligation-status.tsx';

export type ObligationRecord = Schemas['ObligationRecord'];

const TEXT_MAX = 500;

interface Values {
  on?: Dayjs | null;
  reason?: string;
  note?: string;
}

export function ObligationRecordPanel({
  obligation: o,
  asOf,
  onChanged,
}: {
  obligation: Obligation;
  /** the list's day, for the days left or late */
  asOf: string;
  onChanged?(): void;
}) {
  const { t, lang } = useLang();
  const { me } = useSession();
  const role = me?.organisations[0]?.role;
  const canWrite = role === 'owner' || role === 'admin' || role === 'consultant';
  const record = useLoad(`${o.id}:${lang}`, () =>
    call(
      api.GET('/api/v1/obligation-records', { params: { query: { obligation: o.id, limit: 1, lang } } }),
    ).then((r) => r.items[0] ?? null),
  );
  const [mode, setMode] = useState<'done' | 'waived' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<Values>();

  const changed = () => {
    setMode(null);
    setError(null);
    record.reload();
    onChanged?.();
  };
  const save = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const note = v.note?.trim();
      await call(
        api.POST('/api/v1/obligation-records', {
          params: { query: { lang } },
          body: {
            obligation: o.id,
            status: mode ?? 'done',
            ...(mode === 'waived'
              ? { reason: v.reason?.trim() ?? '' }
              : { on: v.on?.format('YYYY-MM-DD') ?? '' }),
            ...(note ? { note } : {}),
          },
        }),
      );
      form.resetFields();
      changed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const undo = async (r: ObligationRecord) => {
    setError(null);
    try {
      await call(
        api.DELETE('/api/v1/obligation-records/{id}', { params: { path: { id: r.id }, query: { lang } } }),
      );
      changed();
    } catch (e) {
      setError(e);
    }
  };

  const r = record.data;
  const status = r ? r.status : o.status;
  const today = chinaToday();
  const head = (
    <Typography.Paragraph>
      <ObligationStatusTag status={status} /> <DueIn due={o.window.due} asOf={asOf} status={status} />
    </Typography.Paragraph>
  );
  if (record.error !== null)
    return (
      <>
        {head}
        <ErrorNotice error={record.error} onRetry={record.reload} />
      </>
    );
  if (record.loading && r === null) return head;
  return (
    <div className="obligation-record" data-testid="obligation-record">
      {head}
      {error !== null && <ErrorNotice error={error} />}
      {r && (
        <Alert
          type={r.status === 'done' ? 'success' : 'info'}
          showIcon
          className="obligation-note"
          title={
            r.status === 'done'
              ? t('oblRecordedDone', { on: r.on ?? '' })
              : t('oblRecordedWaived', { reason: r.reason ?? '' })
          }
          description={
            <>
              {r.note && <div>{r.note}</div>}
              <Typography.Text type="secondary" data-testid="obligation-recorded-by">
                {t('oblRecordedBy', { who: r.createdByLabel, at: when(r.createdAt) })}
              </Typography.Text>
            </>
          }
          action={
            canWrite && (
              <ConfirmButton question={t('oblUndoConfirm')} label={t('oblUndo')} onConfirm={() => undo(r)} />
            )
          }
        />
      )}
      {!r && canWrite && o.status !== 'done' && o.status !== 'waived' && mode === null && (
        <Space wrap className="obligation-record-actions">
          <Button type="primary" onClick={() => setMode('done')}>
            {t('oblMarkDone')}
          </Button>
          <Button onClick={() => setMode('waived')}>{t('oblWaive')}</Button>
          <Typography.Text type="secondary">{t('oblRecordHint')}</Typography.Text>
        </Space>
      )}
      {!r && mode !== null && (
        <Form<Values>
          form={form}
          layout="vertical"
          className="obligation-record-form"
          initialValues={{ on: dayjs(today) }}
          onFinish={save}
        >
          {mode === 'done' ? (
            <Form.Item name="on" label={t('oblRecordOn')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} allowClear={false} />
            </Form.Item>
          ) : (
            <Form.Item
              name="reason"
              label={t('oblRecordReason')}
              rules={[{ required: true, whitespace: true, message: t('oblRecordReasonRequired') }]}
            >
              <Input.TextArea maxLength={TEXT_MAX} autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('oblRecordNote')}>
            <Input maxLength={TEXT_MAX} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {mode === 'done' ? t('oblMarkDone') : t('oblWaive')}
            </Button>
            <Button
              onClick={() => {
                setMode(null);
                setError(null);
              }}
            >
              {t('oblRecordCancel')}
            </Button>
          </Space>
        </Form>
      )}
    </div>
  );
}
