/** An eligibility check's required or actual value in words: profile codes by their labels, numbers and yes/no. */

import type { Assessment } from '../api/client.ts';
import type { Lang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';

type Unit = Assessment['eligibility']['checks'][number]['unit'];

type T = (id: MessageId) => string;

/** the engine's values of profile facts that the wizard also asks for, by the label it asks with */
const LABELS: Readonly<Record<string, MessageId>> = {
  company: 'entityCompany',
  individual: 'entityIndividual',
  mainland: 'server_mainland',
  'hong-kong-macau-taiwan': 'server_hong-kong-macau-taiwan',
  overseas: 'server_overseas',
  'not listed': 'valueNotListed',
};

export function checkValue(
  v: string | number | boolean | null | undefined,
  lang: Lang,
  t: T,
  unit?: Unit,
): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    const n = v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
    if (!unit) return n;
    return unit === 'percent' ? `${n}%` : `${n} ${t(`unit_${unit}` as MessageId)}`;
  }
  if (typeof v === 'boolean') return v ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
  const id = LABELS[v];
  return id ? t(id) : v;
}
