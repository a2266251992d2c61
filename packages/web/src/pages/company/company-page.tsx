/**
 * A company (/companies/:id): its name, credit code and key facts, and a tab for each part of its file —
 * profile and shareholders, assessments, applications, licences, register, documents, obligations, change
 * impact and history. The open tab is in the address (?tab=), so a tab can be linked to and reloaded.
 */
import { Breadcrumb, Descriptions, Result, Spin, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problems.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import { ApplicationsTab } from './applications-tab.tsx';
import { AssessmentsTab } from './assessments-tab.tsx';
import { AuditTab } from './audit-tab.tsx';
import { DocumentsTab } from './documents-tab.tsx';
import { ImpactTab } from './impact-tab.tsx';
import { LicencesTab } from './licences-tab.tsx';
import { LinkButton } from './link-button.tsx';
import { ObligationsTab } from './obligations-tab.tsx';
import { ProfileTab } from './profile-tab.tsx';
import { RegisterTab } from './register-tab.tsx';
import { type Company, loadCompany } from './use-company-api.ts';

export interface TabProps {
  company: Company;
  /** may the signed-in member change the company's records */
  canWrite: boolean;
  /** the company was changed: read it again */
  onChanged(): void;
}

const TABS: { key: string; label: MessageId; render(p: TabProps): ReactNode }[] = [
  { key: 'profile', label: 'tab_profile', render: (p) => <ProfileTab {...p} /> },
  { key: 'assessments', label: 'tab_assessments', render: (p) => <AssessmentsTab {...p} /> },
  { key: 'applications', label: 'tab_applications', render: (p) => <ApplicationsTab {...p} /> },
  { key: 'licences', label: 'tab_licences', render: (p) => <LicencesTab {...p} /> },
  { key: 'register', label: 'tab_register', render: (p) => <RegisterTab {...p} /> },
  { key: 'documents', label: 'tab_documents', render: (p) => <DocumentsTab {...p} /> },
  { key: 'obligations', label: 'tab_obligations', render: (p) => <ObligationsTab {...p} /> },
  { key: 'impact', label: 'tab_impact', render: (p) => <ImpactTab {...p} /> },
  { key: 'audit', label: 'tab_audit', render: (p) => <AuditTab {...p} /> },
];

export default function CompanyPage() {
  const { t, lang } = useLang();
  const { me } = useSession();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const company = useLoad(`${id}:${lang}`, () => loadCompany(id, lang));
  const role = me?.organisations[0]?.role;
  const canWrite = role === 'owner' || role === 'admin' || role === 'consultant';
  const tabs = TABS.filter((x) => x.key !== 'audit' || role !== 'client');
  const asked = params.get('tab');
  const active = tabs.some((x) => x.key === asked) ? (asked as string) : 'profile';

  const crumbs = <Breadcrumb items={[{ title: <Link to="/companies">{t('companies')}</Link> }]} />;
  if (company.loading && !company.data) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!company.data) {
    const missing = company.error instanceof ApiError && company.error.failure === 404;
    return (
      <section className="company-area">
        {crumbs}
        {missing ? (
          <Result
            status="404"
            title={<span role="alert">{t('co_notFound')}</span>}
            extra={
              <LinkButton type="primary" to="/companies">
                {t('co_backToList')}
              </LinkButton>
            }
          />
        ) : (
          <ErrorNotice error={company.error} onRetry={company.reload} />
        )}
      </section>
    );
  }
  const c = company.data;
  const props: TabProps = { company: c, canWrite, onChanged: company.reload };

  return (
    <section className="company-area company-page">
      {crumbs}
      <header className="company-head">
        <Typography.Title level={1} data-testid="company-name">
          {c.name}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, md: 3 }}
          items={[
            { key: 'uscc', label: t('uscc'), children: c.uscc ?? '—' },
            { key: 'rep', label: t('co_legalRep'), children: c.legalRepresentative ?? '—' },
            {
              key: 'capital',
              label: t('capital'),
              children:
                c.registeredCapitalCny === null
                  ? '—'
                  : c.registeredCapitalCny.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'),
            },
          ]}
        />
      </header>
      <Tabs
        className="company-tabs"
        activeKey={active}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={tabs.map((x) => ({
          key: x.key,
          label: t(x.label),
          children: x.key === active ? x.render(props) : null,
        }))}
      />
    </section>
  );
}
