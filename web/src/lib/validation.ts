// Client-side checks that mirror the rules of the API (docs/api.md), so that
// most mistakes are shown before a request is sent. The server stays the
// authority: its answers are shown next to the same fields.

import type { EventInput, EventItem, WaitlistOrder } from '../api';
import { fromLocalInput, isDateOnly, isPast, joinEventDate, splitEventDate, toLocalInput } from './format';

export type Errors<K extends string> = Partial<Record<K, string>>;

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

export function validateEmail(email: string): string | undefined {
  const value = email.trim();
  if (!value) return 'Enter your e-mail address.';
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return 'Enter an e-mail address such as name@example.com.';
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > 64) return 'The part before @ can be at most 64 characters.';
  if (/\s/.test(value) || !/^[^.]+(\.[^.]+)+$/.test(domain)) return 'Enter an e-mail address such as name@example.com.';
  return undefined;
}

export type SignUpField = 'username' | 'email' | 'password';

export function validateSignUp(v: { username: string; email: string; password: string }): Errors<SignUpField> {
  const errors: Errors<SignUpField> = {};
  const username = v.username.trim();
  if (!username) errors.username = 'Choose a username.';
  else if (username.length < 3 || username.length > 32) errors.username = 'Use 3 to 32 characters.';
  else if (!USERNAME.test(username)) errors.username = 'Use only letters, digits, _ . and -.';
  const email = validateEmail(v.email);
  if (email) errors.email = email;
  const bytes = new TextEncoder().encode(v.password).length;
  if (!v.password) errors.password = 'Choose a password.';
  else if (bytes < 8) errors.password = 'Use at least 8 characters.';
  else if (bytes > 1024) errors.password = 'Use at most 1024 bytes.';
  return errors;
}

export type SignInField = 'email' | 'password';

export function validateSignIn(v: { email: string; password: string }): Errors<SignInField> {
  const errors: Errors<SignInField> = {};
  if (!v.email.trim()) errors.email = 'Enter your e-mail address.';
  if (!v.password) errors.password = 'Enter your password.';
  return errors;
}

/** The event form's values: text as the inputs hold it, and the checkbox's state. */
export interface EventFormValues {
  title: string;
  description: string;
  date: string;
  time: string;
  location: string;
  capacity: string;
  maxSeatsPerBooking: string;
  category: string;
  priceAmount: string;
  priceCurrency: string;
  holdMinutes: string;
  requireAttendeeNames: boolean;
  /** A `datetime-local` value; empty when the event is on sale at once. */
  onSaleAt: string;
  waitingRoom: boolean;
  /** Empty: the server derives the rate. */
  admitPerMinute: string;
  passMinutes: string;
  /** Whom seats that come back are offered to first. */
  waitlistOrder: WaitlistOrder;
  /** How long a waitlist offer holds its seats. */
  offerMinutes: string;
}

/** How long a checkout hold keeps its seats when the organizer says nothing (the server's default). */
export const DEFAULT_HOLD_MINUTES = 10;

/** How long a pass out of the waiting room stays valid when the organizer says nothing (the server's default). */
export const DEFAULT_PASS_MINUTES = 10;

/** How long a waitlist offer holds its seats when the organizer says nothing (the server's default). */
export const DEFAULT_OFFER_MINUTES = 15;

/** The longest a waitlist offer may hold its seats (the server's limit): a day. */
export const MAX_OFFER_MINUTES = 1440;

/** The most the waiting room may admit a minute (the server's limit). */
export const MAX_ADMIT_PER_MINUTE = 100_000;

export type EventField = keyof EventFormValues;

export const eventFields: readonly EventField[] = [
  'title', 'description', 'date', 'time', 'location', 'capacity', 'maxSeatsPerBooking', 'category', 'priceAmount', 'priceCurrency', 'holdMinutes',
  'requireAttendeeNames', 'onSaleAt', 'waitingRoom', 'admitPerMinute', 'passMinutes', 'waitlistOrder', 'offerMinutes',
];

/** Server field names that belong to another form field. */
export const eventFieldAliases: Record<string, EventField> = {
  availableSeats: 'capacity',
  capacity: 'capacity',
  price: 'priceAmount',
  'price.amount': 'priceAmount',
  'price.currency': 'priceCurrency',
};

export const emptyEventForm: EventFormValues = {
  title: '', description: '', date: '', time: '', location: '', capacity: '',
  maxSeatsPerBooking: '', category: '', priceAmount: '', priceCurrency: 'EUR', holdMinutes: String(DEFAULT_HOLD_MINUTES),
  requireAttendeeNames: false, onSaleAt: '', waitingRoom: false, admitPerMinute: '', passMinutes: String(DEFAULT_PASS_MINUTES),
  waitlistOrder: 'strict', offerMinutes: String(DEFAULT_OFFER_MINUTES),
};

