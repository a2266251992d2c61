/**
 * 变更影响: pick a planned change (a new activity, wider coverage, foreign investment, servers abroad, a new
 * name, less capital, a new shareholder, a new domain) and see, from the stored profile, the licences,
 * filings, permits, authority and eligibility before and after, each consequence, and what falls due when.
 * A writer can record the change, with its effective day, as the company events it is (变更事件): the
 * obligations then count from that day, as the deadlines shown here do.
 */
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, type Catalogue, call, type Schemas } from '../../api/client.ts';
import { ApiError } from '../../api/problems.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { ParameterList } from '../../wizard/explanation.tsx';
import { authorityName, provinceOptions } from '../../wizard/provinces.ts';
import { loadCatalogue } from '../../wizard/use-api.ts';
import type { TabProps } from './company-page.tsx';
import { showOnFields } from './form-errors.ts';
import { companyEventKinds } from './register-kinds.ts';

type ChangeInput = Schemas['ProposedChangeInput'];
type Impact = Schemas['Impact'];
type Kind = ChangeInput['kind'];
const KINDS: Kind[] = [
  'new-activity',
  'wider-coverage',
  'foreign-investment',
  'servers-abroad',
  'rename',
  'capital-reduction',
  'new-shareholder',
  'new-domain',
];
const SERVERS = ['mainland', 'hong-kong-macau-taiwan', 'overseas'] as const;

interface Values {
  change: Omit<ChangeInput, 'on'> & { on?: { format(f: string): string } | null };
}

