// An event's waitlist as a visitor and its organizer meet it: whether one
// can join and for how many seats, what each state of a place means, the time
// an offer has left, the API's refusals of a join, and the organizer's pages
// of entries.

import type { EventItem, WaitlistEntry, WaitlistOrder, WaitlistPage, WaitlistState } from '../api';
import { countdownAnnouncement, countdownWords, formatCountdown, remainingMs } from './countdown';
import { formatDateTime, isPast, plural, type FormatOptions } from './format';
import { ApiError } from './problem';
import { DEFAULT_OFFER_MINUTES } from './validation';

/** How often the visitor's place is asked for while the page is in view. */
export const WAITLIST_POLL_MS = 5_000;
/** How often the organizer's waitlist is renewed while the page is in view. */
export const WAITLIST_FIGURES_MS = 5_000;
/** Entries on a page of the organizer's list. */
export const WAITLIST_PAGE_SIZE = 20;
/** The most seats a place may ask for when the event sets no limit (the server's default). */
export const DEFAULT_WAITLIST_MAX = 10;
/** An offer's time left below which its countdown turns to a warning colour. */
export const LOW_OFFER_MS = 60_000;

type WaitlistEvent = Pick<EventItem, 'status' | 'date' | 'availableSeats' | 'maxSeatsPerBooking'>;

/** The group sizes one may wait for: 1 to the event's booking limit (or 10). */
export function waitlistSeatChoices(event: Pick<EventItem, 'maxSeatsPerBooking'>, globalMax = DEFAULT_WAITLIST_MAX): number[] {
  const limit = Math.max(1, event.maxSeatsPerBooking ?? globalMax);
  return Array.from({ length: limit }, (_, i) => i + 1);
}

/** Whether the event still takes places in line at all: scheduled and still to come. */
export function waitlistOpen(event: Pick<EventItem, 'status' | 'date'>, now: Date = new Date()): boolean {
  return event.status !== 'cancelled' && !isPast(event.date, now);
}

/**
 * Whether a place for `seats` may be taken: the event is still to come, not
 * cancelled, and a new booker cannot have that many seats (none are left, or
 * fewer than that). Otherwise the server answers `409` and one books instead.
 */
export function canJoinWaitlist(event: WaitlistEvent, seats: number, now: Date = new Date()): boolean {
  return waitlistOpen(event, now) && seats >= 1 && Math.max(0, event.availableSeats) < seats;
}

/**
 * The group sizes a place may be taken for now: those of `waitlistSeatChoices`
 * that are more than the seats left. Empty when every size can be booked
 * (or the event is past or cancelled).
 */
export function joinableSeatChoices(event: WaitlistEvent, now: Date = new Date(), globalMax = DEFAULT_WAITLIST_MAX): number[] {
  return waitlistSeatChoices(event, globalMax).filter((n) => canJoinWaitlist(event, n, now));
}

/** Whether the entry still waits for seats or holds an offer. */
export function isActive(entry: Pick<WaitlistEntry, 'state'>): boolean {
  return entry.state === 'waiting' || entry.state === 'offered';
}

/** "When seats come back, they are offered in order of joining; you will have 15 minutes to confirm. …" */
export function howItWorksText(event: Pick<EventItem, 'waitlistOrder' | 'offerMinutes'>): string {
  const minutes = plural(event.offerMinutes ?? DEFAULT_OFFER_MINUTES, 'minute');
  const order = event.waitlistOrder === 'fit'
    ? 'they are offered in order of joining to the first group they are enough for (a smaller group may go ahead of a larger one)'
    : 'they are offered in order of joining';
  return `When seats come back, ${order}; you will have ${minutes} to confirm them. We notify you in your inbox and by e-mail.`;
}

/** "You are number 3 in line for 2 seats.", "You are number 1 in line for 1 seat: you are next.", "You are in line for 2 seats." */
export function positionText(entry: Pick<WaitlistEntry, 'position' | 'seats'>, locale?: string): string {
  const seats = plural(entry.seats, 'seat');
  if (entry.position == null) return `You are in line for ${seats}.`;
  const next = entry.position === 1 ? ': you are next' : '';
  return `You are number ${entry.position.toLocaleString(locale)} in line for ${seats}${next}.`;
}

/** The headline of a state, as the visitor reads it. */
export function stateTitle(state: WaitlistState): string {
  switch (state) {
    case 'waiting': return 'You are on the waitlist';
    case 'offered': return 'Seats are held for you';
    case 'booked': return 'Booked from the waitlist';
    case 'lapsed': return 'Your offer has lapsed';
    case 'left': return 'You left the waitlist';
  }
}

