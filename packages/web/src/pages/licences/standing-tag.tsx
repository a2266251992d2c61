/** Where a licence stands today (the API's standing) as a coloured tag, with the days to expiry. */
import { Tag } from 'antd';
import type { Schemas } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import { obligationMessages } from '../../messages/obligations.ts';
import type { MessageId } from '../../messages.ts';
import { valuesNamed } from '../dashboard/list-table.ts';

type Licence = Schemas['Licence'];
export type Standing = Licence['standing'];

/** every standing, from the words each has (the check below fails the build if one has none) */
export const standings = valuesNamed<Standing>(obligationMessages, 'standing_');
const everyStandingNamed: Record<`standing_${Standing}`, unknown> = obligationMessages;
void everyStandingNamed;

const colour: Record<Standing, string> = {
  'in-force': 'green',
  'renewal-due': 'orange',
  expired: 'red',
  suspended: 'volcano',
  revoked: 'red',
  cancelled: 'default',
};

export function StandingTag({ licence: l }: { licence: Licence }) {
  const { t } = useLang();
  const days =
    l.status === 'active'
      ? l.daysToExpiry >= 0
        ? t('licDaysToExpiry', { n: l.daysToExpiry })
        : t('licExpiredDays', { n: -l.daysToExpiry })
      : null;
  return (
    <span className="nowrap" data-standing={l.standing}>
      <Tag color={colour[l.standing]}>{t(`standing_${l.standing}` as MessageId)}</Tag>
      {days && <span className="standing-days">{days}</span>}
    </span>
  );
}
