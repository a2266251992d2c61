/**
 * The moves an application may make next, exactly those the API lists (nextStates), each with a date (the
 * day it took effect; default today in China on the server), a note and, when accepted, the authority's
 * reference. A refusal (an invalid move, a date before the last event) is shown in place.
 */
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { showFieldErrors } from './field-errors.ts';
import type { ApplicationState } from './names.ts';

type Detail = Schemas['ApplicationDetail'];
interface Values {
  on?: string;
  note?: string;
  authorityReference?: string;
}

/** the moves that end a case badly or back out: shown apart from the way forward */
const aside: ReadonlySet<ApplicationState> = new Set(['rejected', 'withdrawn']);

export function Transitions({
  application,
  canWrite,
  onMoved,
}: {
  application: Detail;
  canWrite: boolean;
  onMoved: (a: Detail) => void;
}) {
  const { t, lang } = useLang();
  const [to, setTo] = useState<ApplicationState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const next = application.nextStates;
  if (!next.length) return <Alert type="info" showIcon title={t('app_actionsFinal')} />;
  if (!canWrite) return <Alert type="info" showIcon title={t('app_actionsReadOnly')} />;

  const open = (s: ApplicationState) => {
    setTo(s);
    setError(null);
    form.resetFields();
  };
  const submit = async (v: Values) => {
    if (!to) return;
    setBusy(true);
    setError(null);
    try {
      const moved = await call(
        api.POST('/api/v1/applications/{id}/transitions', {
          params: { path: { id: application.id }, query: { lang } },
          body: {
            to,
            ...(v.on ? { on: v.on } : {}),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            ...(v.authorityReference?.trim() ? { authorityReference: v.authorityReference.trim() } : {}),
          },
        }),
      );
      setTo(null);
      onMoved(moved);
    } catch (e) {
      setError(e);
      showFieldErrors(form, e, lang, ['on', 'note', 'authorityReference']);
    } finally {
      setBusy(false);
    }
  };
  const action = (s: ApplicationState) => t(`to_${s}` as MessageId);

  return (
    <div className="transitions">
      <Space wrap>
        {next.map((s) => (
          <Button
            key={s}
            type={aside.has(s) ? 'default' : 'primary'}
            danger={aside.has(s)}
            ghost={!aside.has(s) && to !== s}
            data-to={s}
            aria-pressed={to === s}
            onClick={() => open(s)}
          >
            {action(s)}
          </Button>
        ))}
      </Space>
      {to && (
        <Card size="small" className="transition-form" data-testid="transition-form">
          <Typography.Text strong>{action(to)}</Typography.Text>
          <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="on" label={t('app_on')} extra={t('app_onHelp')}>
              <Input type="date" className="transition-date" />
            </Form.Item>
            {(to === 'accepted' || to === 'submitted') && (
              <Form.Item name="authorityReference" label={t('app_reference')}>
                <Input maxLength={200} />
              </Form.Item>
            )}
            <Form.Item name="note" label={t('app_note')}>
              <Input.TextArea maxLength={5000} autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
            {error !== null && <ErrorNotice error={error} />}
            <Space className="form-submit">
              <Button type="primary" htmlType="submit" loading={busy} danger={aside.has(to)}>
                {t('app_confirm', { action: action(to) })}
              </Button>
              <Button onClick={() => setTo(null)}>{t('app_cancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
    </div>
  );
}
