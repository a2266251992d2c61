/**
 * The month view: Ant Design's Calendar with each obligation on its due day, coloured by status. Wide
 * screens show the names in the cells; narrow ones a count, and the chosen day's list below the calendar.
 */
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Calendar, Grid, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLang } from '../../i18n.tsx';
import { chinaToday } from '../dashboard/china-today.ts';
import { ObligationLink } from './obligation-link.tsx';
import type { Obligation } from './obligation-status.tsx';

const SHOWN_PER_CELL = 3;

interface Props {
  month: string;
  day: string | null;
  byDay: Map<string, Obligation[]>;
  onMonth(month: string): void;
  onDay(day: string): void;
  onOpen(o: Obligation): void;
}

/** the month shown, the previous and next month and back to this one, as labelled buttons */
function MonthHeader({ value, onMonth }: { value: Dayjs; onMonth(month: string): void }) {
  const { t, lang } = useLang();
  const title = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${value.format('YYYY-MM')}-01T00:00:00Z`));
  return (
    <div className="cal-head">
      <Button
        aria-label={t('calPrevMonth')}
        icon={<LeftOutlined />}
        onClick={() => onMonth(value.subtract(1, 'month').format('YYYY-MM'))}
      />
      <Typography.Title level={3} className="cal-head-title" aria-live="polite">
        {title}
      </Typography.Title>
      <Button
        aria-label={t('calNextMonth')}
        icon={<RightOutlined />}
        onClick={() => onMonth(value.add(1, 'month').format('YYYY-MM'))}
      />
      <Button onClick={() => onMonth(chinaToday().slice(0, 7))}>{t('calThisMonth')}</Button>
    </div>
  );
}

export function MonthView({ month, day, byDay, onMonth, onDay, onOpen }: Props) {
  const { t } = useLang();
  const wide = Grid.useBreakpoint().md ?? true;
  // today as the rest of the page counts it: in China, whatever the browser's zone
  const today = dayjs(chinaToday());
  const value = dayjs(
    day ?? (today.format('YYYY-MM') === month ? today.format('YYYY-MM-DD') : `${month}-01`),
  );
  const chosen = day ? (byDay.get(day) ?? []) : [];
  return (
    <>
      <Calendar
        className="obligation-calendar"
        fullscreen={wide}
        value={value}
        headerRender={({ value: v }) => <MonthHeader value={v} onMonth={onMonth} />}
        onPanelChange={(d: Dayjs) => onMonth(d.format('YYYY-MM'))}
        onSelect={(d: Dayjs, info) => {
          if (info.source === 'date') onDay(d.format('YYYY-MM-DD'));
          else onMonth(d.format('YYYY-MM'));
        }}
        cellRender={(d: Dayjs, info) => {
          if (info.type !== 'date') return info.originNode;
          const date = d.format('YYYY-MM-DD');
          const list = byDay.get(date) ?? [];
          if (!list.length) return null;
          if (!wide)
            return (
              <span className="cal-count" data-date={date} data-count={list.length}>
                {list.length}
              </span>
            );
          return (
            <div className="cal-cell" data-date={date}>
              {list.slice(0, SHOWN_PER_CELL).map((o) => (
                <ObligationLink key={o.id} o={o} onOpen={onOpen} />
              ))}
              {list.length > SHOWN_PER_CELL && (
                <span className="cal-more">{t('calMoreOnDay', { n: list.length - SHOWN_PER_CELL })}</span>
              )}
            </div>
          );
        }}
      />
      {day && (
        <section className="cal-day" data-testid="calendar-day">
          <Typography.Title level={4}>{day}</Typography.Title>
          {chosen.length ? (
            <ul className="cal-list">
              {chosen.map((o) => (
                <li key={o.id}>
                  <ObligationLink o={o} onOpen={onOpen} withPeriod />
                </li>
              ))}
            </ul>
          ) : (
            <Typography.Paragraph type="secondary">{t('calEmptyDay')}</Typography.Paragraph>
          )}
        </section>
      )}
    </>
  );
}
