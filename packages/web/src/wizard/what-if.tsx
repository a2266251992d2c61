/**
 * "What if": change one thing — another province, a foreign share, one more activity — and see what differs,
 * by the API's comparison of the two profiles (POST /api/v1/compare).
 */
import { Button, Card, Form, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Catalogue, type Comparison, call, langHeader, type Profile } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import { authorityName, provinceOptions } from './provinces.ts';

interface Props {
  profile: Profile;
  catalogue: Catalogue;
}
interface Change {
  province?: string;
  foreign?: number;
  activity?: string;
}

/** the profile with the changes made */
export function changed(p: Profile, c: Change): Profile {
  const entity = { ...p.entity };
  const service = { ...p.service };
  if (c.province) {
    service.coverage = [c.province];
    if (entity.type !== 'individual') entity.registeredProvince = c.province;
  }
  if (c.foreign !== undefined) entity.foreignSharePercent = c.foreign;
  if (c.activity && !service.activities.includes(c.activity))
    service.activities = [...service.activities, c.activity];
  return { ...p, entity, service };
}

export function WhatIf({ profile, catalogue }: Props) {
  const { t, tx, lang } = useLang();
  const [change, setChange] = useState<Change>({});
  const [result, setResult] = useState<{ c: Comparison } | { error: unknown } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const c = await call(
        api.POST('/api/v1/compare', {
          params: { query: { lang } },
          body: { a: profile, b: changed(profile, change) },
          headers: langHeader(lang),
        }),
      );
      setResult({ c });
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  };
  const empty =
    change.province === undefined && change.foreign === undefined && change.activity === undefined;

  return (
    <Card className="what-if no-print" title={t('whatIf')} data-testid="what-if">
      <Typography.Paragraph type="secondary">{t('whatIfIntro')}</Typography.Paragraph>
      <Form layout="vertical" className="wizard-form">
        <Form.Item label={t('whatIfProvince')} htmlFor="wi-province">
          <Select
            id="wi-province"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={change.province}
            onChange={(v?: string) => setChange({ ...change, province: v })}
            options={provinceOptions(catalogue, lang)}
            className="wizard-select"
          />
        </Form.Item>
        <Form.Item label={t('whatIfForeign')} htmlFor="wi-foreign">
          <Select
            id="wi-foreign"
            allowClear
            value={change.foreign}
            onChange={(v?: number) => setChange({ ...change, foreign: v })}
            options={[0, 10, 49, 50, 51, 100].map((n) => ({ value: n, label: `${n}%` }))}
            className="wizard-select"
          />
        </Form.Item>
        <Form.Item label={t('whatIfActivity')} htmlFor="wi-activity">
          <Select
            id="wi-activity"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={change.activity}
            onChange={(v?: string) => setChange({ ...change, activity: v })}
            options={catalogue.activities
              .filter((a) => !profile.service.activities.includes(a.id))
              .map((a) => ({ value: a.id, label: tx(a.name) }))}
            className="wizard-select"
          />
        </Form.Item>
        <Button type="primary" onClick={run} loading={busy} disabled={empty}>
          {t('whatIfCompare')}
        </Button>
      </Form>
      {result && 'error' in result && <ErrorNotice error={result.error} />}
      {result && 'c' in result && <Differences c={result.c} catalogue={catalogue} />}
    </Card>
  );
}

export function Differences({ c, catalogue }: { c: Comparison; catalogue: Catalogue }) {
  const { t, tx, lang } = useLang();
  if (c.same)
    return <Typography.Paragraph data-testid="what-if-result">{t('whatIfSame')}</Typography.Paragraph>;
  const rows = [
    ...[c.licences, c.filings, c.otherPermits].flatMap((g) => [
      ...g.added.map((x) => ({ tag: t('whatIfAdded'), color: 'red', x })),
      ...g.removed.map((x) => ({ tag: t('whatIfRemoved'), color: 'green', x })),
      ...g.changed.map((x) => ({ tag: t('whatIfChanged'), color: 'orange', x })),
    ]),
    ...c.checks.map((x) => ({ tag: t('whatIfChanged'), color: 'orange', x })),
  ];
  const auth = (id: string | null) => authorityName(catalogue, id, lang) ?? '—';
  const eligible = (e: boolean | null) =>
    t(e === true ? 'eligibleYes' : e === false ? 'eligibleNo' : 'eligibleUnknown');
  return (
    <div data-testid="what-if-result" className="what-if-result">
      <List
        size="small"
        dataSource={rows}
        renderItem={(r) => (
          <List.Item>
            <Space wrap>
              <Tag color={r.color}>{r.tag}</Tag>
              <span>{tx(r.x.name)}</span>
              <code>
                {r.x.before ?? '—'} → {r.x.after ?? '—'}
              </code>
            </Space>
          </List.Item>
        )}
      />
      {c.authority.before !== c.authority.after && (
        <p>
          {t('authority')}: {auth(c.authority.before)} → <strong>{auth(c.authority.after)}</strong>
        </p>
      )}
      {c.eligible.before !== c.eligible.after && (
        <p>
          {t('eligibility')}: {eligible(c.eligible.before)} → <strong>{eligible(c.eligible.after)}</strong>
        </p>
      )}
    </div>
  );
}
