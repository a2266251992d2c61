/**
 * Opening an application: the company (fixed when the form is given one, e.g. on the company page), the
 * licence categories (prefilled from the company's latest assessment), the procedure and, optionally, the
 * authority (left open, the server takes the one the company's profile assesses to). `NewApplication` is the
 * form; the default export is the page /applications/new?company=<id>.
 */
import { Alert, Button, Card, Form, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { useLoad } from '../../use-load.ts';
import { showFieldErrors } from './field-errors.ts';
import { type Procedure, useNames } from './names.ts';

const procedures: Procedure[] = ['new', 'change', 'renewal', 'cancellation', 'annual-report'];
const FIELDS = ['companyId', 'licenceCodes', 'procedure', 'authority'] as const;

interface Values {
  companyId: string;
  licenceCodes: string[];
  procedure: Procedure;
  authority?: string;
}

export interface NewApplicationProps {
  /** the company it is for; left out, the form asks */
  companyId?: string;
  /** called with the new draft; by default the page opens it */
  onCreated?: (application: Schemas['ApplicationDetail']) => void;
}

/** the company's latest assessment's licence codes ("B25:internet"), [] without one */
async function assessedCodes(companyId: string): Promise<string[]> {
  const r = await call(
    api.GET('/api/v1/companies/{id}/assessments', {
      params: { path: { id: companyId }, query: { limit: 1 } },
    }),
  );
  return r.items[0]?.licences ?? [];
}

export function NewApplication({ companyId, onCreated }: NewApplicationProps) {
  const { t, tx, lang } = useLang();
  const names = useNames();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const chosen = Form.useWatch('companyId', form) ?? companyId;
  const companies = useLoad(companyId ? null : 'companies', () =>
    call(api.GET('/api/v1/companies', { params: { query: { limit: 100 } } })),
  );
  const assessed = useLoad(chosen ? `assessed:${chosen}` : null, () => assessedCodes(chosen ?? ''));
  useEffect(() => {
    const codes = assessed.data;
    if (codes?.length && !form.getFieldValue('licenceCodes')?.length)
      form.setFieldValue('licenceCodes', codes);
  }, [assessed.data, form]);

  const licenceOptions = (names.catalogue?.licences ?? []).flatMap((l) =>
    l.scopes
      ? l.scopes.map((s) => ({ value: `${l.code}:${s.id}`, label: names.licence(`${l.code}:${s.id}`) }))
      : [{ value: l.code, label: names.licence(l.code) }],
  );

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await call(
        api.POST('/api/v1/applications', {
          params: { query: { lang } },
          body: {
            companyId: companyId ?? v.companyId,
            licenceCodes: v.licenceCodes,
            procedure: v.procedure,
            ...(v.authority ? { authority: v.authority } : {}),
          },
        }),
      );
      if (onCreated) onCreated(created);
      else navigate(`/applications/${created.id}`);
    } catch (e) {
      setError(e);
      showFieldErrors(form, e, lang, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  if (!companyId && companies.data?.items.length === 0)
    return <Alert type="info" showIcon title={t('app_noCompanies')} />;
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      requiredMark={false}
      initialValues={{ procedure: 'new', ...(companyId ? { companyId } : {}) }}
      className="new-application"
    >
      {!companyId && (
        <Form.Item
          name="companyId"
          label={t('app_company')}
          rules={[{ required: true, message: t('required_field') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={companies.loading}
            placeholder={t('app_pickCompany')}
            options={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
      )}
      {companies.error !== null && <ErrorNotice error={companies.error} onRetry={companies.reload} />}
      <Form.Item
        name="licenceCodes"
        label={t('app_licence')}
        rules={[{ required: true, message: t('required_field') }]}
        extra={
          assessed.data?.length
            ? t('app_newFromAssessment', { codes: names.licences(assessed.data) })
            : undefined
        }
      >
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('app_pickLicences')}
          options={licenceOptions}
        />
      </Form.Item>
      <Form.Item name="procedure" label={t('app_procedure')} rules={[{ required: true }]}>
        <Select options={procedures.map((p) => ({ value: p, label: names.procedure(p) }))} />
      </Form.Item>
      <Form.Item name="authority" label={t('app_authority')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('app_authorityAuto')}
          options={(names.catalogue?.authorities ?? []).map((a) => ({ value: a.id, label: tx(a.name) }))}
        />
      </Form.Item>
      {error !== null && <ErrorNotice error={error} />}
      <Button type="primary" htmlType="submit" loading={busy} className="form-submit">
        {t('app_create')}
      </Button>
    </Form>
  );
}

export default function NewApplicationPage() {
  const { t } = useLang();
  const [params] = useSearchParams();
  const company = params.get('company') ?? undefined;
  // the company the link names, to say whose application it will be
  const named = useLoad(company ? `company:${company}` : null, () =>
    call(api.GET('/api/v1/companies/{id}', { params: { path: { id: company ?? '' } } })),
  );
  return (
    <Card className="narrow-card wide">
      <Link to="/applications" className="app-back">
        ← {t('app_back')}
      </Link>
      <Typography.Title level={1}>{t('app_newTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('app_newIntro')}</Typography.Paragraph>
      {named.loading && <Spin aria-label={t('loading')} />}
      {named.error !== null && <ErrorNotice error={named.error} onRetry={named.reload} />}
      {named.data && (
        <Typography.Paragraph strong data-testid="new-for">
          {t('app_newFor', { name: named.data.name })}
        </Typography.Paragraph>
      )}
      {(!company || named.data) && <NewApplication {...(company ? { companyId: company } : {})} />}
    </Card>
  );
}
