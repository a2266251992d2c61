/** An instant as every page shows it: day and minute in Beijing time (YYYY-MM-DD HH:mm), whatever the reader's own time zone. */
const fmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

export const when = (iso: string | null | undefined, none = '—') => (iso ? fmt.format(new Date(iso)) : none);
