/**
 * The workspace's start: what needs doing now. Overdue and due-soon obligations (each opens its rule and
 * consequence), applications in progress with the authority's clock, licences expiring within 180 days, and
 * their counts at the top; each row links to where to act (the company, the application, the licence).
 */
import './dash.css';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useSession } from '../../session.tsx';
import { useLoad } from '../../use-load.ts';
import { ApplicationsCard, IN_FLIGHT, loadInFlight } from './applications-card.tsx';
import { addDays, chinaToday } from './china-today.ts';
import { LicencesCard, loadExpiring } from './licences-card.tsx';
import { loadPressing, ObligationsCard } from './obligations-card.tsx';

/** licences expiring within this many days are shown: a display choice (the renewal lead itself is the kb's) */
export const EXPIRING_WITHIN_DAYS = 180;

export default function Dashboard() {
  const { t, lang } = useLang();
  const { me } = useSession();
  const today = chinaToday();
  const obligations = useLoad(`obl:${lang}`, () => loadPressing(lang));
  const applications = useLoad(`app:${lang}`, () => loadInFlight(lang));
  const licences = useLoad(`lic:${lang}:${today}`, () =>
    loadExpiring(addDays(today, EXPIRING_WITHIN_DAYS + 1), lang),
  );

  const list = obligations.data?.obligations ?? [];
  const counts: {
    id: MessageId;
    value: number | null;
    loading: boolean;
    danger?: boolean;
    testId: string;
  }[] = [
    {
      id: 'dashOverdue',
      value: obligations.data ? list.filter((o) => o.status === 'overdue').length : null,
      loading: obligations.loading,
      danger: true,
      testId: 'count-overdue',
    },
    {
      id: 'dashDueSoon',
      value: obligations.data ? list.filter((o) => o.status === 'due-soon').length : null,
      loading: obligations.loading,
      testId: 'count-due-soon',
    },
    {
      id: 'dashInFlight',
      value: applications.data ? applications.data.items.length : null,
      loading: applications.loading,
      testId: 'count-applications',
    },
    {
      id: 'dashAuthorityLate',
      value: applications.data ? applications.data.items.filter((a) => a.clock.overdue).length : null,
      loading: applications.loading,
      danger: true,
      testId: 'count-authority-late',
    },
    {
      id: 'dashExpiring',
      value: licences.data ? licences.data.items.length : null,
      loading: licences.loading,
      testId: 'count-expiring',
    },
  ];
  const org = me?.organisations[0];

  return (
    <section className="dashboard dash-area">
      <Typography.Title level={1}>{t('dashTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {org ? `${org.name} · ` : ''}
        {t('dashAsOf', { date: obligations.data?.asOf ?? today })}
      </Typography.Paragraph>
      <Row gutter={[12, 12]} className="dash-counts">
        {counts.map((c) => (
          <Col key={c.id} flex="1 1 150px">
            <Card size="small" data-testid={c.testId}>
              <Statistic
                title={t(c.id)}
                value={c.value ?? '—'}
                loading={c.loading}
                styles={{ content: { color: c.danger && c.value ? '#b91c1c' : undefined } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <ObligationsCard loaded={obligations} />
      <ApplicationsCard loaded={applications} states={IN_FLIGHT} />
      <LicencesCard loaded={licences} />
    </section>
  );
}
