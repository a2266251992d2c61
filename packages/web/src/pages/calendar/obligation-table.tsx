/** A list of obligations as a table (status, name, subject, company, due), each opening its explanation. */
import { Table } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import type { SourceBook } from '../../wizard/explanation.tsx';
import { listTableProps } from '../dashboard/list-table.ts';
import { NarrowMeta, WIDE } from '../dashboard/narrow.tsx';
import { useCompanyNames } from '../dashboard/use-company-names.ts';
import { ObligationDrawer } from './obligation-explanation.tsx';
import { DueIn, type Obligation, ObligationStatusTag } from './obligation-status.tsx';

interface Props {
  list: Obligation[];
  book: SourceBook;
  asOf: string;
  loading: boolean;
  emptyText: string;
  /** the company column (off where every row is of one company) */
  showCompany?: boolean;
  /** the subject column (off where every row is of one licence) */
  showSubject?: boolean;
  /** an obligation was recorded done or waived, or its record undone: load the list again */
  onChanged?(): void;
}

/** earliest due first; standing duties (no due day) last */
export const byDue = (a: Obligation, b: Obligation) =>
  (a.window.due ?? '9999').localeCompare(b.window.due ?? '9999') || a.id.localeCompare(b.id);

export function ObligationTable({
  list,
  book,
  asOf,
  loading,
  emptyText,
  showCompany = true,
  showSubject = true,
  onChanged,
}: Props) {
  const { t, tx } = useLang();
  const [picked, setOpen] = useState<Obligation | null>(null);
  // the open obligation as the list has it now (after a reload), or as it was picked if it left the list
  const open = picked && (list.find((o) => o.id === picked.id) ?? picked);
  const names = useCompanyNames(list.flatMap((o) => (o.belongsTo.company ? [o.belongsTo.company] : [])));
  return (
    <>
      <Table<Obligation>
        {...listTableProps(list, loading, emptyText)}
        onRow={(o) => ({ 'data-obligation': o.id, 'data-kind': o.kind }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('oblStatus'),
            dataIndex: 'status',
            render: (s: Obligation['status']) => <ObligationStatusTag status={s} />,
          },
          {
            title: t('oblName'),
            key: 'name',
            render: (_, o) => (
              <>
                <a
                  href={`#${o.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setOpen(o);
                  }}
                >
                  {tx(o.name)}
                  {o.period ? ` ${o.period}` : ''}
                </a>
                <NarrowMeta>
                  <span>{o.belongsTo.label}</span>
                  {showCompany && o.belongsTo.company && <span>{names[o.belongsTo.company] ?? '…'}</span>}
                  <span>
                    {o.window.due ?? t('oblStanding')}{' '}
                    <DueIn due={o.window.due} asOf={asOf} status={o.status} />
                  </span>
                </NarrowMeta>
              </>
            ),
          },
          ...(showSubject
            ? [
                {
                  title: t('oblBelongsTo'),
                  key: 'subject',
                  responsive: WIDE,
                  render: (_: unknown, o: Obligation) => {
                    const text = `${t(`belongs_${o.belongsTo.type}` as MessageId)} ${o.belongsTo.label ?? ''}`;
                    return o.belongsTo.type === 'licence' ? (
                      <Link to={`/licences/${o.belongsTo.id}`}>{text}</Link>
                    ) : (
                      text
                    );
                  },
                },
              ]
            : []),
          ...(showCompany
            ? [
                {
                  title: t('oblCompany'),
                  key: 'company',
                  responsive: WIDE,
                  render: (_: unknown, o: Obligation) =>
                    o.belongsTo.company ? (
                      <Link to={`/companies/${o.belongsTo.company}`}>
                        {names[o.belongsTo.company] ?? '…'}
                      </Link>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
          {
            title: t('oblDue'),
            key: 'due',
            responsive: WIDE,
            render: (_, o) => (
              <span className="nowrap">
                {o.window.due ?? t('oblStanding')} <DueIn due={o.window.due} asOf={asOf} status={o.status} />
              </span>
            ),
          },
        ]}
      />
      <ObligationDrawer
        obligation={open}
        book={book}
        asOf={asOf}
        companyName={open?.belongsTo.company ? names[open.belongsTo.company] : undefined}
        onClose={() => setOpen(null)}
        {...(onChanged ? { onChanged } : {})}
      />
    </>
  );
}
