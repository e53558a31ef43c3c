// Date and time formats of the health page (spec 9.3), in the browser's
// time zone and in English like the rest of the interface.

const dayFormat = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const monthDayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
const secondsFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });

const toDate = (t: Date | number | string) => (t instanceof Date ? t : new Date(t));

/** "Wed Nov 24, 2022" */
export function formatDay(t: Date | number | string): string {
  return dayFormat.format(toDate(t)).replace(/^(\w+),/, '$1');
}

/** "7:24 PM" */
export function formatTime(t: Date | number | string): string {
  return timeFormat.format(toDate(t));
}

/** "Nov 24 7:30 PM" (chart tooltips and event rows) */
export function formatDayTime(t: Date | number | string): string {
  const d = toDate(t);
  return `${monthDayFormat.format(d)} ${timeFormat.format(d)}`;
}

/** Whole calendar days from a to b in local time (b later gives a positive count). */
export function calendarDaysBetween(a: Date | number | string, b: Date | number | string): number {
  const da = toDate(a);
  const db = toDate(b);
  const ua = Date.UTC(da.getFullYear(), da.getMonth(), da.getDate());
  const ub = Date.UTC(db.getFullYear(), db.getMonth(), db.getDate());
  return Math.round((ub - ua) / 86_400_000);
}

/** A chart axis label for a tick `stepMs` apart from the next: "Nov 24", "7:30 PM" or "7:30:10 PM". */
export function formatAxisTime(t: number, stepMs: number): string {
  if (stepMs >= 86_400_000) return monthDayFormat.format(t);
  if (stepMs >= 60_000) return timeFormat.format(t);
  return secondsFormat.format(t);
}
