/**
 * 概况: the registration facts (changed through the company form), the business profile the assessments
 * read (edited with the self-assessment wizard's own steps), and the shareholders with the foreign share
 * the API computes through the tree.
 */
import { Alert, Button, Card, Descriptions, Empty, Modal, Space, Spin, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api, type Catalogue, call, type Profile } from '../../api/client.ts';
import type { paths } from '../../api/openapi';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { ActivitiesStep } from '../../wizard/activities-step.tsx';
import { EntityStep } from '../../wizard/entity-step.tsx';
import { emptyProfile } from '../../wizard/profile-link.ts';
import { authorityName } from '../../wizard/provinces.ts';
import { ServiceStep } from '../../wizard/service-step.tsx';
import { loadCatalogue } from '../../wizard/use-api.ts';
import { CompanyForm } from './company-form.tsx';
import type { TabProps } from './company-page.tsx';
import { Shareholders } from './shareholders.tsx';
import { patchBody } from './use-company-api.ts';

type CompanyPatch = NonNullable<
  paths['/api/v1/companies/{id}']['patch']['requestBody']
>['content']['application/json'];

export function ProfileTab({ company, canWrite, onChanged }: TabProps) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const c = company;
  const patch = (body: CompanyPatch) =>
    call(api.PATCH('/api/v1/companies/{id}', { params: { path: { id: c.id }, query: { lang } }, body }));

  return (
    <div className="tab-body">
      <Card
        size="small"
        title={t('co_facts')}
        extra={canWrite && <Button onClick={() => setEditing(true)}>{t('co_edit')}</Button>}
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'name', label: t('companyName'), children: c.name },
            { key: 'uscc', label: t('uscc'), children: c.uscc ?? '—' },
            { key: 'rep', label: t('co_legalRep'), children: c.legalRepresentative ?? '—' },
            { key: 'address', label: t('co_address'), children: c.address ?? '—' },
            {
              key: 'capital',
              label: t('capital'),
              children: c.registeredCapitalCny?.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') ?? '—',
            },
            { key: 'staff', label: t('co_staffCount'), children: c.staffCount ?? '—' },
            {
              key: 'premises',
              label: t('co_premises'),
              children: c.premisesAddress
                ? `${c.premisesAddress}${c.premisesAreaSqm === null ? '' : ` · ${c.premisesAreaSqm} m²`}`
                : '—',
            },
            { key: 'created', label: t('updated'), children: c.updatedAt.slice(0, 10) },
          ]}
        />
      </Card>
      <BusinessProfile
        profile={c.profile}
        canWrite={canWrite}
        save={(profile) => patch({ profile })}
        onSaved={onChanged}
      />
      <Shareholders
        company={c}
        canWrite={canWrite}
        save={(shareholders) => patch({ shareholders })}
        onSaved={onChanged}
      />
      <Modal
        open={editing}
        title={t('co_facts')}
        footer={null}
        destroyOnHidden
        onCancel={() => setEditing(false)}
      >
        <CompanyForm
          initial={{
            name: c.name,
            uscc: c.uscc ?? '',
            legalRepresentative: c.legalRepresentative ?? undefined,
            address: c.address ?? undefined,
            registeredCapitalCny: c.registeredCapitalCny,
            staffCount: c.staffCount,
            premisesAddress: c.premisesAddress ?? undefined,
            premisesAreaSqm: c.premisesAreaSqm,
          }}
          submitLabel={t('co_save')}
          onCancel={() => setEditing(false)}
          onSubmit={async (v) => {
            await patch(patchBody(v));
            setEditing(false);
            onChanged();
          }}
        />
      </Modal>
    </div>
  );
}

interface BusinessProps {
  profile: Profile | null;
  canWrite: boolean;
  save(p: Profile): Promise<unknown>;
  onSaved(): void;
}

