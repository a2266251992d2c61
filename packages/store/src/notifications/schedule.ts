/**
 * Which reminders are due on a day (pure). For an obligation due in d days the reminder step is the
 * smallest configured offset k ≥ d, keyed `before-k`: sent on day k, or on the first run after it when the
 * worker was down that day, and never twice (the key is the same every day until the next offset). While
 * overdue, one reminder a day keyed by the date. Done, waived and standing (no due day) obligations none.
 */
import type { Obligation } from '@icpdesk/engine';
import type { ReminderStep } from './messages.ts';
import type { NotificationSettings } from './settings.ts';

export interface DueReminder {
  obligation: Obligation;
  step: ReminderStep;
  /** part of the delivery's unique key */
  stepKey: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

export function dueReminders(
  obligations: readonly Obligation[],
  settings: Pick<NotificationSettings, 'offsets' | 'overdueDaily'>,
  today: string,
): DueReminder[] {
  const offsets = [...settings.offsets].sort((a, b) => a - b);
  const out: DueReminder[] = [];
  for (const o of obligations) {
    if (o.status === 'done' || o.status === 'waived' || !o.window.due) continue;
    const d = dayNumber(o.window.due) - dayNumber(today);
    if (d >= 0) {
      const k = offsets.find((x) => x >= d);
      if (k !== undefined)
        out.push({ obligation: o, step: { kind: 'before', days: d }, stepKey: `before-${k}` });
    } else if (settings.overdueDaily) {
      out.push({ obligation: o, step: { kind: 'overdue', days: -d }, stepKey: `overdue-${today}` });
    }
  }
  return out;
}
