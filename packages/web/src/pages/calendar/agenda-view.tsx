/** The agenda: obligations by due day, earliest first, each with its status, subject and company; standing duties last. */
import { Empty, Typography } from 'antd';
import { Link } from 'react-router';
import { useLang } from '../../i18n.tsx';
import { useCompanyNames } from '../dashboard/use-company-names.ts';
import { ObligationLink } from './obligation-link.tsx';
import { DueIn, type Obligation, ObligationStatusTag } from './obligation-status.tsx';

interface Props {
  list: Obligation[];
  asOf: string;
  onOpen(o: Obligation): void;
}

const weekday = (day: string, lang: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en', {
    weekday: 'short',
    timeZone: 'UTC',
  });

export function AgendaView({ list, asOf, onOpen }: Props) {
  const { t, lang } = useLang();
  const names = useCompanyNames(list.flatMap((o) => (o.belongsTo.company ? [o.belongsTo.company] : [])));
  if (!list.length) return <Empty description={t('oblNone')} />;
  const days = new Map<string, Obligation[]>();
  for (const o of list) {
    const key = o.window.due ?? '';
    days.set(key, [...(days.get(key) ?? []), o]);
  }
  const keys = [...days.keys()].sort((a, b) => (a || '9999').localeCompare(b || '9999'));
  return (
    <div className="agenda" data-testid="agenda">
      {keys.map((day) => (
        <section key={day || 'standing'} className="agenda-day" data-date={day || 'standing'}>
          <Typography.Title level={5} className="agenda-date">
            {day ? `${day} ${weekday(day, lang)}` : t('calStandingTitle')}
          </Typography.Title>
          <ul className="cal-list">
            {(days.get(day) ?? []).map((o) => (
              <li key={o.id} className="agenda-item">
                <ObligationStatusTag status={o.status} />
                <ObligationLink o={o} onOpen={onOpen} withPeriod />
                {o.belongsTo.company && (
                  <Link className="agenda-company" to={`/companies/${o.belongsTo.company}`}>
                    {names[o.belongsTo.company] ?? '…'}
                  </Link>
                )}
                <DueIn due={o.window.due} asOf={asOf} status={o.status} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
