/** The calendar date in China (Asia/Shanghai) at an instant, as YYYY-MM-DD. Pure: the instant is an argument. */
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function chinaDate(at: Date): string {
  return fmt.format(at);
}