export function ImpactTab({ company, canWrite }: TabProps) {
  const { t, lang } = useLang();
  const catalogue = useLoad(`catalogue:${lang}`, () => loadCatalogue(lang));
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch(['change', 'kind'], form) as Kind | undefined;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [impact, setImpact] = useState<Impact | null>(null);
  const submit = async ({ change }: Values) => {
    setBusy(true);
    setError(null);
    setImpact(null);
    try {
      const { on, ...rest } = change;
      const body = { change: { ...rest, ...(on ? { on: on.format('YYYY-MM-DD') } : {}) } as ChangeInput };
      setImpact(
        await call(
          api.POST('/api/v1/companies/{id}/impact', {
            params: { path: { id: company.id }, query: { lang } },
            body,
          }),
        ),
      );
    } catch (e) {
      setError(showOnFields(form, ['change'], e, lang));
    } finally {
      setBusy(false);
    }
  };
  const cat = catalogue.data;
  const required = { required: true, message: t('required_field') };
  const missingProfile = error instanceof ApiError && error.problem?.code === 'PROFILE_MISSING';

  return (
    <div className="tab-body">
      <Typography.Paragraph type="secondary">{t('co_impactIntro')}</Typography.Paragraph>
      {catalogue.error !== null && <ErrorNotice error={catalogue.error} onRetry={catalogue.reload} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        className="impact-form"
        initialValues={{ change: { kind: 'new-activity' } }}
      >
        <Space wrap align="start">
          <Form.Item name={['change', 'kind']} label={t('co_change')} rules={[required]}>
            <Select
              className="impact-kind"
              options={KINDS.map((k) => ({ value: k, label: t(`chg_${k}` as MessageId) }))}
            />
          </Form.Item>
          {kind === 'new-activity' && (
            <Form.Item name={['change', 'activity']} label={t('co_activities')} rules={[required]}>
              <Select
                showSearch
                optionFilterProp="label"
                className="impact-wide"
                loading={!cat}
                options={cat?.activities.map((a) => ({ value: a.id, label: a.name[lang] })) ?? []}
              />
            </Form.Item>
          )}
          {kind === 'wider-coverage' && (
            <Form.Item name={['change', 'coverage']} label={t('co_coverage')} rules={[required]}>
              <Select
                mode="multiple"
                className="impact-wide"
                optionFilterProp="label"
                options={[
                  { value: 'nationwide', label: t('coverageNationwide') },
                  ...(cat ? provinceOptions(cat, lang) : []),
                ]}
              />
            </Form.Item>
          )}
          {(kind === 'foreign-investment' || kind === 'new-shareholder') && (
            <Form.Item name={['change', 'foreignSharePercent']} label={t('co_newForeign')} rules={[required]}>
              <InputNumber min={0} max={100} />
            </Form.Item>
          )}
          {kind === 'new-shareholder' && (
            <Form.Item name={['change', 'shareholder']} label={t('co_holderName')} rules={[required]}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          {kind === 'servers-abroad' && (
            <Form.Item name={['change', 'serverLocation']} label={t('co_servers')}>
              <Select
                className="impact-wide"
                options={SERVERS.map((s) => ({ value: s, label: t(`server_${s}`) }))}
              />
            </Form.Item>
          )}
          {kind === 'rename' && (
            <Form.Item name={['change', 'name']} label={t('co_newName')} rules={[required]}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          {kind === 'capital-reduction' && (
            <Form.Item
              name={['change', 'registeredCapitalCny']}
              label={t('co_newCapital')}
              rules={[required]}
            >
              <InputNumber min={0} step={10000} className="impact-wide" />
            </Form.Item>
          )}
          {kind === 'new-domain' && (
            <Form.Item name={['change', 'domain']} label={t('f_domainName')} rules={[required]}>
              <Input maxLength={253} placeholder="example.cn" />
            </Form.Item>
          )}
          <Form.Item name={['change', 'on']} label={t('co_changeOn')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('co_showImpact')}
        </Button>
      </Form>
      {missingProfile && <Alert type="warning" showIcon title={t('co_profileMissing')} />}
      {error !== null && !missingProfile && <ErrorNotice error={error} />}
      {impact && cat && <ImpactView impact={impact} catalogue={cat} />}
      {impact && canWrite && <RecordChange impact={impact} companyId={company.id} />}
    </div>
  );
}

function ImpactView({ impact, catalogue }: { impact: Impact; catalogue: Catalogue }) {
  const { t, tx, lang } = useLang();
  const b = impact.before;
  const a = impact.after;
  const list = (x: string[]) => (x.length ? x.map((v) => <Tag key={v}>{v}</Tag>) : '—');
  const eligible = (e: boolean | null) =>
    t(e === true ? 'eligibleYes' : e === false ? 'eligibleNo' : 'eligibleUnknown');
  const auth = (id: string | null) => authorityName(catalogue, id, lang) ?? '—';
  const rows = [
    { key: 'licences', what: t('licences'), before: list(b.licences), after: list(a.licences) },
    { key: 'filings', what: t('filings'), before: list(b.filings), after: list(a.filings) },
    { key: 'permits', what: t('permits'), before: list(b.permits), after: list(a.permits) },
    { key: 'authority', what: t('authority'), before: auth(b.authority), after: auth(a.authority) },
    { key: 'eligible', what: t('eligibility'), before: eligible(b.eligible), after: eligible(a.eligible) },
    {
      key: 'checks',
      what: t('co_failingChecks'),
      before: list(b.failingChecks),
      after: list(a.failingChecks),
    },
  ];
  return (
    <Card
      size="small"
      className="tab-card"
      data-testid="impact-result"
      title={`${t('co_change')}: ${t(`chg_${impact.change.kind}` as MessageId)}`}
    >
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        scroll={{ x: true }}
        columns={[
          { title: '', dataIndex: 'what' },
          { title: t('co_before'), dataIndex: 'before' },
          { title: t('co_after'), dataIndex: 'after' },
        ]}
      />
      <Typography.Title level={4}>{t('co_findings')}</Typography.Title>
      {impact.findings.length === 0 ? (
        <p>{t('co_noFindings')}</p>
      ) : (
        <List
          size="small"
          dataSource={impact.findings}
          renderItem={(f) => (
            <List.Item>
              <span>
                <Tag>{f.subject}</Tag>
                {tx(f.text)}
              </span>
            </List.Item>
          )}
        />
      )}
      {impact.deadlines.length > 0 && (
        <>
          <Typography.Title level={4}>{t('co_deadlines')}</Typography.Title>
          <List
            size="small"
            dataSource={impact.deadlines}
            renderItem={(d) => (
              <List.Item>
                <div>
                  <strong>{tx(d.name)}</strong>
                  {d.due && ` · ${t('co_due')} ${d.due}`}
                  {d.appliesTo.length > 0 && <span className="muted"> · {d.appliesTo.join('、')}</span>}
                  {d.stricter && impact.deadlines.some((x) => x !== d && x.subject === d.subject) && (
                    <Tag color="orange">{t('co_toMeet')}</Tag>
                  )}
                  <div>{tx(d.what)}</div>
                  {d.note && <div className="muted">{tx(d.note)}</div>}
                  {d.ruleNote && <div className="muted">{tx(d.ruleNote)}</div>}
                  {d.parameter && <ParameterList params={[d.parameter]} book={{}} />}
                </div>
              </List.Item>
            )}
          />
        </>
      )}
      <ul className="impact-explanation">
        {[...impact.explanation, ...impact.notes].map((e) => (
          <li key={e.en}>{tx(e)}</li>
        ))}
      </ul>
    </Card>
  );
}

/** the change recorded as the company events it is, on its effective day (one of a kind per day: taken is done) */
function RecordChange({ impact, companyId }: { impact: Impact; companyId: string }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const kinds = impact.events.filter((k) => (companyEventKinds as readonly string[]).includes(k));
  const on = impact.change.on;
  if (!kinds.length) return null;
  const record = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const kind of kinds) {
        const body = { companyId, kind: kind as (typeof companyEventKinds)[number], effectiveOn: on! };
        // one event of a kind per day: one recorded already is this change
        await call(api.POST('/api/v1/company-events', { params: { query: { lang } }, body })).catch((e) => {
          if (!(e instanceof ApiError && e.problem?.code === 'REGISTER_KEY_TAKEN')) throw e;
        });
      }
      setDone(true);
      message.success(t('co_changeRecorded'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" className="tab-card" data-testid="impact-record">
      <Typography.Paragraph>
        {t('co_recordChangeHelp', {
          events: kinds.map((k) => t(`ev_${k}` as MessageId)).join('、'),
        })}
      </Typography.Paragraph>
      {on ? (
        <Button onClick={record} loading={busy} disabled={done}>
          {t(done ? 'co_changeRecorded' : 'co_recordChange', { date: on })}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('co_recordChangeNeedsDay')}</Typography.Text>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </Card>
  );
}