export function eventToForm(event: EventItem): EventFormValues {
  const { date, time } = splitEventDate(event.date);
  return {
    title: event.title,
    description: event.description ?? '',
    date,
    time,
    location: event.location,
    capacity: String(event.capacity),
    maxSeatsPerBooking: event.maxSeatsPerBooking == null ? '' : String(event.maxSeatsPerBooking),
    category: event.category ?? '',
    priceAmount: event.price ? String(event.price.amount) : '',
    priceCurrency: event.price?.currency ?? 'EUR',
    holdMinutes: String(event.holdMinutes ?? DEFAULT_HOLD_MINUTES),
    requireAttendeeNames: event.requireAttendeeNames ?? false,
    onSaleAt: toLocalInput(event.onSaleAt ?? null),
    waitingRoom: event.waitingRoom ?? false,
    admitPerMinute: event.admitPerMinute == null ? '' : String(event.admitPerMinute),
    passMinutes: String(event.passMinutes ?? DEFAULT_PASS_MINUTES),
    waitlistOrder: event.waitlistOrder === 'fit' ? 'fit' : 'strict',
    offerMinutes: String(event.offerMinutes ?? DEFAULT_OFFER_MINUTES),
  };
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/**
 * Checks the event form. `minCapacity` is the number of seats already taken
 * (when editing); `isNew` adds the check that the date is not in the past.
 */
export function validateEvent(
  v: EventFormValues,
  options: { isNew?: boolean; minCapacity?: number; now?: Date } = {},
): Errors<EventField> {
  const errors: Errors<EventField> = {};
  const title = v.title.trim();
  if (!title) errors.title = 'Enter a title.';
  else if ([...title].length > 200) errors.title = 'Use at most 200 characters.';

  if ([...v.description].length > 10000) errors.description = 'Use at most 10,000 characters.';

  if (!v.date) errors.date = 'Choose a date.';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date) || Number.isNaN(Date.parse(v.date))) errors.date = 'Enter a date as YYYY-MM-DD.';
  else if (v.time && !/^\d{2}:\d{2}$/.test(v.time)) errors.time = 'Enter a time as HH:MM.';
  else if (options.isNew && isPast(joinEventDate(v.date, v.time), options.now)) errors.date = 'Choose a date in the future.';

  const location = v.location.trim();
  if (!location) errors.location = 'Enter a location.';
  else if ([...location].length > 200) errors.location = 'Use at most 200 characters.';

  const capacity = wholeNumber(v.capacity);
  if (!v.capacity.trim()) errors.capacity = 'Enter the number of seats.';
  else if (capacity === null || capacity < 1 || capacity > 1_000_000) errors.capacity = 'Enter a whole number from 1 to 1,000,000.';
  else if (options.minCapacity !== undefined && capacity < options.minCapacity) {
    errors.capacity = `${options.minCapacity} seats are already booked; the capacity cannot be lower.`;
  }

  if (v.maxSeatsPerBooking.trim()) {
    const max = wholeNumber(v.maxSeatsPerBooking);
    if (max === null || max < 1 || max > 100) errors.maxSeatsPerBooking = 'Enter a whole number from 1 to 100, or leave empty.';
  }

  if ([...v.category.trim()].length > 50) errors.category = 'Use at most 50 characters.';

  if (v.priceAmount.trim()) {
    const amount = Number(v.priceAmount.trim());
    if (!/^\d+(\.\d{1,2})?$/.test(v.priceAmount.trim()) || !Number.isFinite(amount)) errors.priceAmount = 'Enter an amount such as 25 or 25.50.';
    if (!/^[A-Za-z]{3}$/.test(v.priceCurrency.trim())) errors.priceCurrency = 'Enter a three-letter currency code such as EUR.';
  }

  const holdMinutes = wholeNumber(v.holdMinutes);
  if (holdMinutes === null || holdMinutes < 1 || holdMinutes > 60) errors.holdMinutes = 'Enter a whole number of minutes from 1 to 60.';

  if (v.onSaleAt) {
    const opens = Date.parse(v.onSaleAt);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v.onSaleAt) || Number.isNaN(opens)) errors.onSaleAt = 'Enter a date and time.';
    else if (!errors.date && !errors.time && v.date && !opensBeforeStart(v.onSaleAt, v.date, v.time)) {
      errors.onSaleAt = 'Open the sales before the event starts.';
    }
  }
  if (v.waitingRoom) {
    if (!v.onSaleAt) errors.waitingRoom = 'Set “On sale from” first: the waiting room opens before the sales do.';
    if (v.admitPerMinute.trim()) {
      const rate = wholeNumber(v.admitPerMinute);
      if (rate === null || rate < 1 || rate > MAX_ADMIT_PER_MINUTE) errors.admitPerMinute = 'Enter a whole number from 1 to 100,000, or leave empty.';
    }
    const pass = wholeNumber(v.passMinutes);
    if (pass === null || pass < 1 || pass > 60) errors.passMinutes = 'Enter a whole number of minutes from 1 to 60.';
  }
  if (v.waitlistOrder !== 'strict' && v.waitlistOrder !== 'fit') errors.waitlistOrder = 'Choose how seats are offered to the waitlist.';
  const offer = wholeNumber(v.offerMinutes);
  if (offer === null || offer < 1 || offer > MAX_OFFER_MINUTES) errors.offerMinutes = 'Enter a whole number of minutes from 1 to 1,440 (a day).';
  return errors;
}

