/** An obligation in a compact list (a calendar cell, the agenda): its status colour and name, opening its explanation. */
import { Badge } from 'antd';
import { useLang } from '../../i18n.tsx';
import { type Obligation, statusColour } from './obligation-status.tsx';

/** Badge colours for the tag colours of ./obligation-status.tsx (a badge has no "default") */
const dot = (o: Obligation) => (statusColour[o.status] === 'default' ? 'gray' : statusColour[o.status]);

export function ObligationLink({
  o,
  onOpen,
  withPeriod = false,
}: {
  o: Obligation;
  onOpen(o: Obligation): void;
  withPeriod?: boolean;
}) {
  const { tx } = useLang();
  return (
    <button
      type="button"
      className="obligation-link"
      data-obligation={o.id}
      data-status={o.status}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(o);
      }}
    >
      <Badge color={dot(o)} />
      <span>
        {tx(o.name)}
        {withPeriod && o.period ? ` ${o.period}` : ''}
        {o.belongsTo.label ? ` · ${o.belongsTo.label}` : ''}
      </span>
    </button>
  );
}
