import { describe, expect, it } from 'vitest';
import type { WaitlistEntry } from '../api';
import { ApiError } from './problem';
import {
  canJoinWaitlist, howItWorksText, isActive, joinableSeatChoices, offerExpiryText, offerTime, pageRangeText, positionText, previousOffset,
  stateLabel, stateText, stateTitle, waitlistCounts, waitlistOpen, waitlistRefusal, waitlistSeatChoices, WAITLIST_ORDERS,
} from './waitlist';

const now = new Date('2030-06-01T18:00:00.000Z');
const event = { status: 'scheduled', date: '2030-06-15', availableSeats: 0, maxSeatsPerBooking: null };
const utc = { timeZone: 'UTC', locale: 'en-GB' };

function entry(overrides: Partial<WaitlistEntry> = {}): WaitlistEntry {
  return {
    id: 'w1', eventId: 'e1', userId: 'u1', seats: 2, ticketTypeId: null, state: 'waiting', position: 3,
    joinedAt: '2030-06-01T17:00:00Z', updatedAt: '2030-06-01T17:00:00Z', ...overrides,
  };
}

describe('joining', () => {
  it('offers groups of 1 to the booking limit, or 10', () => {
    expect(waitlistSeatChoices({ maxSeatsPerBooking: null })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(waitlistSeatChoices({ maxSeatsPerBooking: 4 })).toEqual([1, 2, 3, 4]);
    expect(waitlistSeatChoices({ maxSeatsPerBooking: 0 })).toEqual([1]);
  });

  it('is open while the event is to come and not cancelled', () => {
    expect(waitlistOpen(event, now)).toBe(true);
    expect(waitlistOpen({ ...event, status: 'cancelled' }, now)).toBe(false);
    expect(waitlistOpen({ ...event, date: '2030-05-31' }, now)).toBe(false);
    expect(waitlistOpen({ ...event, date: '2030-06-01T17:59:00Z' }, now)).toBe(false);
    expect(waitlistOpen({ ...event, date: '2030-06-01' }, now)).toBe(true); // the day itself
  });

  it('is for a group larger than the seats a new booker can have', () => {
    expect(canJoinWaitlist(event, 1, now)).toBe(true);
    expect(canJoinWaitlist({ ...event, availableSeats: 2 }, 2, now)).toBe(false);
    expect(canJoinWaitlist({ ...event, availableSeats: 2 }, 3, now)).toBe(true);
    expect(canJoinWaitlist({ ...event, availableSeats: -1 }, 1, now)).toBe(true);
    expect(canJoinWaitlist(event, 0, now)).toBe(false);
    expect(canJoinWaitlist({ ...event, status: 'cancelled' }, 1, now)).toBe(false);
    expect(canJoinWaitlist({ ...event, date: '2030-05-01' }, 1, now)).toBe(false);
  });

  it('lists only the group sizes that cannot be booked now', () => {
    expect(joinableSeatChoices(event, now)).toHaveLength(10);
    expect(joinableSeatChoices({ ...event, availableSeats: 7 }, now)).toEqual([8, 9, 10]);
    expect(joinableSeatChoices({ ...event, availableSeats: 3, maxSeatsPerBooking: 3 }, now)).toEqual([]);
    expect(joinableSeatChoices({ ...event, status: 'cancelled' }, now)).toEqual([]);
  });

  it('explains what happens, with the event\'s order and minutes', () => {
    expect(howItWorksText({ offerMinutes: 15 })).toBe(
      'When seats come back, they are offered in order of joining; you will have 15 minutes to confirm them. We notify you in your inbox and by e-mail.');
    expect(howItWorksText({})).toContain('15 minutes');
    expect(howItWorksText({ offerMinutes: 1, waitlistOrder: 'strict' })).toContain('you will have 1 minute to confirm');
    expect(howItWorksText({ offerMinutes: 30, waitlistOrder: 'fit' })).toMatch(/first group they are enough for .*30 minutes/);
  });

  it('reads the refusals of a join', () => {
    const problem = (status: number, code: string, detail = 'Because.', fieldErrors?: Record<string, string>) =>
      new ApiError({ status, title: 'Conflict', detail, type: `https://eventbook.dev/problems/${code}`, fieldErrors });
    expect(waitlistRefusal(problem(409, 'seats-available', 'Seats are available for 2: book them instead of waiting.')))
      .toEqual({ kind: 'seats-available', detail: 'Seats are available for 2: book them instead of waiting.' });
    expect(waitlistRefusal(problem(409, 'event-past'))).toEqual({ kind: 'closed', detail: 'Because.' });
    expect(waitlistRefusal(problem(409, 'event-cancelled'))).toEqual({ kind: 'closed', detail: 'Because.' });
    expect(waitlistRefusal(problem(422, 'validation', 'seats: must be from 1 to 10', { seats: 'must be from 1 to 10' })))
      .toEqual({ kind: 'field', field: 'seats', detail: 'must be from 1 to 10' });
    expect(waitlistRefusal(problem(503, 'unavailable'))).toBeNull();
    expect(waitlistRefusal(new Error('boom'))).toBeNull();
  });
});

describe('a place in line', () => {
  it('says where one stands and for how many seats', () => {
    expect(positionText(entry())).toBe('You are number 3 in line for 2 seats.');
    expect(positionText(entry({ position: 1, seats: 1 }))).toBe('You are number 1 in line for 1 seat: you are next.');
    expect(positionText(entry({ position: null }))).toBe('You are in line for 2 seats.');
    expect(positionText(entry({ position: 1200 }), 'en-GB')).toBe('You are number 1,200 in line for 2 seats.');
  });

  it('is active while waiting or offered', () => {
    expect(isActive(entry())).toBe(true);
    expect(isActive(entry({ state: 'offered' }))).toBe(true);
    for (const state of ['booked', 'lapsed', 'left'] as const) expect(isActive(entry({ state }))).toBe(false);
  });

  it('has a headline and an explanation for every state', () => {
    expect(stateTitle('waiting')).toBe('You are on the waitlist');
    expect(stateTitle('offered')).toBe('Seats are held for you');
    expect(stateTitle('booked')).toBe('Booked from the waitlist');
    expect(stateTitle('lapsed')).toBe('Your offer has lapsed');
    expect(stateTitle('left')).toBe('You left the waitlist');
    expect(stateText(entry())).toBe('You are number 3 in line for 2 seats.');
    expect(stateText(entry({ state: 'offered', position: null, offer: { holdId: 'h1', expiresAt: '2030-06-01T18:15:00Z' } }), utc))
      .toBe('2 seats came back and are held for you until 1 Jun 2030, 18:15. Confirm before then, or they go to the next in line.');
    expect(stateText(entry({ state: 'offered', seats: 1, offer: { holdId: 'h1', expiresAt: null } })))
      .toBe('1 seat came back and is held for you. Confirm before then, or they go to the next in line.');
    expect(stateText(entry({ state: 'booked' }))).toBe('The 2 seats offered to you from the waitlist are booked.');
    expect(stateText(entry({ state: 'booked', seats: 1 }))).toBe('The 1 seat offered to you from the waitlist is booked.');
    expect(stateText(entry({ state: 'lapsed' }))).toMatch(/not confirmed in time.*join the waitlist again/);
    expect(stateText(entry({ state: 'left' }))).toMatch(/no longer in line.*join again/);
  });

  it('counts an offer down with the checkout\'s countdown', () => {
    const at = Date.parse('2030-06-01T18:00:00Z');
    expect(offerTime('2030-06-01T18:15:00Z', at)).toEqual({
      ms: 900_000, clock: '15:00', words: '15 minutes left', announcement: '15 minutes left', low: false, over: false,
    });
    expect(offerTime('2030-06-01T18:00:45Z', at)).toMatchObject({ clock: '0:45', words: '45 seconds left', announcement: '1 minute left', low: true });
    expect(offerTime('2030-06-01T17:59:00Z', at)).toMatchObject({ ms: 0, clock: '0:00', words: 'No time left', over: true });
    expect(offerTime(null, at)).toMatchObject({ ms: 0, over: true });
    expect(offerTime(undefined, at).over).toBe(true);
  });
});

describe('the organizer\'s view', () => {
  it('labels the counts', () => {
    expect(waitlistCounts({ waiting: 3, waitingSeats: 7, offered: 1, booked: 2, lapsed: 0 })).toEqual([
      { key: 'waiting', label: 'Waiting', value: 3 },
      { key: 'seats', label: 'Seats wanted', value: 7 },
      { key: 'offered', label: 'Offered', value: 1 },
      { key: 'booked', label: 'Booked', value: 2 },
      { key: 'lapsed', label: 'Lapsed', value: 0 },
    ]);
  });

  it('names states and offers', () => {
    expect(['waiting', 'offered', 'booked', 'lapsed', 'left'].map((s) => stateLabel(s as WaitlistEntry['state'])))
      .toEqual(['Waiting', 'Offered', 'Booked', 'Lapsed', 'Left']);
    expect(offerExpiryText(entry())).toBe('—');
    expect(offerExpiryText(entry({ state: 'offered', offer: { holdId: 'h1', expiresAt: '2030-06-01T18:15:00Z' } }), utc)).toBe('until 1 Jun 2030, 18:15');
    expect(offerExpiryText(entry({ state: 'offered', offer: { holdId: 'h1', expiresAt: null } }))).toBe('being made');
  });

  it('pages by offset', () => {
    expect(pageRangeText(0, 20)).toBe('Entries 1–20');
    expect(pageRangeText(20, 1)).toBe('Entry 21');
    expect(pageRangeText(0, 0)).toBe('No entries');
    expect(previousOffset(0, 20)).toBeNull();
    expect(previousOffset(20, 20)).toBe(0);
    expect(previousOffset(30, 20)).toBe(10);
  });

  it('explains both orders in one line each', () => {
    expect(WAITLIST_ORDERS.map((o) => o.value)).toEqual(['strict', 'fit']);
    expect(WAITLIST_ORDERS[0].hint).toMatch(/Nobody is overtaken/);
    expect(WAITLIST_ORDERS[1].hint).toMatch(/smaller groups may go ahead/);
  });
});
