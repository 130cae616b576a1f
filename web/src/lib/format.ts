// Dates as the API gives them and as people read them. An event's date is
// either a calendar date ("2030-06-15", a day without a time zone) or a UTC
// date-time ("2030-06-15T17:30:00Z"), shown in the reader's time zone.

import { formatMoney, type Money } from './money';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

/** "Sat, 15 Jun 2030" for a date, "Sat, 15 Jun 2030, 19:30" for a date-time; the input itself when unreadable. */
export function formatEventDate(value: string, options: FormatOptions = {}): string {
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [, y, m, d] = dateOnly;
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return new Intl.DateTimeFormat(options.locale, {
      weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC',
    }).format(date);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return new Intl.DateTimeFormat(options.locale, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    timeZone: options.timeZone,
  }).format(new Date(ms));
}

/** A timestamp such as `createdAt`: "15 Jun 2030, 19:30". */
export function formatDateTime(value: string, options: FormatOptions = {}): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return new Intl.DateTimeFormat(options.locale, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: options.timeZone,
  }).format(new Date(ms));
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", or the date for older times. */
export function formatRelative(value: string, nowMs: number = Date.now(), options: FormatOptions = {}): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const seconds = Math.round((nowMs - ms) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return days === 1 ? '1 day ago' : `${days} days ago`;
  return formatDateTime(value, options);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The date and time fields of a form for an event's date: a calendar date
 * keeps its day and has no time; a date-time is shown in the local zone.
 */
export function splitEventDate(value: string): { date: string; time: string } {
  if (isDateOnly(value)) return { date: value, time: '' };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { date: '', time: '' };
  const d = new Date(ms);
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** The offset of local time from UTC at a moment, as "+02:00". */
export function offsetString(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The value to send for a date field and an optional time field: the date
 * alone, or an ISO 8601 date-time with the local offset of that moment
 * (`offsetFor` gives minutes east of UTC; by default the browser's zone).
 */
export function joinEventDate(
  date: string,
  time: string,
  offsetFor: (localDate: Date) => number = (d) => -d.getTimezoneOffset(),
): string {
  if (!time) return date;
  const m = DATE_ONLY.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !t) return time ? `${date}T${time}` : date;
  const local = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2]));
  return `${date}T${time}:00${offsetString(offsetFor(local))}`;
}

/** A date-time of the API as a `datetime-local` value in the local zone. */
export function toLocalInput(value: string | null): string {
  if (!value) return '';
  const { date, time } = splitEventDate(value);
  return date && time ? `${date}T${time}` : '';
}

/** A `datetime-local` value as an ISO 8601 date-time with the local offset; `null` when empty. */
export function fromLocalInput(value: string, offsetFor?: (localDate: Date) => number): string | null {
  if (!value) return null;
  const [date, time = '00:00'] = value.split('T');
  return joinEventDate(date, time.slice(0, 5), offsetFor);
}

/** Whether an event's date lies before today (a calendar date) or before now (a date-time). */
export function isPast(value: string, now: Date = new Date()): boolean {
  if (isDateOnly(value)) return value < todayIso(now);
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && ms < now.getTime();
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function formatPrice(price: Money | null, locale?: string): string | null {
  return price ? formatMoney(price, locale) : null;
}
