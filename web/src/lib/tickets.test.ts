import { describe, expect, it } from 'vitest';
import type { OrganizerTicketType, TicketType } from '../api';
import { ApiError } from './problem';
import {
  bookingFailure, bookingLimit, hasPrices, emptyTicketTypeForm, formToTicketTypeInput, isSingleType, lineText,
  newTicketTypeBody, paymentText, priceText, quantityMax, revenue, salesState, salesStateText, salesWindowText,
  selectionItems, selectionTotal, ticketTypeChanges, ticketTypeToForm, totalText, validateTicketType, withTypeNames,
} from './tickets';
import { formatTotals } from './money';

const now = new Date('2030-05-01T12:00:00Z');
const utc = { locale: 'en-GB', timeZone: 'UTC' };

function type(overrides: Partial<TicketType> = {}): TicketType {
  return {
    id: 'ev1-ga', name: 'General admission', description: null, price: { amount: 12.5, currency: 'EUR' },
    quota: 100, available: 50, onSale: true, salesStart: null, salesEnd: null, maxPerBooking: null, ...overrides,
  };
}

const standard = type({ id: 'std', name: 'Standard' });
const vip = type({ id: 'vip', name: 'VIP', price: { amount: 25, currency: 'EUR' }, quota: 2, available: 2, maxPerBooking: 2 });

describe('sales state', () => {
  it('is on sale, with its end when it has one', () => {
    expect(salesState(type(), now)).toEqual({ kind: 'on-sale', until: null });
    expect(salesStateText(salesState(type({ salesEnd: '2030-05-10T18:00:00Z' }), now), utc)).toBe('On sale until 10 May 2030, 18:00');
  });

  it('explains why a type is not on sale', () => {
    expect(salesStateText(salesState(type({ onSale: false, salesStart: '2030-06-01T09:00:00Z' }), now), utc))
      .toBe('On sale from 1 Jun 2030, 09:00');
    expect(salesStateText(salesState(type({ onSale: false, salesEnd: '2030-04-01T00:00:00Z' }), now))).toBe('Sales ended');
    expect(salesStateText(salesState(type({ available: 0 }), now))).toBe('Sold out');
    expect(salesStateText(salesState(type({ onSale: false }), now))).toBe('Not on sale');
  });

  it('describes the window for the organizer', () => {
    expect(salesWindowText(type())).toBe('Until the event starts');
    expect(salesWindowText(type({ salesStart: '2030-06-01T09:00:00Z', salesEnd: '2030-06-10T09:00:00Z' }), utc))
      .toBe('From 1 Jun 2030, 09:00 until 10 Jun 2030, 09:00');
  });
});

describe('quantities', () => {
  const event = { maxSeatsPerBooking: null };

  it('caps the booking at 10 seats, or the event’s lower limit', () => {
    expect(bookingLimit(event)).toBe(10);
    expect(bookingLimit({ maxSeatsPerBooking: 4 })).toBe(4);
    expect(bookingLimit({ maxSeatsPerBooking: 50 })).toBe(10);
  });

  it('bounds each type by what is left, its own limit and the room the other picks leave', () => {
    expect(quantityMax(standard, {}, event, now)).toBe(10);
    expect(quantityMax(vip, {}, event, now)).toBe(2);
    expect(quantityMax(standard, { std: 3, vip: 2 }, event, now)).toBe(8);
    expect(quantityMax(type({ available: 3 }), {}, event, now)).toBe(3);
    expect(quantityMax(vip, { std: 9 }, event, now)).toBe(1);
    expect(quantityMax(vip, { std: 10 }, event, now)).toBe(0);
    expect(quantityMax(type({ onSale: false }), {}, event, now)).toBe(0);
  });

  it('sends the picked lines in the event’s order', () => {
    expect(selectionItems([standard, vip], { vip: 1, std: 2 })).toEqual([
      { ticketTypeId: 'std', quantity: 2 }, { ticketTypeId: 'vip', quantity: 1 },
    ]);
    expect(selectionItems([standard, vip], { std: 0 })).toEqual([]);
  });

  it('totals the picks in minor units, with the event’s price for a type without one', () => {
    const total = selectionTotal([standard, vip], { std: 1, vip: 1 }, { price: null });
    expect(formatTotals(total, '', 'en-GB')).toBe('€37.50');
    const cheap = [type({ id: 'a', price: { amount: 0.1, currency: 'EUR' } }), type({ id: 'b', price: null })];
    expect(formatTotals(selectionTotal(cheap, { a: 1, b: 1 }, { price: { amount: 0.2, currency: 'EUR' } }), '', 'en-GB')).toBe('€0.30');
    expect(totalText(selectionTotal([type({ price: null })], { 'ev1-ga': 2 }, { price: null }))).toBe('Free');
  });

  it('shows prices, and no price or zero as Free', () => {
    expect(priceText({ amount: 25, currency: 'EUR' }, 'en-GB')).toBe('€25.00');
    expect(priceText({ amount: 0, currency: 'EUR' })).toBe('Free');
    expect(priceText(null)).toBe('Free');
  });

  it('keeps the plain picker for a single type', () => {
    expect(isSingleType({ ticketTypes: [type()] })).toBe(true);
    expect(isSingleType({})).toBe(true);
    expect(isSingleType({ ticketTypes: [standard, vip] })).toBe(false);
  });
});

