// Where a notification of the inbox leads, by its type and data.

import type { Notification } from '../api';
import { formatDateTime, type FormatOptions } from './format';

export interface NotificationLink {
  to: string;
  label: string;
  /** The notification asks for something to be done (a button rather than a link). */
  action: boolean;
}

function text(data: Notification['data'], key: string): string | null {
  const value = data?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The link a notification offers: seats offered from the waitlist lead to
 * the event's page, where they are confirmed ("Confirm your seats"); anything
 * else about an event to that event ("View event"); `null` for the rest.
 */
export function notificationLink(n: Pick<Notification, 'type' | 'data'>): NotificationLink | null {
  const eventId = text(n.data, 'eventId');
  if (!eventId) return null;
  const to = `/events/${encodeURIComponent(eventId)}`;
  if (n.type === 'waitlist.offered') return { to, label: 'Confirm your seats', action: true };
  return { to, label: 'View event', action: false };
}

/** "Held for you until 1 Jun 2030, 18:15" for a waitlist offer that says when it ends; `null` otherwise. */
export function notificationDeadline(n: Pick<Notification, 'type' | 'data'>, options: FormatOptions = {}): string | null {
  if (n.type !== 'waitlist.offered') return null;
  const until = text(n.data, 'expiresAt');
  return until ? `Held for you until ${formatDateTime(until, options)}` : null;
}
