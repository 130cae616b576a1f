// Ticket types: what a buyer may pick, what it comes to, how a refusal reads,
// what a booking leaves to pay, and the organizer's form for a type.

import type { Booking, BookingItemInput, EventItem, OrganizerTicketType, Price, TicketType, TicketTypeInput } from '../api';
import { ApiError, errorMessage, sentence } from './problem';
import { formatDateTime, fromLocalInput, toLocalInput, type FormatOptions } from './format';
import { addTo, formatTotals, isZero, minorDigits, type Totals } from './money';
import type { Errors } from './validation';

/** The most seats one booking may hold in all (the server's `--max-seats` default). */
export const MAX_SEATS_PER_BOOKING = 10;

/** Quantities picked, by ticket type id. */
export type Quantities = Record<string, number>;

export type SalesState =
  | { kind: 'on-sale'; until: string | null }
  | { kind: 'not-yet'; from: string }
  | { kind: 'ended' }
  | { kind: 'sold-out' }
  | { kind: 'closed' };

function before(value: string | null, nowMs: number): boolean {
  if (!value) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && ms <= nowMs;
}

/** Where a type stands for a buyer; the server's `onSale` decides, its sales window explains. */
export function salesState(type: Pick<TicketType, 'onSale' | 'available' | 'salesStart' | 'salesEnd'>, now: Date = new Date()): SalesState {
  const nowMs = now.getTime();
  if (!type.onSale) {
    if (type.salesStart && !before(type.salesStart, nowMs)) return { kind: 'not-yet', from: type.salesStart };
    if (before(type.salesEnd, nowMs)) return { kind: 'ended' };
    return { kind: 'closed' };
  }
  if (type.available <= 0) return { kind: 'sold-out' };
  return { kind: 'on-sale', until: type.salesEnd };
}

export function salesStateText(state: SalesState, options: FormatOptions = {}): string {
  switch (state.kind) {
    case 'on-sale': return state.until ? `On sale until ${formatDateTime(state.until, options)}` : 'On sale';
    case 'not-yet': return `On sale from ${formatDateTime(state.from, options)}`;
    case 'ended': return 'Sales ended';
    case 'sold-out': return 'Sold out';
    case 'closed': return 'Not on sale';
  }
}

/** The organizer's view of a type's sales window: "From … until …", "Until the event starts". */
export function salesWindowText(type: Pick<TicketType, 'salesStart' | 'salesEnd'>, options: FormatOptions = {}): string {
  const from = type.salesStart ? `From ${formatDateTime(type.salesStart, options)}` : '';
  const until = type.salesEnd ? `until ${formatDateTime(type.salesEnd, options)}` : 'until the event starts';
  return from ? `${from} ${until}` : until.charAt(0).toUpperCase() + until.slice(1);
}

/** The most seats one booking of the event may hold in all. */
export function bookingLimit(event: Pick<EventItem, 'maxSeatsPerBooking'>, globalMax = MAX_SEATS_PER_BOOKING): number {
  return Math.min(event.maxSeatsPerBooking ?? globalMax, globalMax);
}

export function seatsPicked(quantities: Quantities): number {
  return Object.values(quantities).reduce((sum, n) => sum + Math.max(0, n), 0);
}

/**
 * The most of `type` that may be picked given the other picks: what is left
 * of it, its per-booking limit, and what the booking's limit leaves; 0 when
 * it is not on sale.
 */
export function quantityMax(
  type: TicketType,
  quantities: Quantities,
  event: Pick<EventItem, 'maxSeatsPerBooking'>,
  now: Date = new Date(),
  globalMax = MAX_SEATS_PER_BOOKING,
): number {
  if (salesState(type, now).kind !== 'on-sale') return 0;
  const others = seatsPicked(quantities) - Math.max(0, quantities[type.id] ?? 0);
  const room = bookingLimit(event, globalMax) - others;
  return Math.max(0, Math.min(type.available, type.maxPerBooking ?? Infinity, room));
}

/** The lines to send: types with a quantity above zero, in the event's order. */
export function selectionItems(types: readonly TicketType[], quantities: Quantities): BookingItemInput[] {
  return types
    .filter((t) => (quantities[t.id] ?? 0) > 0)
    .map((t) => ({ ticketTypeId: t.id, quantity: quantities[t.id] }));
}

/** A type's price for a buyer: its own, else the event's; `null` when free. */
export function typePrice(type: Pick<TicketType, 'price'>, event: Pick<EventItem, 'price'>): Price | null {
  return type.price ?? event.price ?? null;
}

/** What the picks come to, in minor units by currency (empty when nothing picked has a price). */
export function selectionTotal(types: readonly TicketType[], quantities: Quantities, event: Pick<EventItem, 'price'>): Totals {
  const totals: Totals = new Map();
  for (const item of selectionItems(types, quantities)) {
    const type = types.find((t) => t.id === item.ticketTypeId)!;
    addTo(totals, typePrice(type, event), item.quantity);
  }
  return totals;
}

