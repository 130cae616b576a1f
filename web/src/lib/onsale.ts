// An event's on-sale as a buyer meets it: whether the sales are still to
// open, how that reads, and the API's refusal of a booking made too early.

import type { EventItem } from '../api';
import { formatDateTime, type FormatOptions } from './format';
import { ApiError } from './problem';

export const NOT_ON_SALE = 'https://eventbook.dev/problems/not-on-sale';

/** How long before the on-sale the waiting room opens. */
export const WAITING_ROOM_LEAD_MINUTES = 30;

/** When the event's sales open, while that is still to come; `null` once they are open (or always were). */
export function pendingOpening(event: Pick<EventItem, 'onSaleAt'>, nowMs: number = Date.now()): string | null {
  if (!event.onSaleAt) return null;
  const ms = Date.parse(event.onSaleAt);
  return !Number.isNaN(ms) && ms > nowMs ? event.onSaleAt : null;
}

/** "On sale from 1 Jun 2030, 10:00" in the reader's locale and zone. */
export function onSaleText(opensAt: string, options: FormatOptions = {}): string {
  return `On sale from ${formatDateTime(opensAt, options)}`;
}

/** "On sale 1 Jun", the short form for a card (the year only when it is not this year's). */
export function onSaleBadgeText(opensAt: string, now: Date = new Date(), options: FormatOptions = {}): string {
  const at = new Date(Date.parse(opensAt));
  if (Number.isNaN(at.getTime())) return 'On sale soon';
  const year = (d: Date) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: options.timeZone }).format(d);
  const date = new Intl.DateTimeFormat(options.locale, {
    day: 'numeric', month: 'short', year: year(at) === year(now) ? undefined : 'numeric', timeZone: options.timeZone,
  }).format(at);
  return `On sale ${date}`;
}

/** The line about the waiting room before the sales. */
export function waitingRoomText(opensAt: string, options: FormatOptions = {}): string {
  const ms = Date.parse(opensAt);
  if (Number.isNaN(ms)) return `A waiting room opens ${WAITING_ROOM_LEAD_MINUTES} minutes before the sales.`;
  const roomAt = new Date(ms - WAITING_ROOM_LEAD_MINUTES * 60_000).toISOString();
  return `A waiting room opens ${WAITING_ROOM_LEAD_MINUTES} minutes before the sales, at ${formatDateTime(roomAt, options)}.`;
}

/** The API's refusal of a booking or hold before the sales open: its message and the opening it names. */
export function notOnSale(error: unknown): { detail: string; opensAt: string | null } | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.type !== NOT_ON_SALE) return null;
  const opensAt = typeof error.body.opensAt === 'string' ? error.body.opensAt : null;
  const detail = error.detail ?? (opensAt ? `${onSaleText(opensAt)}.` : 'This event is not on sale yet.');
  return { detail, opensAt };
}
