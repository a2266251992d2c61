/**
 * One application (/applications/:id): the header (company, licence, procedure, authority, state), the
 * progress with the authority's statutory clock, what may be recorded next, the licence once approved, the
 * materials with an upload per item and the package check. Everything it shows is the API's: the clocks,
 * the allowed moves and the findings are computed on the server.
 */
import { Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import { DraftMaterials } from './draft-materials.tsx';
import { LicencePanel } from './licence-panel.tsx';
import { MaterialChecklist } from './material-checklist.tsx';
import { useNames } from './names.ts';
import { PackageCheck } from './package-check.tsx';
import { StateTag } from './state-tag.tsx';
import { EventTimeline, StatutoryClock } from './state-timeline.tsx';
import { Transitions } from './transitions.tsx';

type Detail = Schemas['ApplicationDetail'];
const WRITERS = new Set(['owner', 'admin', 'consultant']);

async function loadPage(id: string, lang: 'zh' | 'en') {
  const application = await call(
    api.GET('/api/v1/applications/{id}', { params: { path: { id }, query: { lang } } }),
  );
  const company = await call(
    api.GET('/api/v1/companies/{id}', { params: { path: { id: application.companyId } } }),
  );
  return { application, company };
}

export default function ApplicationPage() {
  const { t, lang } = useLang();
  const names = useNames();
  const { me } = useSession();
  const id = useParams().id ?? '';
  const page = useLoad(`application:${id}:${lang}`, () => loadPage(id, lang));
  // the application as the last write answered it (newer than the page's load)
  const [latest, setLatest] = useState<Detail | null>(null);
  // raised by drafting: the checklist reads its documents again
  const [drafts, setDrafts] = useState(0);
  const reload = page.reload;
  const changed = useCallback((a: Detail) => setLatest(a), []);
  const refresh = useCallback(() => {
    setLatest(null);
    reload();
  }, [reload]);

  if (page.loading && !page.data) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!page.data)
    return (
      <section className="application-page">
        <Link to="/applications" className="app-back">
          ← {t('app_back')}
        </Link>
        <ErrorNotice error={page.error} onRetry={page.reload} />
      </section>
    );
  const { company } = page.data;
  const a = latest && latest.id === page.data.application.id ? latest : page.data.application;
  const role = me?.organisations[0]?.role;
  const canWrite = role !== undefined && WRITERS.has(role);

  return (
    <section className="application-page" data-state={a.state}>
      <Link to="/applications" className="app-back">
        ← {t('app_back')}
      </Link>
      <Space align="center" wrap className="application-title">
        <Typography.Title level={1}>
          {company.name} · {names.licences(a.licenceCodes)}
        </Typography.Title>
        <StateTag state={a.state} />
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} className="application-header" bordered>
        <Descriptions.Item label={t('app_company')}>{company.name}</Descriptions.Item>
        <Descriptions.Item label={t('app_licence')}>{names.licences(a.licenceCodes)}</Descriptions.Item>
        <Descriptions.Item label={t('app_procedure')}>{names.procedure(a.procedure)}</Descriptions.Item>
        <Descriptions.Item label={t('app_authority')}>
          <span data-testid="authority">{names.authority(a.authority)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('app_reference')}>{a.authorityReference ?? '—'}</Descriptions.Item>
      </Descriptions>

      <Card title={t('app_timelineTitle')} className="app-card" data-testid="timeline">
        <div className="timeline-grid">
          <StatutoryClock clock={a.clock} />
          <div>
            <Typography.Title level={5}>{t('app_eventsTitle')}</Typography.Title>
            <EventTimeline events={a.events} />
          </div>
        </div>
      </Card>

      <Card title={t('app_actionsTitle')} className="app-card" data-testid="actions">
        <Transitions application={a} canWrite={canWrite} onMoved={changed} />
      </Card>

      {a.state === 'approved' && (
        <Card title={t('lic_title')} className="app-card">
          <LicencePanel application={a} canWrite={canWrite} onRecorded={refresh} />
        </Card>
      )}

      <Card title={t('draft_title')} className="app-card">
        <DraftMaterials
          application={a}
          company={company}
          canWrite={canWrite}
          onDrafted={() => setDrafts((n) => n + 1)}
        />
      </Card>

      <Card title={t('app_materialsTitle')} className="app-card" data-testid="materials">
        <MaterialChecklist
          key={drafts}
          application={a}
          profile={company.profile}
          canWrite={canWrite}
          onChanged={changed}
        />
      </Card>

      <Card title={t('app_checkTitle')} className="app-card" data-testid="package-check">
        <PackageCheck application={a} canWrite={canWrite} onChecked={refresh} />
      </Card>
    </section>
  );
}