/** "€25.00" or "Free". */
export function priceText(price: Price | null, locale?: string): string {
  return totalText(addTo(new Map(), price), locale);
}

/** "€37.50", or "Free" when nothing has a price or it all comes to zero. */
export function totalText(totals: Totals, locale?: string): string {
  return isZero(totals) ? 'Free' : formatTotals(totals, 'Free', locale);
}

/** An event whose only type is on sale alone keeps the plain "how many seats" picker. */
export function isSingleType(event: Pick<EventItem, 'ticketTypes'>): boolean {
  return (event.ticketTypes?.length ?? 0) <= 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A message of the server with ticket type ids replaced by the types' names. */
export function withTypeNames(message: string, types: readonly Pick<TicketType, 'id' | 'name'>[]): string {
  let text = message;
  for (const type of [...types].sort((a, b) => b.id.length - a.id.length)) {
    text = text.replace(new RegExp(`(ticket type )?${escapeRegExp(type.id)}`, 'gi'), `“${type.name}”`);
  }
  return text;
}

/** A refused booking in plain words, naming the ticket type at fault. */
export function bookingFailure(error: unknown, types: readonly Pick<TicketType, 'id' | 'name'>[]): string {
  if (error instanceof ApiError) {
    if (error.status === 409) {
      const said = error.fieldErrors.items ?? error.detail;
      if (!said) return 'These seats are no longer available.';
      const text = sentence(withTypeNames(said, types));
      return /not enough/i.test(text) ? `Sorry: ${text.charAt(0).toLowerCase()}${text.slice(1)} Pick fewer or another ticket type.` : text;
    }
    if (error.status === 503) {
      return 'Your booking is being processed. Check My bookings in a few seconds to see whether it was confirmed.';
    }
    if (error.status === 422) {
      const line = error.fieldErrors.items ?? error.fieldErrors.seats
        ?? Object.entries(error.fieldErrors).find(([field]) => field.startsWith('items['))?.[1];
      if (line) return sentence(withTypeNames(line, types));
    }
  }
  return errorMessage(error);
}

/** Whether a booking's lines carry the prices it was booked at (a pending or refused one holds only what was asked for). */
export function hasPrices(booking: Pick<Booking, 'status'>): boolean {
  return booking.status === 'confirmed' || booking.status === 'cancelled';
}

/** What a booking leaves to pay, in plain words; `null` when it is not confirmed. */
export function paymentText(booking: Pick<Booking, 'status' | 'total' | 'paymentStatus'>, locale?: string): string | null {
  if (booking.status !== 'confirmed') return null;
  if (booking.paymentStatus === 'paid') return 'Paid';
  const total = totalText(addTo(new Map(), booking.total), locale);
  return total === 'Free' ? 'Free' : `${total} to pay at the door or as the organizer tells you`;
}

/** A line's subtotal ("2 × €12.50 = €25.00"), or "2 × Free". */
export function lineText(line: { quantity: number; unitPrice: Price | null }, locale?: string): string {
  if (!line.unitPrice || priceText(line.unitPrice, locale) === 'Free') return `${line.quantity} × Free`;
  const sum = addTo(new Map(), line.unitPrice, line.quantity);
  return `${line.quantity} × ${priceText(line.unitPrice, locale)} = ${formatTotals(sum, '', locale)}`;
}

/** Sums of the bookings' totals: paid, and due (confirmed bookings only), in minor units by currency. */
export function revenue(bookings: readonly Pick<Booking, 'status' | 'total' | 'paymentStatus'>[]): { paid: Totals; due: Totals } {
  const paid: Totals = new Map();
  const due: Totals = new Map();
  for (const b of bookings) {
    if (b.paymentStatus === 'paid') addTo(paid, b.total);
    else if (b.paymentStatus === 'due' && b.status === 'confirmed') addTo(due, b.total);
  }
  return { paid, due };
}

// The organizer's form for one ticket type.

export interface TicketTypeFormValues {
  name: string;
  description: string;
  priceAmount: string;
  priceCurrency: string;
  quota: string;
  salesStart: string;
  salesEnd: string;
  maxPerBooking: string;
  hidden: boolean;
}

export type TicketTypeField = Exclude<keyof TicketTypeFormValues, 'hidden'>;

export const ticketTypeFields: readonly TicketTypeField[] = [
  'name', 'description', 'priceAmount', 'priceCurrency', 'quota', 'salesStart', 'salesEnd', 'maxPerBooking',
];

/** Server field names that belong to another form field. */
export const ticketTypeFieldAliases: Record<string, TicketTypeField> = {
  price: 'priceAmount',
  'price.amount': 'priceAmount',
  'price.currency': 'priceCurrency',
};

export function emptyTicketTypeForm(currency = 'EUR'): TicketTypeFormValues {
  return {
    name: '', description: '', priceAmount: '', priceCurrency: currency, quota: '',
    salesStart: '', salesEnd: '', maxPerBooking: '', hidden: false,
  };
}

export function ticketTypeToForm(type: OrganizerTicketType, fallbackCurrency = 'EUR'): TicketTypeFormValues {
  return {
    name: type.name,
    description: type.description ?? '',
    priceAmount: type.price ? String(type.price.amount) : '',
    priceCurrency: type.price?.currency ?? fallbackCurrency,
    quota: String(type.quota),
    salesStart: toLocalInput(type.salesStart),
    salesEnd: toLocalInput(type.salesEnd),
    maxPerBooking: type.maxPerBooking == null ? '' : String(type.maxPerBooking),
    hidden: type.hidden,
  };
}

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** Checks the form; `sold` (when editing) is the lowest quota allowed. */
export function validateTicketType(v: TicketTypeFormValues, options: { sold?: number } = {}): Errors<TicketTypeField> {
  const errors: Errors<TicketTypeField> = {};
  const name = v.name.trim();
  if (!name) errors.name = 'Enter a name, such as VIP.';
  else if ([...name].length > 100) errors.name = 'Use at most 100 characters.';

  if ([...v.description].length > 2000) errors.description = 'Use at most 2,000 characters.';

  const amount = v.priceAmount.trim();
  if (amount) {
    const currency = v.priceCurrency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) errors.priceCurrency = 'Enter a three-letter currency code such as EUR.';
    const digits = errors.priceCurrency ? 2 : minorDigits(currency);
    const shape = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
    if (!shape.test(amount) || Number(amount) > 1_000_000_000) {
      errors.priceAmount = digits === 0 ? 'Enter a whole amount such as 25.' : 'Enter an amount such as 25 or 25.50.';
    }
  }

  const quota = wholeNumber(v.quota);
  if (!v.quota.trim()) errors.quota = 'Enter how many seats of this type there are.';
  else if (quota === null || quota < 1 || quota > 1_000_000) errors.quota = 'Enter a whole number from 1 to 1,000,000.';
  else if (options.sold !== undefined && quota < options.sold) {
    errors.quota = `${options.sold} already sold; the quota cannot be lower.`;
  }

  if (v.salesStart && v.salesEnd && Date.parse(v.salesEnd) <= Date.parse(v.salesStart)) {
    errors.salesEnd = 'End the sales after they start.';
  }

  if (v.maxPerBooking.trim()) {
    const max = wholeNumber(v.maxPerBooking);
    if (max === null || max < 1 || max > 100) errors.maxPerBooking = 'Enter a whole number from 1 to 100, or leave empty.';
  }
  return errors;
}