describe('refusals', () => {
  const types = [standard, vip];

  it('names the type that is short', () => {
    const error = new ApiError({
      status: 409, title: 'Conflict', detail: 'Not enough seats of ticket type vip are left.',
      fieldErrors: { items: 'not enough seats of ticket type vip are left' },
    });
    expect(bookingFailure(error, types)).toBe('Sorry: not enough seats of “VIP” are left. Pick fewer or another ticket type.');
  });

  it('names a type not on sale and a line that is refused', () => {
    const closed = new ApiError({ status: 409, title: 'Conflict', detail: 'Ticket type std is not on sale now.' });
    expect(bookingFailure(closed, types)).toBe('“Standard” is not on sale now.');
    const tooMany = new ApiError({ status: 422, title: 'Invalid', fieldErrors: { items: 'ticket type vip allows fewer seats per booking' } });
    expect(bookingFailure(tooMany, types)).toBe('“VIP” allows fewer seats per booking.');
    const line = new ApiError({ status: 422, title: 'Invalid', fieldErrors: { 'items[1].quantity': 'must be at least 1' } });
    expect(bookingFailure(line, types)).toBe('Must be at least 1.');
  });

  it('replaces the longest ids first', () => {
    expect(withTypeNames('ticket type ab-1 and ab', [{ id: 'ab', name: 'A' }, { id: 'ab-1', name: 'B' }])).toBe('“B” and “A”');
  });

  it('tells a pending booking apart', () => {
    expect(bookingFailure(new ApiError({ status: 503, title: 'Busy' }), types)).toMatch(/being processed/);
  });
});

describe('payment', () => {
  const total = { amount: 37.5, currency: 'EUR' };

  it('says what is left to pay and where', () => {
    expect(paymentText({ status: 'confirmed', total, paymentStatus: 'due' }, 'en-GB'))
      .toBe('€37.50 to pay at the door or as the organizer tells you');
    expect(paymentText({ status: 'confirmed', total, paymentStatus: 'paid' })).toBe('Paid');
    expect(paymentText({ status: 'confirmed', total: null, paymentStatus: 'none' })).toBe('Free');
    expect(paymentText({ status: 'confirmed', total: { amount: 0, currency: 'EUR' }, paymentStatus: 'none' })).toBe('Free');
    expect(paymentText({ status: 'cancelled', total, paymentStatus: 'due' })).toBeNull();
  });

  it('prices only settled bookings', () => {
    expect(hasPrices({ status: 'confirmed' })).toBe(true);
    expect(hasPrices({ status: 'cancelled' })).toBe(true);
    expect(hasPrices({ status: 'pending' })).toBe(false);
    expect(hasPrices({ status: 'rejected' })).toBe(false);
  });

  it('shows a line with its subtotal', () => {
    expect(lineText({ quantity: 3, unitPrice: { amount: 12.5, currency: 'EUR' } }, 'en-GB')).toBe('3 × €12.50 = €37.50');
    expect(lineText({ quantity: 2, unitPrice: null })).toBe('2 × Free');
  });

  it('sums revenue paid and due in minor units', () => {
    const cents = (amount: number) => ({ amount, currency: 'EUR' });
    const { paid, due } = revenue([
      { status: 'confirmed', total: cents(0.1), paymentStatus: 'paid' },
      { status: 'confirmed', total: cents(0.2), paymentStatus: 'paid' },
      { status: 'confirmed', total: cents(37.5), paymentStatus: 'due' },
      { status: 'cancelled', total: cents(99), paymentStatus: 'due' },
      { status: 'confirmed', total: null, paymentStatus: 'none' },
    ]);
    expect(paid.get('EUR')).toBe(30);
    expect(due.get('EUR')).toBe(3750);
  });
});

describe('the ticket type form', () => {
  it('checks names, prices in the currency’s decimals, quotas and the sales window', () => {
    const values = { ...emptyTicketTypeForm(), name: ' ', priceAmount: '12.345', quota: '0', salesStart: '2030-06-02T10:00', salesEnd: '2030-06-01T10:00' };
    expect(validateTicketType(values)).toEqual({
      name: 'Enter a name, such as VIP.',
      priceAmount: 'Enter an amount such as 25 or 25.50.',
      quota: 'Enter a whole number from 1 to 1,000,000.',
      salesEnd: 'End the sales after they start.',
    });
    expect(validateTicketType({ ...emptyTicketTypeForm('JPY'), name: 'A', quota: '5', priceAmount: '10.5' }).priceAmount)
      .toBe('Enter a whole amount such as 25.');
    expect(validateTicketType({ ...emptyTicketTypeForm(), name: 'VIP', quota: '1' }, { sold: 2 }).quota).toBe('2 already sold; the quota cannot be lower.');
    expect(validateTicketType({ ...emptyTicketTypeForm(), name: 'VIP', quota: '2', priceAmount: '25', maxPerBooking: '101' }))
      .toEqual({ maxPerBooking: 'Enter a whole number from 1 to 100, or leave empty.' });
  });

  it('builds the body for a new type, leaving out what is empty', () => {
    const input = formToTicketTypeInput({ ...emptyTicketTypeForm(), name: ' VIP ', quota: '2', priceAmount: '25', priceCurrency: 'eur' });
    expect(newTicketTypeBody(input)).toEqual({ name: 'VIP', quota: 2, price: { amount: 25, currency: 'EUR' } });
  });

  it('changes only what differs, and clears with null', () => {
    const current: OrganizerTicketType = {
      ...vip, description: 'Front rows', salesEnd: null, sold: 1, hidden: false,
    };
    const form = ticketTypeToForm(current);
    expect(ticketTypeChanges(current, formToTicketTypeInput(form))).toEqual({});
    const next = formToTicketTypeInput({ ...form, description: '', quota: '3', maxPerBooking: '' });
    expect(ticketTypeChanges(current, next)).toEqual({ description: null, quota: 3, maxPerBooking: null });
  });
});
