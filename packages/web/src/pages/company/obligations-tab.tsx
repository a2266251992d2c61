/**
 * 合规义务: the company's obligations (annual reports, renewals, changes, filings, numbers), each with its
 * due day and status (and the company event it runs from, with the day it counts from), and, opened, the duty,
 * what missing it costs, the day counts and their sources; its name opens the obligation drawer, where it is
 * recorded done or waived.
 */
import { Alert, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { ParameterList, Sources } from '../../wizard/explanation.tsx';
import { ObligationDrawer } from '../calendar/obligation-explanation.tsx';
import { type Obligation, withRules } from '../calendar/obligation-status.tsx';
import type { TabProps } from './company-page.tsx';
import { TabTable } from './tab-table.tsx';

const COLOUR: Record<Obligation['status'], string> = {
  upcoming: 'default',
  open: 'blue',
  'due-soon': 'orange',
  overdue: 'red',
  done: 'green',
  waived: 'default',
};

/** the kind of the company event an obligation runs from (its trigger's id is kind@day…), if one */
const eventOf = (x: Obligation) => x.trigger?.event?.split('@')[0];

export function ObligationsTab({ company }: TabProps) {
  const { t, tx, lang } = useLang();
  const o = useLoad(`${company.id}:${lang}`, () =>
    call(
      api.GET('/api/v1/companies/{id}/obligations', {
        params: { path: { id: company.id }, query: { lang } },
      }),
    ),
  );
  const book = o.data?.sources ?? {};
  const rows = o.data ? withRules(o.data) : [];
  const [picked, setPicked] = useState<Obligation | null>(null);
  // the open obligation as the list has it now (after a reload)
  const open = picked && (rows.find((x) => x.id === picked.id) ?? picked);
  return (
    <div className="tab-body">
      {o.data && (
        <Typography.Paragraph type="secondary">
          {t('co_asOfDay', { date: o.data.asOf })}
          {o.data.calendar.note && ` · ${tx(o.data.calendar.note)}`}
        </Typography.Paragraph>
      )}
      {o.data?.gaps.map((g) => (
        <Alert key={g.id} type="warning" showIcon title={tx(g.reason)} />
      ))}
      <TabTable<Obligation>
        loaded={o}
        rows={rows}
        empty={t('co_obligationsEmpty')}
        expandable={{
          expandedRowRender: (x) => (
            <div className="obligation-why">
              <p>{tx(x.duty)}</p>
              <p>
                <strong>{t('co_consequence')}:</strong> {tx(x.consequence.text)}
              </p>
              <Sources cites={x.consequence.sources} book={book} />
              {x.parameters.length > 0 && <ParameterList params={x.parameters} book={book} />}
              <Sources cites={x.sources} book={book} />
              {x.note && <p className="muted">{tx(x.note)}</p>}
              {x.conflict && <Alert type="info" showIcon title={tx(x.conflict.note)} />}
            </div>
          ),
        }}
        columns={[
          {
            title: t('f_name'),
            dataIndex: 'name',
            render: (n: Obligation['name'], x) => (
              <>
                <a
                  href={`#${x.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setPicked(x);
                  }}
                >
                  {tx(n)}
                </a>
                {x.period && <span className="muted"> · {x.period}</span>}
                {eventOf(x) && (
                  <div className="muted">
                    {t('co_trigger', { event: t(`ev_${eventOf(x)}` as MessageId), date: x.trigger!.on })}
                  </div>
                )}
              </>
            ),
          },
          {
            title: t('co_subject'),
            key: 'subject',
            render: (_: unknown, x) => x.belongsTo.label ?? x.belongsTo.type,
          },
          {
            title: t('co_due'),
            key: 'due',
            render: (_: unknown, x) => x.window.due ?? <span className="muted">{t('co_standingDuty')}</span>,
          },
          {
            title: t('co_state'),
            dataIndex: 'status',
            render: (s: Obligation['status'], x) => (
              <>
                <Tag color={COLOUR[s]}>{t(`ob_${s}` as MessageId)}</Tag>
                {x.estimated && <Tag>{t('co_estimated')}</Tag>}
              </>
            ),
          },
        ]}
      />
      <ObligationDrawer
        obligation={open}
        book={book}
        asOf={o.data?.asOf ?? ''}
        companyName={company.name}
        onClose={() => setPicked(null)}
        onChanged={o.reload}
      />
      {o.data && (
        <Typography.Paragraph type="secondary" className="obligation-events">
          {tx(o.data.events)}
        </Typography.Paragraph>
      )}
    </div>
  );
}