/** What the state means for the visitor, and what they can do. */
export function stateText(entry: Pick<WaitlistEntry, 'state' | 'position' | 'seats' | 'offer'>, options: FormatOptions = {}): string {
  const seats = plural(entry.seats, 'seat');
  switch (entry.state) {
    case 'waiting':
      return positionText(entry, options.locale);
    case 'offered': {
      const until = entry.offer?.expiresAt ? ` until ${formatDateTime(entry.offer.expiresAt, options)}` : '';
      return `${seats[0].toUpperCase()}${seats.slice(1)} came back and ${entry.seats === 1 ? 'is' : 'are'} held for you${until}. Confirm before then, or they go to the next in line.`;
    }
    case 'booked':
      return `The ${seats} offered to you from the waitlist ${entry.seats === 1 ? 'is' : 'are'} booked.`;
    case 'lapsed':
      return 'The seats held for you were not confirmed in time, or were let go of, so they went to the next in line. You can join the waitlist again, at the back of the line.';
    case 'left':
      return 'You are no longer in line. You can join again, at the back of the line.';
  }
}

/** The word for a state in the organizer's list. */
export function stateLabel(state: WaitlistState): string {
  switch (state) {
    case 'waiting': return 'Waiting';
    case 'offered': return 'Offered';
    case 'booked': return 'Booked';
    case 'lapsed': return 'Lapsed';
    case 'left': return 'Left';
  }
}

export interface OfferTime {
  /** Milliseconds left, never below zero. */
  ms: number;
  /** "14:59". */
  clock: string;
  /** "14 minutes 59 seconds left". */
  words: string;
  /** What a live region may read: it changes a few times only. */
  announcement: string;
  /** Little time is left. */
  low: boolean;
  /** The time is up (or the server gave none). */
  over: boolean;
}

/** The time an offer has left at `nowMs`, in the checkout countdown's forms. */
export function offerTime(expiresAt: string | null | undefined, nowMs: number = Date.now()): OfferTime {
  const ms = remainingMs(expiresAt ?? null, nowMs);
  return {
    ms,
    clock: formatCountdown(ms),
    words: countdownWords(ms),
    announcement: countdownAnnouncement(ms),
    low: ms <= LOW_OFFER_MS,
    over: ms === 0,
  };
}

// The API's refusals of a join.

export type WaitlistRefusal =
  /** Enough seats are open: book instead. */
  | { kind: 'seats-available'; detail: string }
  /** The event is past or cancelled. */
  | { kind: 'closed'; detail: string }
  /** A field was refused (`seats`, `ticketTypeId`). */
  | { kind: 'field'; field: string; detail: string };

function problemCode(error: ApiError): string {
  return (error.type ?? '').split('/').pop() ?? '';
}

/** Reads a refused join; `null` for anything else (network trouble, a busy service). */
export function waitlistRefusal(error: unknown): WaitlistRefusal | null {
  if (!(error instanceof ApiError)) return null;
  const code = problemCode(error);
  const detail = error.detail ?? error.title;
  if (error.status === 409 && code === 'seats-available') return { kind: 'seats-available', detail };
  if (error.status === 409 && (code === 'event-past' || code === 'event-cancelled')) return { kind: 'closed', detail };
  if (error.status === 422) {
    const [field, message] = Object.entries(error.fieldErrors)[0] ?? [];
    if (field && message) return { kind: 'field', field, detail: message };
  }
  return null;
}

// The organizer's view.

/** The page's counts, labelled, in the order shown. */
export function waitlistCounts(page: Pick<WaitlistPage, 'waiting' | 'waitingSeats' | 'offered' | 'booked' | 'lapsed'>): { key: string; label: string; value: number }[] {
  return [
    { key: 'waiting', label: 'Waiting', value: page.waiting },
    { key: 'seats', label: 'Seats wanted', value: page.waitingSeats },
    { key: 'offered', label: 'Offered', value: page.offered },
    { key: 'booked', label: 'Booked', value: page.booked },
    { key: 'lapsed', label: 'Lapsed', value: page.lapsed },
  ];
}

/** "Entries 21–40" of a page starting at `offset` with `count` entries; "No entries" for none. */
export function pageRangeText(offset: number, count: number): string {
  if (count <= 0) return 'No entries';
  return count === 1 ? `Entry ${offset + 1}` : `Entries ${offset + 1}–${offset + count}`;
}

/** The offset of the page before the one at `offset`; `null` on the first. */
export function previousOffset(offset: number, limit: number): number | null {
  return offset <= 0 ? null : Math.max(0, offset - limit);
}

/** The offer's expiry as the organizer's list shows it: "until 1 Jun 2030, 18:15", or "—" for an entry without an offer. */
export function offerExpiryText(entry: Pick<WaitlistEntry, 'state' | 'offer'>, options: FormatOptions = {}): string {
  if (entry.state !== 'offered' || !entry.offer) return '—';
  return entry.offer.expiresAt ? `until ${formatDateTime(entry.offer.expiresAt, options)}` : 'being made';
}

/** A one-line explanation of each order, for the event form. */
export const WAITLIST_ORDERS: readonly { value: WaitlistOrder; label: string; hint: string }[] = [
  {
    value: 'strict',
    label: 'Strict order',
    hint: 'Nobody is overtaken: a group at the head of the line waits until enough seats are free for all of it.',
  },
  {
    value: 'fit',
    label: 'First group that fits',
    hint: 'Seats go to the first group they are enough for: offered sooner, but smaller groups may go ahead of larger ones.',
  },
];