/** Whether a `datetime-local` value lies before the event's start (a calendar date starts at that day's beginning). */
function opensBeforeStart(onSaleAt: string, date: string, time: string): boolean {
  const start = joinEventDate(date, time);
  if (isDateOnly(start)) return onSaleAt.slice(0, 10) < start;
  return Date.parse(onSaleAt) < Date.parse(start);
}

/** The request body for a valid form. */
export function formToEventInput(v: EventFormValues): EventInput {
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    date: joinEventDate(v.date, v.time),
    location: v.location.trim(),
    capacity: Number(v.capacity.trim()),
    maxSeatsPerBooking: v.maxSeatsPerBooking.trim() ? Number(v.maxSeatsPerBooking.trim()) : null,
    category: v.category.trim() || null,
    price: v.priceAmount.trim() ? { amount: Number(v.priceAmount.trim()), currency: v.priceCurrency.trim().toUpperCase() } : null,
    holdMinutes: Number(v.holdMinutes.trim()),
    requireAttendeeNames: v.requireAttendeeNames,
    onSaleAt: fromLocalInput(v.onSaleAt),
    waitingRoom: v.waitingRoom,
    // Without a waiting room its settings are kept as they are.
    ...(v.waitingRoom && {
      admitPerMinute: v.admitPerMinute.trim() ? Number(v.admitPerMinute.trim()) : null,
      passMinutes: Number(v.passMinutes.trim()),
    }),
    waitlistOrder: v.waitlistOrder,
    offerMinutes: Number(v.offerMinutes.trim()),
  };
}

/** The body for creating: optional fields that are empty are left out. */
export function createBody(input: EventInput): Partial<EventInput> {
  const body: Partial<EventInput> = { ...input };
  if (!body.description) delete body.description;
  if (body.category === null) delete body.category;
  if (body.price === null) delete body.price;
  if (body.maxSeatsPerBooking === null) delete body.maxSeatsPerBooking;
  if (body.holdMinutes === DEFAULT_HOLD_MINUTES) delete body.holdMinutes;
  if (!body.requireAttendeeNames) delete body.requireAttendeeNames;
  if (body.onSaleAt === null) delete body.onSaleAt;
  if (!body.waitingRoom) delete body.waitingRoom;
  if (body.admitPerMinute === null) delete body.admitPerMinute;
  if (body.passMinutes === DEFAULT_PASS_MINUTES) delete body.passMinutes;
  if (body.waitlistOrder === 'strict') delete body.waitlistOrder;
  if (body.offerMinutes === DEFAULT_OFFER_MINUTES) delete body.offerMinutes;
  return body;
}

/** The fields of `next` that differ from `event`, for a PATCH. */
export function changedFields(event: EventItem, next: EventInput): Partial<EventInput> {
  const original = formToEventInput(eventToForm(event));
  const changes: Partial<EventInput> = {};
  const keys = Object.keys(next) as (keyof EventInput)[];
  for (const key of keys) {
    if (JSON.stringify(original[key]) !== JSON.stringify(next[key])) {
      (changes as Record<string, unknown>)[key] = next[key];
    }
  }
  // An unchanged date keeps the form the server stored it in.
  if ('date' in changes && splitEventDate(event.date).date === splitEventDate(next.date).date
      && splitEventDate(event.date).time === splitEventDate(next.date).time) {
    delete changes.date;
  }
  // The same for the opening shown to the minute.
  if ('onSaleAt' in changes && toLocalInput(event.onSaleAt ?? null) === toLocalInput(next.onSaleAt ?? null)) delete changes.onSaleAt;
  return changes;
}

/** How checkout and the on-sale work: the organizer's business, so a change of only these is not announced to attendees. */
const checkoutFields: readonly (keyof EventInput)[] = [
  'holdMinutes', 'requireAttendeeNames', 'onSaleAt', 'waitingRoom', 'admitPerMinute', 'passMinutes', 'waitlistOrder', 'offerMinutes',
];

/** Whether the server tells the event's attendees about these changes. */
export function announcesChanges(changes: Partial<EventInput>): boolean {
  return Object.keys(changes).some((key) => !checkoutFields.includes(key as keyof EventInput));
}

/** The seat choices for a booking: 1 to the event's limit (or 10), never more than the seats left. */
export function seatChoices(event: Pick<EventItem, 'availableSeats' | 'maxSeatsPerBooking'>, globalMax = 10): number[] {
  const limit = Math.min(event.maxSeatsPerBooking ?? globalMax, Math.max(0, event.availableSeats));
  return Array.from({ length: limit }, (_, i) => i + 1);
}
