/**
 * The licence an approved application ends in: recorded here with its number and issue date (POST
 * /api/v1/licences from the application: company, categories and authority come from it), then shown with a
 * link to its page.
 */
import { Alert, Button, Descriptions, Form, Input, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { showFieldErrors } from './field-errors.ts';
import { useNames } from './names.ts';

type Detail = Schemas['ApplicationDetail'];
type Licence = Schemas['Licence'];

/** the licence issued on an application, if one was recorded */
async function licenceOf(a: Detail): Promise<Licence | null> {
  let cursor: string | undefined;
  do {
    const page = await call(
      api.GET('/api/v1/licences', {
        params: { query: { companyId: a.companyId, limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    );
    const found = page.items.find((l) => l.applicationId === a.id);
    if (found) return found;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return null;
}

export function LicenceSummary({ licence }: { licence: Licence }) {
  const { t } = useLang();
  const names = useNames();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} className="licence-summary">
      <Descriptions.Item label={t('lic_number')}>{licence.number}</Descriptions.Item>
      <Descriptions.Item label={t('lic_standing')}>
        {t(`standing_${licence.standing}` as MessageId)}
      </Descriptions.Item>
      <Descriptions.Item label={t('lic_codes')}>{names.licences(licence.codes)}</Descriptions.Item>
      <Descriptions.Item label={t('app_authority')}>{names.authority(licence.authority)}</Descriptions.Item>
      <Descriptions.Item label={t('lic_validityLabel')}>
        {t('lic_validity', { from: licence.issuedOn, to: licence.expiresOn })}
      </Descriptions.Item>
    </Descriptions>
  );
}

export function LicencePanel({
  application,
  canWrite,
  onRecorded,
}: {
  application: Detail;
  canWrite: boolean;
  onRecorded: () => void;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<{ number: string; issuedOn: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const licence = useLoad(`licence:${application.id}:${application.updatedAt}`, () => licenceOf(application));
  if (licence.loading) return <Spin aria-label={t('loading')} />;
  if (licence.error !== null) return <ErrorNotice error={licence.error} onRetry={licence.reload} />;
  const l = licence.data;
  if (l)
    return (
      <div data-testid="licence">
        <Typography.Paragraph strong>{t('lic_issued', { number: l.number })}</Typography.Paragraph>
        <LicenceSummary licence={l} />
        <Link to={`/licences/${l.id}`}>
          <Button type="primary">{t('lic_open')}</Button>
        </Link>
      </div>
    );
  if (!canWrite) return null;
  const save = async (v: { number: string; issuedOn: string }) => {
    setBusy(true);
    setError(null);
    try {
      await call(
        api.POST('/api/v1/licences', {
          params: { query: { lang } },
          body: { applicationId: application.id, number: v.number.trim(), issuedOn: v.issuedOn },
        }),
      );
      licence.reload();
      onRecorded();
    } catch (e) {
      setError(e);
      showFieldErrors(form, e, lang, ['number', 'issuedOn']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="licence-form">
      <Alert type="success" showIcon title={t('lic_register')} className="licence-register" />
      <Form form={form} layout="vertical" onFinish={save} requiredMark={false}>
        <Form.Item
          name="number"
          label={t('lic_number')}
          extra={t('lic_numberHelp')}
          rules={[{ required: true, message: t('required_field') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="issuedOn"
          label={t('lic_issuedOn')}
          rules={[{ required: true, message: t('required_field') }]}
          initialValue={application.decidedOn ?? undefined}
        >
          <Input type="date" className="transition-date" />
        </Form.Item>
        {error !== null && <ErrorNotice error={error} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('lic_save')}
        </Button>
      </Form>
    </div>
  );
}
