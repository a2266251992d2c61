/**
 * An obligation as the pages show it (with what its rule says), its status as a coloured tag, and its due day
 * with the days left or late (as of the list's day).
 */
import { Tag } from 'antd';
import type { Schemas } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import { obligationMessages } from '../../messages/obligations.ts';
import type { MessageId } from '../../messages.ts';
import { valuesNamed } from '../dashboard/list-table.ts';

/** an obligation with its rule's name, duty, consequence, sources and parameters (see withRules) */
export type Obligation = Schemas['Obligation'] & Omit<Schemas['ObligationRuleEntry'], 'note'>;

/**
 * The obligations of an answer, each joined with what its rule says: the API lists each rule once, in the
 * answer's `rules`, and an obligation only refers to it. An obligation's own note goes before its rule's.
 */
export function withRules(answer: {
  obligations: Schemas['Obligation'][];
  rules: Record<string, Schemas['ObligationRuleEntry']>;
}): Obligation[] {
  return answer.obligations.map((o) => {
    const { note, ...rule } = answer.rules[o.rule]!;
    return { ...rule, ...o, ...(!o.note && note ? { note } : {}) };
  });
}
export type ObligationStatus = Schemas['ObligationStatus'];

export const obligationStatuses: ObligationStatus[] = [
  'overdue',
  'due-soon',
  'open',
  'upcoming',
  'done',
  'waived',
];

/** every kind of obligation, from the words each has (the check below fails the build if one has none) */
export const obligationKinds = valuesNamed<Obligation['kind']>(obligationMessages, 'oblKind_');
const everyKindNamed: Record<`oblKind_${Obligation['kind']}`, unknown> = obligationMessages;
void everyKindNamed;

/** Ant Design's preset colours, the same on every page: red late, orange soon, blue open, green done */
export const statusColour: Record<ObligationStatus, string> = {
  overdue: 'red',
  'due-soon': 'orange',
  open: 'blue',
  upcoming: 'default',
  done: 'green',
  waived: 'default',
};

export function ObligationStatusTag({ status }: { status: ObligationStatus }) {
  const { t } = useLang();
  return (
    <Tag color={statusColour[status]} data-status={status}>
      {t(`oblStatus_${status}` as MessageId)}
    </Tag>
  );
}

const dayNo = (d: string) =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** whole days from `asOf` to `due` (negative: past) */
export const daysBetween = (asOf: string, due: string) => dayNo(due) - dayNo(asOf);

/** "12 days left", "3 days late" or "due today", for an obligation not done */
export function DueIn({ due, asOf, status }: { due: string | null; asOf: string; status: ObligationStatus }) {
  const { t } = useLang();
  if (!due || status === 'done' || status === 'waived') return null;
  const n = daysBetween(asOf, due);
  const text = n === 0 ? t('oblToday') : n > 0 ? t('oblDaysLeft', { n }) : t('oblDaysLate', { n: -n });
  return <span className={n < 0 ? 'due-in late' : 'due-in'}>{text}</span>;
}
