import { describe, expect, it } from 'vitest';
import { NOT_ON_SALE, notOnSale, onSaleBadgeText, onSaleText, pendingOpening, waitingRoomText } from './onsale';
import { ApiError, problemToError } from './problem';

const utc = { locale: 'en-GB', timeZone: 'UTC' };
const now = Date.parse('2030-05-01T12:00:00Z');

describe('pendingOpening', () => {
  it('names an opening still to come only', () => {
    expect(pendingOpening({ onSaleAt: '2030-06-01T10:00:00Z' }, now)).toBe('2030-06-01T10:00:00Z');
    expect(pendingOpening({ onSaleAt: '2030-05-01T12:00:00Z' }, now)).toBeNull();
    expect(pendingOpening({ onSaleAt: '2030-04-01T10:00:00Z' }, now)).toBeNull();
    expect(pendingOpening({ onSaleAt: null }, now)).toBeNull();
    expect(pendingOpening({}, now)).toBeNull();
    expect(pendingOpening({ onSaleAt: 'soon' }, now)).toBeNull();
  });
});

describe('texts', () => {
  it('says when the sales open', () => {
    expect(onSaleText('2030-06-01T10:00:00Z', utc)).toBe('On sale from 1 Jun 2030, 10:00');
  });
  it('keeps the badge short, with the year only when it differs', () => {
    expect(onSaleBadgeText('2030-06-01T10:00:00Z', new Date(now), utc)).toBe('On sale 1 Jun');
    expect(onSaleBadgeText('2031-01-02T10:00:00Z', new Date(now), utc)).toBe('On sale 2 Jan 2031');
  });
  it('says when the waiting room opens', () => {
    expect(waitingRoomText('2030-06-01T10:00:00Z', utc)).toBe('A waiting room opens 30 minutes before the sales, at 1 Jun 2030, 09:30.');
  });
});

describe('notOnSale', () => {
  it('reads the refusal of a booking before the sales open', () => {
    const error = problemToError(409, {
      type: NOT_ON_SALE, title: 'Not on sale yet', status: 409, detail: 'Bookings open at 2030-06-01T10:00:00Z.', opensAt: '2030-06-01T10:00:00Z',
    });
    expect(notOnSale(error)).toEqual({ detail: 'Bookings open at 2030-06-01T10:00:00Z.', opensAt: '2030-06-01T10:00:00Z' });
    expect(notOnSale(problemToError(409, { type: NOT_ON_SALE }))).toEqual({ detail: 'This event is not on sale yet.', opensAt: null });
  });
  it('leaves other errors alone', () => {
    expect(notOnSale(problemToError(409, { type: 'https://eventbook.dev/problems/sold-out', detail: 'Sold out' }))).toBeNull();
    expect(notOnSale(new ApiError({ status: 422, title: 'Invalid', type: NOT_ON_SALE }))).toBeNull();
    expect(notOnSale(new Error('boom'))).toBeNull();
  });
});
