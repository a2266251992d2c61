/**
 * Obligations as an iCalendar feed (RFC 5545), generated with ical-generator (which escapes TEXT values and
 * folds lines at 75 octets): one all-day event per obligation with a due day (DTSTART;VALUE=DATE, one day
 * long), its UID the obligation's stable id, so that a calendar updates an event instead of adding another
 * when the feed is read again. Texts are in Chinese; a feed in English gives the English with the Chinese.
 * Open obligations carry a display alarm at each offset (days before the due day); done ones say so and
 * ring no alarm; waived ones and standing duties without a due day are left out.
 */
import type { Obligation, ObligationRuleEntry, ObligationsResult, SourceBook } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import type { FeedLanguage } from '@icpdesk/store';
import ical, { ICalAlarmType } from 'ical-generator';

export interface FeedOptions {
  /** the calendar's name, e.g. the organisation's or company's */
  name: string;
  language: FeedLanguage;
  alarmDays: readonly number[];
  /** the instant the feed is made (DTSTAMP) */
  now: Date;
}

const DAY_S = 86_400;
const statusText: Record<Obligation['status'], Text> = {
  upcoming: { zh: '未开始', en: 'upcoming' },
  open: { zh: '进行中', en: 'open' },
  'due-soon': { zh: '即将到期', en: 'due soon' },
  overdue: { zh: '已逾期', en: 'overdue' },
  done: { zh: '已完成', en: 'done' },
  waived: { zh: '已豁免', en: 'waived' },
};

/** the text in the feed's language: Chinese, or English followed by the Chinese */
const say = (t: Text, lang: FeedLanguage) => (lang === 'en' && t.en !== t.zh ? `${t.en} / ${t.zh}` : t.zh);
const line = (label: Text, value: string, lang: FeedLanguage) =>
  `${lang === 'en' ? `${label.en} / ${label.zh}` : label.zh}: ${value}`;

function summary(o: Obligation, rule: ObligationRuleEntry, lang: FeedLanguage): string {
  const label = o.belongsTo.label ? ` ${o.belongsTo.label}` : '';
  const done = o.status === 'done' ? `[${say(statusText.done, lang)}] ` : '';
  return `${done}${say(rule.name, lang)}${label}`;
}

function description(o: Obligation, rule: ObligationRuleEntry, lang: FeedLanguage, book: SourceBook): string {
  const parts = [
    say(rule.duty, lang),
    line({ zh: '期限', en: 'Window' }, `${o.window.opens ?? '—'} – ${o.window.due}`, lang),
    line({ zh: '状态', en: 'Status' }, say(statusText[o.status], lang), lang),
    line({ zh: '未履行的后果', en: 'If missed' }, say(rule.consequence.text, lang), lang),
  ];
  if (o.conflict) parts.push(say(o.conflict.note, lang));
  const note = o.note ?? rule.note;
  if (note) parts.push(say(note, lang));
  if (o.estimated)
    parts.push(
      say(
        {
          zh: '该截止日依据估算的节假日安排（国务院当年通知尚未发布）。',
          en: 'The due day rests on estimated public holidays (no State Council notice for that year yet).',
        },
        lang,
      ),
    );
  const sources = rule.sources.map(
    (s) => `${book[s.ref]?.title ?? s.ref}${s.article ? ` ${s.article}` : ''}`,
  );
  if (sources.length) parts.push(line({ zh: '依据', en: 'Sources' }, sources.join('; '), lang));
  parts.push(line({ zh: '规则', en: 'Rule' }, o.rule, lang));
  return parts.join('\n');
}

/** the feed's text (text/calendar): the result's obligations, with their rules and sources */
export function obligationsCalendar(
  result: Pick<ObligationsResult, 'obligations' | 'rules' | 'sources'>,
  o: FeedOptions,
): string {
  const cal = ical({
    name: o.name,
    prodId: { company: 'icpdesk', product: 'obligations', language: o.language.toUpperCase() },
  });
  for (const ob of result.obligations) {
    if (ob.window.due === null || ob.status === 'waived') continue;
    const rule = result.rules[ob.rule]!;
    const event = cal.createEvent({
      id: `${ob.id}@icpdesk`,
      start: new Date(`${ob.window.due}T00:00:00Z`),
      allDay: true,
      stamp: o.now,
      summary: summary(ob, rule, o.language),
      description: description(ob, rule, o.language, result.sources),
    });
    if (ob.status === 'done') continue;
    for (const days of o.alarmDays)
      event.createAlarm({
        type: ICalAlarmType.display,
        triggerBefore: days * DAY_S,
        description: summary(ob, rule, o.language),
      });
  }
  return cal.toString();
}
