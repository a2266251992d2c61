/**
 * Where an application stands: the authority's statutory clock as the API computes it (each step with its
 * start, the due date, the days used in working and calendar days, the days left, the spans that do not
 * count — 补正 corrections, expert reviews …) and the events recorded, oldest first. Nothing is counted here.
 */
import { Alert, Descriptions, Empty, Tag, Timeline, Typography } from 'antd';
import type { Schemas } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';

type Detail = Schemas['ApplicationDetail'];
type Step = Schemas['ClockStep'];

const statusColour: Record<Step['status'], string> = {
  'not-started': 'default',
  'on-time': 'processing',
  'due-soon': 'warning',
  overdue: 'error',
  done: 'success',
  'not-applicable': 'default',
};

function ClockStep({ step }: { step: Step }) {
  const { t, tx } = useLang();
  const unit = step.dueUnit ? t(`unit_short_${step.dueUnit}` as MessageId) : '';
  return (
    <div className="clock-step" data-step={step.id} data-status={step.status}>
      <div className="clock-step-head">
        <Typography.Text strong>{tx(step.name)}</Typography.Text>
        <Tag color={statusColour[step.status]}>{t(`clock_${step.status}` as MessageId)}</Tag>
        {step.paused && <Tag color="purple">{t('app_stepPaused')}</Tag>}
      </div>
      <ul className="clock-step-facts">
        {step.startedOn && <li>{t('app_stepStarted', { date: step.startedOn })}</li>}
        {step.dueBy && !step.endedOn && (
          <li data-testid="due-by">{t('app_stepDue', { date: step.dueBy })}</li>
        )}
        {step.expectedBy && step.expectedBy !== step.dueBy && !step.endedOn && (
          <li>{t('app_stepExpected', { date: step.expectedBy })}</li>
        )}
        {step.endedOn && <li>{t('app_stepEnded', { date: step.endedOn })}</li>}
        {step.used && (
          <li data-testid="used">
            {t('app_stepUsed', { working: step.used.workingDays, calendar: step.used.calendarDays })}
          </li>
        )}
        {step.remaining !== null && (
          <li data-testid="remaining" className={step.remaining < 0 ? 'clock-over' : undefined}>
            {step.remaining < 0
              ? t('app_stepOver', { n: -step.remaining, unit })
              : t('app_stepLeft', { n: step.remaining, unit })}
          </li>
        )}
        {step.excludedDays > 0 && <li>{t('app_stepExcluded', { n: step.excludedDays })}</li>}
        {step.exclusions.map((x) => (
          <li key={`${x.kind}-${x.from}`} className="clock-exclusion">
            {x.to
              ? t('app_exclusion', { kind: t(`excl_${x.kind}` as MessageId), from: x.from, to: x.to })
              : t('app_exclusionOpen', { kind: t(`excl_${x.kind}` as MessageId), from: x.from })}
          </li>
        ))}
      </ul>
      {step.note && <Typography.Paragraph type="secondary">{tx(step.note)}</Typography.Paragraph>}
    </div>
  );
}

export function StatutoryClock({ clock }: { clock: Detail['clock'] }) {
  const { t, tx } = useLang();
  return (
    <div className="statutory-clock" data-testid="clock">
      <Typography.Text type="secondary">{t('app_clockAsOf', { date: clock.asOf })}</Typography.Text>
      {clock.overdue && <Alert type="error" showIcon title={t('app_clockOverdue')} />}
      {clock.deemedAccepted && (
        <Alert
          type="warning"
          showIcon
          title={t('app_deemedAccepted', { date: clock.deemedAccepted.on })}
          description={tx(clock.deemedAccepted.note)}
        />
      )}
      {clock.nextDueBy && (
        <Typography.Paragraph strong data-testid="next-due">
          {t('app_clockNext', { date: clock.nextDueBy })}
        </Typography.Paragraph>
      )}
      <div className="clock-steps">
        {clock.steps.map((s) => (
          <ClockStep key={s.id} step={s} />
        ))}
      </div>
      <Typography.Paragraph type="secondary" className="clock-note">
        {tx(clock.excludedNote)}
      </Typography.Paragraph>
      {clock.calendarNote && (
        <Typography.Paragraph type="secondary" className="clock-note">
          {tx(clock.calendarNote)}
        </Typography.Paragraph>
      )}
    </div>
  );
}

export function EventTimeline({ events }: { events: Detail['events'] }) {
  const { t } = useLang();
  if (!events.length) return <Empty description={t('app_eventsEmpty')} />;
  return (
    <Timeline
      className="event-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.toState === 'rejected' ? 'red' : e.toState === 'approved' ? 'green' : 'blue',
        content: (
          <div data-event={e.kind} data-to={e.toState}>
            <Typography.Text strong>
              {e.kind === 'transition'
                ? t(`state_${e.toState}` as MessageId)
                : t(`event_${e.kind}` as MessageId)}
              {e.pauseKind ? ` · ${t(`excl_${e.pauseKind}` as MessageId)}` : ''}
            </Typography.Text>
            <Descriptions size="small" column={1} className="event-facts">
              <Descriptions.Item label={t('app_on')}>{e.on ?? e.at.slice(0, 10)}</Descriptions.Item>
              {e.authorityReference && (
                <Descriptions.Item label={t('app_reference')}>{e.authorityReference}</Descriptions.Item>
              )}
              {e.note && <Descriptions.Item label={t('app_note')}>{e.note}</Descriptions.Item>}
            </Descriptions>
          </div>
        ),
      }))}
    />
  );
}
