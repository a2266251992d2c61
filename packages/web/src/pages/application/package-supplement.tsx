/**
 * What an application's package needs and no record holds, when POST …/package answered 409
 * PACKAGE_INCOMPLETE (its field errors name the manifest paths): a form for those fields, then the download.
 *
 * - The legal representative's ID number (and the card's expiry) is personal data needed for this package
 *   only: it goes with the download as the request's `supplement` and is kept nowhere — not in the
 *   company's records, not in the browser (PIPL: no more than the purpose needs). The form says so.
 * - Company facts (the legal representative's name, the address, the registered capital, the shareholders)
 *   are saved to the company first (PATCH /api/v1/companies/{id}, audited) so that they are not asked again.
 * - What the form cannot take (the business profile's province, coverage and services; a register entry's
 *   gaps) is listed with a link to where it is kept.
 *
 * Rules as the API's: an 18-character ID checked as one types, the server's check (region, birth date,
 * check character) and the shareholder tree's findings shown on their fields.
 */
import { Alert, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import type { paths } from '../../api/openapi';
import { ErrorNotice } from '../../error-notice.tsx';
import { type Lang, useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { saveFile } from '../../save-file.ts';
import { showOnFields } from '../company/form-errors.ts';
import { HolderRows } from '../company/shareholders.tsx';
import { incompletePaths, placeOf } from './package-refusal.ts';

type Company = Schemas['Company'];
type Holder = Schemas['Shareholder'];
type Supplement =
  paths['/api/v1/applications/{id}/package']['post']['requestBody']['content']['application/json']['supplement'];

interface Values {
  supplement?: { applicant?: { legalRepresentative?: { idNumber?: string; idExpires?: string } } };
  legalRepresentative?: string;
  address?: string;
  registeredCapitalCny?: number | null;
  shareholders?: Holder[];
}

/** the form's top-level fields (the server's field paths land on them: body.supplement…, body.shareholders[0]…) */
const NAMES = ['supplement', 'legalRepresentative', 'address', 'registeredCapitalCny', 'shareholders'];
const ID_NUMBER = ['supplement', 'applicant', 'legalRepresentative', 'idNumber'];
const ID_EXPIRES = ['supplement', 'applicant', 'legalRepresentative', 'idExpires'];

/** the package as a file, with what the records lack for it; throws the API's refusal */
export async function downloadPackage(id: string, lang: Lang, supplement: Supplement = {}): Promise<void> {
  const zip = await call(
    api.POST('/api/v1/applications/{id}/package', {
      params: { path: { id }, query: { lang } },
      body: { supplement },
      parseAs: 'blob',
    }),
  );
  saveFile(`application-${id}.zip`, zip as unknown as Blob);
}

const FIELD_WORDS = new Set([
  'applicant.registeredProvince',
  'coverage',
  'activities',
  'domains',
  'servers',
  'applicant.uscc',
]);

export function PackageSupplement({
  application,
  company,
  missing,
  onDownloaded,
  onMissing,
  onCancel,
}: {
  application: Schemas['ApplicationDetail'];
  company: Company;
  /** the manifest paths the last refusal named */
  missing: readonly string[];
  onDownloaded(): void;
  /** another refusal: the paths it names */
  onMissing(paths: string[]): void;
  onCancel(): void;
}) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const places = new Set(missing.map(placeOf));
  const wantsId = places.has('id') || places.has('person');
  const wantsName = places.has('name') || places.has('person');
  const companyFields = wantsName || places.has('address') || places.has('capital') || places.has('holders');
  const elsewhere = missing.filter((p) => ['profile', 'register', 'company'].includes(placeOf(p)));
  const required = { required: true, whitespace: true, message: t('required_field') };

  const companyPatch = (v: Values) => ({
    ...(wantsName && v.legalRepresentative ? { legalRepresentative: v.legalRepresentative.trim() } : {}),
    ...(places.has('address') && v.address ? { address: v.address.trim() } : {}),
    ...(places.has('capital') && typeof v.registeredCapitalCny === 'number'
      ? { registeredCapitalCny: v.registeredCapitalCny }
      : {}),
    ...(places.has('holders') && v.shareholders?.length
      ? { shareholders: v.shareholders.map((h) => ({ ...h, country: h.country.trim().toUpperCase() })) }
      : {}),
  });

  const supplementOf = (v: Values): Supplement => {
    const person = v.supplement?.applicant?.legalRepresentative;
    const idNumber = person?.idNumber?.trim();
    if (!wantsId || !idNumber) return {};
    const idExpires = person?.idExpires?.trim();
    return { applicant: { legalRepresentative: { idNumber, ...(idExpires ? { idExpires } : {}) } } };
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const patch = companyPatch(v);
      if (Object.keys(patch).length)
        await call(
          api.PATCH('/api/v1/companies/{id}', {
            params: { path: { id: company.id }, query: { lang } },
            body: patch,
          }),
        );
      await downloadPackage(application.id, lang, supplementOf(v));
      form.resetFields(); // the ID number leaves the page with the download
      onDownloaded();
    } catch (e) {
      const paths = incompletePaths(e);
      if (paths) onMissing(paths);
      else setError(showOnFields(form, NAMES, e, lang));
    } finally {
      setBusy(false);
    }
  };

  const where = (p: string) => {
    const place = placeOf(p);
    const tab = place === 'profile' ? 'profile' : place === 'register' ? 'register' : 'profile';
    const words = t(
      place === 'profile' ? 'sup_inProfile' : place === 'register' ? 'sup_inRegister' : 'sup_inCompany',
    );
    const top = p.replace(/\[.*$/, '');
    const label = FIELD_WORDS.has(top) ? t(`sup_field_${top}` as MessageId) : p;
    return (
      <li key={p} data-path={p}>
        <strong>{label}</strong>: <Link to={`/companies/${company.id}?tab=${tab}`}>{words}</Link>
      </li>
    );
  };

  return (
    <section className="package-supplement" data-testid="package-supplement" aria-labelledby="sup-title">
      <Typography.Title level={4} id="sup-title">
        {t('sup_title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('sup_intro')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark="optional"
        initialValues={{ shareholders: [{ kind: 'natural-person', country: 'CN' }] }}
      >
        {wantsId && (
          <fieldset className="sup-group" data-group="personal">
            <legend>{t('sup_personal')}</legend>
            <Alert type="info" showIcon className="sup-not-stored" title={t('sup_notStored')} />
            <Form.Item
              name={ID_NUMBER}
              label={t('sup_idNumber')}
              extra={t('sup_idHelp')}
              normalize={(x: string) => x.toUpperCase()}
              rules={[required, { pattern: /^\s*\d{17}[\dX]\s*$/, message: t('sup_idFormat') }]}
            >
              <Input autoComplete="off" maxLength={20} className="sup-id" />
            </Form.Item>
            <Form.Item name={ID_EXPIRES} label={t('sup_idExpires')}>
              <Input type="date" className="sup-id-expires" />
            </Form.Item>
          </fieldset>
        )}
        {companyFields && (
          <fieldset className="sup-group" data-group="company">
            <legend>{t('sup_company')}</legend>
            <Typography.Paragraph type="secondary">{t('sup_companyNote')}</Typography.Paragraph>
            {wantsName && (
              <Form.Item name="legalRepresentative" label={t('co_legalRep')} rules={[required, { max: 100 }]}>
                <Input />
              </Form.Item>
            )}
            {places.has('address') && (
              <Form.Item name="address" label={t('co_address')} rules={[required, { max: 500 }]}>
                <Input />
              </Form.Item>
            )}
            {places.has('capital') && (
              <Form.Item
                name="registeredCapitalCny"
                label={t('capital')}
                rules={[{ required: true, message: t('required_field') }]}
              >
                <InputNumber min={0} max={1e15} step={10000} />
              </Form.Item>
            )}
            {places.has('holders') && (
              <fieldset className="sup-holders">
                <legend>{t('co_shareholders')}</legend>
                <HolderRows />
              </fieldset>
            )}
          </fieldset>
        )}
        {elsewhere.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('sup_elsewhere')}
            description={<ul className="sup-elsewhere">{elsewhere.map(where)}</ul>}
          />
        )}
        {error !== null && <ErrorNotice error={error} />}
        <Space className="form-submit" wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('sup_submit')}
          </Button>
          <Button onClick={onCancel} disabled={busy}>
            {t('sup_cancel')}
          </Button>
        </Space>
      </Form>
    </section>
  );
}
