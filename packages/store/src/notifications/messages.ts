/** The text of a reminder, in the organisation's language (zh or en). */
import type { Obligation, ObligationRuleEntry } from '@icpdesk/engine';

export interface Message {
  title: string;
  /** plain text with light Markdown (robots render it; e-mail sends it as text) */
  text: string;
}

/** which reminder: `days` before the due day (0 the day itself), or overdue by `days` */
export type ReminderStep = { kind: 'before'; days: number } | { kind: 'overdue'; days: number };

/** the reminder of an obligation, with what its rule says (the result's `rules` entry) */
export function reminderMessage(
  o: Obligation,
  rule: ObligationRuleEntry,
  step: ReminderStep,
  lang: 'zh' | 'en',
): Message {
  const name = rule.name[lang];
  const subject = o.belongsTo.label ?? o.belongsTo.id;
  const due = o.window.due ?? '';
  if (lang === 'en') {
    const when =
      step.kind === 'overdue'
        ? `overdue by ${step.days} day(s) (due ${due})`
        : `due ${due}, in ${step.days} day(s)`;
    return {
      title: `Reminder: ${name}`,
      text: `${name} — ${subject}: ${when}.\nIf missed: ${rule.consequence.text.en}`,
    };
  }
  const when =
    step.kind === 'overdue' ? `已逾期 ${step.days} 天(期限 ${due})` : `期限 ${due},还有 ${step.days} 天`;
  return {
    title: `提醒:${name}`,
    text: `${name} — ${subject}:${when}。\n逾期后果:${rule.consequence.text.zh}`,
  };
}

export function digestMessage(items: readonly Message[], day: string, lang: 'zh' | 'en'): Message {
  const lines = items.map((m) => `- ${m.title}`).join('\n');
  return lang === 'en'
    ? { title: `icpdesk daily digest ${day}: ${items.length} reminder(s)`, text: lines }
    : { title: `icpdesk 每日摘要 ${day}:${items.length} 条提醒`, text: lines };
}