/** The fields of a valid form, as the API takes them (`null` for an empty optional field). */
export function formToTicketTypeInput(v: TicketTypeFormValues, offsetFor?: (localDate: Date) => number): TicketTypeInput {
  return {
    name: v.name.trim(),
    description: v.description.trim() || null,
    price: v.priceAmount.trim() ? { amount: Number(v.priceAmount.trim()), currency: v.priceCurrency.trim().toUpperCase() } : null,
    quota: Number(v.quota.trim()),
    salesStart: fromLocalInput(v.salesStart, offsetFor),
    salesEnd: fromLocalInput(v.salesEnd, offsetFor),
    maxPerBooking: v.maxPerBooking.trim() ? Number(v.maxPerBooking.trim()) : null,
    hidden: v.hidden,
  };
}

/** The body to create a type: empty optional fields left out. */
export function newTicketTypeBody(input: TicketTypeInput): Partial<TicketTypeInput> {
  const body: Partial<TicketTypeInput> = { ...input };
  for (const key of ['description', 'price', 'salesStart', 'salesEnd', 'maxPerBooking'] as const) {
    if (body[key] === null) delete body[key];
  }
  if (!body.hidden) delete body.hidden;
  return body;
}

/** The fields that differ from the type as it is, for a PATCH (`null` clears). */
export function ticketTypeChanges(type: OrganizerTicketType, next: TicketTypeInput): Partial<TicketTypeInput> {
  const original = formToTicketTypeInput(ticketTypeToForm(type, next.price?.currency));
  const changes: Partial<TicketTypeInput> = {};
  for (const key of Object.keys(next) as (keyof TicketTypeInput)[]) {
    if (JSON.stringify(original[key]) !== JSON.stringify(next[key])) (changes as Record<string, unknown>)[key] = next[key];
  }
  // A date-time shown to the minute keeps the server's own form when the minute is unchanged.
  for (const key of ['salesStart', 'salesEnd'] as const) {
    if (key in changes && toLocalInput(type[key]) === toLocalInput(next[key])) delete changes[key];
  }
  return changes;
}
