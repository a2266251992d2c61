/**
 * Why an obligation is owed and what missing it costs: its duty, window, rule (its name, the id beside it),
 * the kb parameters behind the day count, the consequence and the sources with links — in a drawer any list
 * of obligations opens; and what a member recorded of it, or the buttons to record it done or waived
 * (./obligation-record.tsx).
 */
import { Alert, Descriptions, Drawer, Typography } from 'antd';
import { Link } from 'react-router';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { ParameterList, type SourceBook, Sources } from '../../wizard/explanation.tsx';
import { ObligationRecordPanel } from './obligation-record.tsx';
import type { Obligation } from './obligation-status.tsx';

interface Props {
  obligation: Obligation | null;
  book: SourceBook;
  asOf: string;
  companyName?: string | undefined;
  onClose(): void;
  /** a record was made or undone: the list behind should load again */
  onChanged?(): void;
}

export function ObligationDrawer({ obligation: o, book, asOf, companyName, onClose, onChanged }: Props) {
  const { t, tx } = useLang();
  return (
    <Drawer
      open={o !== null}
      onClose={onClose}
      title={o ? tx(o.name) : ''}
      size="min(720px, 100vw)"
      className="obligation-drawer"
      data-testid="obligation-drawer"
    >
      {o && (
        <>
          <ObligationRecordPanel
            key={o.id}
            obligation={o}
            asOf={asOf}
            {...(onChanged ? { onChanged } : {})}
          />
          {o.estimated && (
            <Alert type="warning" showIcon title={t('oblEstimated')} className="obligation-note" />
          )}
          {o.conflict && (
            <Alert
              type="info"
              showIcon
              title={t('oblConflict')}
              description={tx(o.conflict.note)}
              className="obligation-note"
            />
          )}
          <Descriptions
            size="small"
            column={1}
            bordered
            className="explanation"
            items={explanationItems(o, book, companyName)}
          />
        </>
      )}
    </Drawer>
  );

  function explanationItems(o: Obligation, book: SourceBook, companyName: string | undefined) {
    const subject = `${t(`belongs_${o.belongsTo.type}` as MessageId)} ${o.belongsTo.label ?? ''}`;
    return [
      { key: 'duty', label: t('oblDuty'), children: tx(o.duty) },
      {
        key: 'subject',
        label: t('oblBelongsTo'),
        children:
          o.belongsTo.type === 'licence' ? (
            <Link to={`/licences/${o.belongsTo.id}`}>{subject}</Link>
          ) : (
            subject
          ),
      },
      ...(o.belongsTo.company
        ? [
            {
              key: 'company',
              label: t('oblCompany'),
              children: (
                <Link to={`/companies/${o.belongsTo.company}`}>{companyName ?? o.belongsTo.company}</Link>
              ),
            },
          ]
        : []),
      ...(o.period ? [{ key: 'period', label: t('oblPeriod'), children: o.period }] : []),
      ...(o.trigger
        ? [
            {
              key: 'trigger',
              label: t('oblTrigger'),
              children: `${o.trigger.event ?? ''} ${o.trigger.on}`.trim(),
            },
          ]
        : []),
      ...(o.window.opens ? [{ key: 'opens', label: t('oblOpens'), children: o.window.opens }] : []),
      { key: 'due', label: t('oblDue'), children: o.window.due ?? t('oblStanding') },
      ...(o.window.nominalDue && o.window.nominalDue !== o.window.due
        ? [{ key: 'nominal', label: t('oblNominalDue'), children: o.window.nominalDue }]
        : []),
      ...(o.doneOn ? [{ key: 'done', label: t('oblDoneOn'), children: o.doneOn }] : []),
      {
        key: 'rule',
        label: t('rule'),
        children: (
          <span data-testid="obligation-rule">
            {tx(o.name)}{' '}
            <Typography.Text type="secondary">
              <code>{o.rule}</code>
            </Typography.Text>
          </span>
        ),
      },
      ...(o.parameters.length
        ? [
            {
              key: 'params',
              label: t('parameters'),
              children: <ParameterList params={o.parameters} book={book} />,
            },
          ]
        : []),
      {
        key: 'consequence',
        label: t('oblConsequence'),
        children: (
          <>
            <div data-testid="obligation-consequence">{tx(o.consequence.text)}</div>
            <Sources cites={o.consequence.sources} book={book} />
          </>
        ),
      },
      { key: 'sources', label: t('sources'), children: <Sources cites={o.sources} book={book} /> },
      {
        key: 'confidence',
        label: t('confidence'),
        children: (
          <>
            {t(`conf_${o.confidence}` as MessageId)}
            {o.note && <Typography.Paragraph className="reason-note">{tx(o.note)}</Typography.Paragraph>}
          </>
        ),
      },
    ];
  }
}
