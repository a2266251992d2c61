/**
 * Obligations on a calendar: a month view and an agenda, filtered by status, kind, company and date range
 * (all kept in the address), each obligation opening its rule, consequence and sources; and the panel that
 * makes and revokes iCalendar subscriptions.
 */
import '../dashboard/dash.css';
import 'dayjs/locale/zh-cn';
import { Button, DatePicker, Select, Space, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { addDays, chinaToday, lastDayOfMonth } from '../dashboard/china-today.ts';
import { useCompanyNames } from '../dashboard/use-company-names.ts';
import { AgendaView } from './agenda-view.tsx';
import { CompanySelect } from './company-select.tsx';
import { MonthView } from './month-view.tsx';
import { ObligationDrawer } from './obligation-explanation.tsx';
import { type Obligation, obligationKinds, obligationStatuses, withRules } from './obligation-status.tsx';
import { SubscribePanel } from './subscribe-panel.tsx';

/** how far ahead the agenda looks without a date range: a display choice */
const AGENDA_DAYS = 365;
/** the agenda's page: this many obligations at first, and this many more at each "show more" */
const AGENDA_PAGE = 200;

const later = (a: string | undefined, b: string) => (a && a > b ? a : b);
const earlier = (a: string | undefined, b: string) => (a && a < b ? a : b);

export default function CalendarPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const today = chinaToday();
  const get = (k: string) => params.get(k) ?? undefined;
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
    setParams(next, { replace: true });
  };
  const view = get('view') === 'agenda' ? 'agenda' : 'month';
  const month = /^\d{4}-\d{2}$/.test(get('month') ?? '') ? get('month')! : today.slice(0, 7);
  const day = get('day') ?? null;
  const status = get('status');
  const kind = get('kind');
  const company = get('company');
  const from = get('from');
  const to = get('to');

  // how many the agenda shows: a page, and a page more at each "show more", until a filter changes
  const filters = JSON.stringify([status, kind, company, from, to]);
  const [shown, setShown] = useState({ filters, limit: AGENDA_PAGE });
  const limit = shown.filters === filters ? shown.limit : AGENDA_PAGE;
  // the month view asks for its grid (a week either side); the agenda for the range, or the year ahead
  const window =
    view === 'month'
      ? { from: later(from, addDays(`${month}-01`, -7)), to: earlier(to, addDays(lastDayOfMonth(month), 14)) }
      : { ...(from ? { from } : {}), to: to ?? addDays(today, AGENDA_DAYS), limit };
  const query = { ...window, ...(status ? { status } : {}), ...(kind ? { kind } : {}), lang };
  const loaded = useLoad(JSON.stringify({ query, company }), () =>
    company
      ? call(api.GET('/api/v1/companies/{id}/obligations', { params: { path: { id: company }, query } }))
      : call(api.GET('/api/v1/obligations', { params: { query } })),
  );
  const list = loaded.data ? withRules(loaded.data) : [];
  const byDay = new Map<string, Obligation[]>();
  for (const o of list) if (o.window.due) byDay.set(o.window.due, [...(byDay.get(o.window.due) ?? []), o]);
  const [picked, setOpen] = useState<Obligation | null>(null);
  // the open obligation as the list has it now (after a reload), or as it was picked if it left the list
  const open = picked && (list.find((o) => o.id === picked.id) ?? picked);
  const names = useCompanyNames(open?.belongsTo.company ? [open.belongsTo.company] : []);
  const asOf = loaded.data?.asOf ?? today;

  return (
    <section className="dash-area">
      <Typography.Title level={1}>{t('calTitle')}</Typography.Title>
      <Space wrap className="cal-filters">
        <Select
          mode="multiple"
          allowClear
          aria-label={t('calStatuses')}
          placeholder={t('calAllStatuses')}
          value={status ? status.split(',') : []}
          onChange={(v: string[]) => set({ status: v.join(',') || undefined })}
          options={obligationStatuses.map((s) => ({ value: s, label: t(`oblStatus_${s}` as MessageId) }))}
          className="cal-select"
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('calKinds')}
          placeholder={t('calAllKinds')}
          value={kind ? kind.split(',') : []}
          onChange={(v: string[]) => set({ kind: v.join(',') || undefined })}
          options={obligationKinds.map((k) => ({ value: k, label: t(`oblKind_${k}` as MessageId) }))}
          className="cal-select"
        />
        <CompanySelect
          aria-label={t('oblCompany')}
          placeholder={t('calAllCompanies')}
          value={company}
          onChange={(v) => set({ company: v })}
          className="cal-select"
        />
        <DatePicker.RangePicker
          aria-label={t('calRange')}
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(r) =>
            set({
              from: r?.[0]?.format('YYYY-MM-DD') ?? undefined,
              to: r?.[1]?.format('YYYY-MM-DD') ?? undefined,
            })
          }
          className="cal-range"
        />
      </Space>
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {/* without an answer, an empty month would read as "nothing due": only the notice and its retry */}
      {(loaded.error === null || loaded.data) && (
        <Tabs
          activeKey={view}
          onChange={(k) => set({ view: k === 'agenda' ? 'agenda' : undefined })}
          items={[
            {
              key: 'month',
              label: t('calMonth'),
              children: (
                <div aria-busy={loaded.loading} data-testid="month-view">
                  <MonthView
                    month={month}
                    day={day}
                    byDay={byDay}
                    onMonth={(m) => set({ month: m, day: undefined })}
                    onDay={(d) => set({ day: d, month: d.slice(0, 7) })}
                    onOpen={setOpen}
                  />
                </div>
              ),
            },
            {
              key: 'agenda',
              label: t('calAgenda'),
              children: (
                <div aria-busy={loaded.loading}>
                  {!from && !to && (
                    <Typography.Paragraph type="secondary">
                      {t('calAgendaRange', { to: addDays(today, AGENDA_DAYS) })}
                    </Typography.Paragraph>
                  )}
                  {loaded.data && <AgendaView list={list} asOf={asOf} onOpen={setOpen} />}
                  {loaded.data?.total !== undefined && loaded.data.total > list.length && (
                    <Space className="agenda-more" data-testid="agenda-more">
                      <Typography.Text type="secondary">
                        {t('calAgendaShown', { shown: list.length, total: loaded.data.total })}
                      </Typography.Text>
                      <Button
                        loading={loaded.loading}
                        onClick={() => setShown({ filters, limit: limit + AGENDA_PAGE })}
                      >
                        {t('calAgendaMore', { n: Math.min(AGENDA_PAGE, loaded.data.total - list.length) })}
                      </Button>
                    </Space>
                  )}
                </div>
              ),
            },
          ]}
        />
      )}
      <ObligationDrawer
        obligation={open}
        book={loaded.data?.sources ?? {}}
        asOf={asOf}
        companyName={open?.belongsTo.company ? names[open.belongsTo.company] : undefined}
        onClose={() => setOpen(null)}
        onChanged={loaded.reload}
      />
      <SubscribePanel />
    </section>
  );
}