function BusinessProfile({ profile, canWrite, save, onSaved }: BusinessProps) {
  const { t, lang } = useLang();
  const catalogue = useLoad(`catalogue:${lang}`, () => loadCatalogue(lang));
  const [draft, setDraft] = useState<Profile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = () => {
    setError(null);
    setDraft(profile ?? emptyProfile());
  };
  const submit = async () => {
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      await save(draft);
      setDraft(null);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      title={t('co_business')}
      className="tab-card"
      extra={
        canWrite && (
          <Button onClick={open} disabled={!catalogue.data}>
            {t('co_editProfile')}
          </Button>
        )
      }
    >
      {catalogue.loading && <Spin aria-label={t('loading')} />}
      {catalogue.error !== null && <ErrorNotice error={catalogue.error} onRetry={catalogue.reload} />}
      {catalogue.data &&
        (profile ? (
          <ProfileFacts profile={profile} catalogue={catalogue.data} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('co_noProfile')} />
        ))}
      {catalogue.data && draft && (
        <Modal
          open
          width={760}
          title={t('co_editProfile')}
          onCancel={() => setDraft(null)}
          onOk={submit}
          okText={t('co_save')}
          cancelText={t('co_cancel')}
          okButtonProps={{ loading: busy, disabled: draft.service.activities.length === 0 }}
        >
          <Tabs
            items={[
              {
                key: 'a',
                label: t('stepActivities'),
                children: <ActivitiesStep catalogue={catalogue.data} profile={draft} onChange={setDraft} />,
              },
              {
                key: 'e',
                label: t('stepEntity'),
                children: <EntityStep catalogue={catalogue.data} profile={draft} onChange={setDraft} />,
              },
              {
                key: 's',
                label: t('stepService'),
                children: <ServiceStep catalogue={catalogue.data} profile={draft} onChange={setDraft} />,
              },
            ]}
          />
          {draft.service.activities.length === 0 && (
            <Alert type="info" showIcon title={t('activitiesPick')} />
          )}
          {error !== null && <ErrorNotice error={error} />}
        </Modal>
      )}
    </Card>
  );
}

function ProfileFacts({ profile, catalogue }: { profile: Profile; catalogue: Catalogue }) {
  const { t, tx, lang } = useLang();
  const e = profile.entity ?? {};
  const s = profile.service;
  const place = (id: string) =>
    id === 'nationwide'
      ? t('coverageNationwide')
      : (catalogue.authorities.find((a) => a.id === id)?.region?.[lang] ??
        authorityName(catalogue, id, lang));
  const dash = '—';
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'activities',
          label: t('co_activities'),
          span: 'filled',
          children: (
            <Space wrap size={4}>
              {s.activities.map((id) => (
                <Tag key={id}>{tx(catalogue.activities.find((a) => a.id === id)?.name) || id}</Tag>
              ))}
            </Space>
          ),
        },
        {
          key: 'entity',
          label: t('stepEntity'),
          children: e.type ? t(e.type === 'company' ? 'entityCompany' : 'entityIndividual') : dash,
        },
        {
          key: 'province',
          label: t('co_registeredProvince'),
          children: e.registeredProvince ? place(e.registeredProvince) : dash,
        },
        { key: 'coverage', label: t('co_coverage'), children: s.coverage?.map(place).join('、') || dash },
        {
          key: 'channels',
          label: t('co_channels'),
          children: s.channels?.map((x) => t(`channel_${x}` as MessageId)).join('、') || dash,
        },
        {
          key: 'servers',
          label: t('co_servers'),
          children: s.serverLocation ? t(`server_${s.serverLocation}` as MessageId) : dash,
        },
        {
          key: 'capital',
          label: t('capital'),
          children: e.registeredCapitalCny?.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') ?? dash,
        },
        {
          key: 'foreign',
          label: t('co_foreignShare'),
          children: e.foreignSharePercent === undefined ? dash : `${e.foreignSharePercent}%`,
        },
      ]}
    />
  );
}
