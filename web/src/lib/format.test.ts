import { describe, expect, it } from 'vitest';
import {
  formatDateTime, formatEventDate, formatPrice, formatRelative, fromLocalInput, isPast, joinEventDate, offsetString, plural, splitEventDate,
  toLocalInput, todayIso,
} from './format';

const utc = { locale: 'en-GB', timeZone: 'UTC' };

describe('formatEventDate', () => {
  it('shows a calendar date as that day in any zone', () => {
    expect(formatEventDate('2030-06-15', { locale: 'en-GB' })).toMatch(/^Sat,? 15 Jun 2030$/);
  });
  it('shows a date-time with its time in the given zone', () => {
    expect(formatEventDate('2030-06-15T17:30:00Z', utc)).toMatch(/^Sat,? 15 Jun 2030,? 17:30$/);
    expect(formatEventDate('2030-06-15T17:30:00Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toMatch(/^Sat,? 15 Jun 2030,? 19:30$/);
  });
  it('returns what it cannot read unchanged', () => {
    expect(formatEventDate('someday')).toBe('someday');
  });
});

describe('formatDateTime and formatRelative', () => {
  const now = Date.parse('2030-06-15T12:00:00Z');
  it('formats timestamps', () => {
    expect(formatDateTime('2030-06-15T08:05:00Z', utc)).toMatch(/^15 Jun 2030,? 08:05$/);
  });
  it('says how long ago', () => {
    expect(formatRelative('2030-06-15T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2030-06-15T11:55:00Z', now)).toBe('5 min ago');
    expect(formatRelative('2030-06-15T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2030-06-14T12:00:00Z', now)).toBe('1 day ago');
    expect(formatRelative('2030-06-12T12:00:00Z', now)).toBe('3 days ago');
    expect(formatRelative('2030-05-01T12:00:00Z', now, utc)).toMatch(/^1 May 2030,? 12:00$/);
  });
});

describe('event date fields', () => {
  it('joins a date and a time with the local offset', () => {
    expect(joinEventDate('2030-06-15', '')).toBe('2030-06-15');
    expect(joinEventDate('2030-06-15', '19:30', () => 120)).toBe('2030-06-15T19:30:00+02:00');
    expect(joinEventDate('2030-01-15', '08:00', () => -330)).toBe('2030-01-15T08:00:00-05:30');
  });
  it('splits a calendar date without a time', () => {
    expect(splitEventDate('2030-06-15')).toEqual({ date: '2030-06-15', time: '' });
    expect(splitEventDate('garbage')).toEqual({ date: '', time: '' });
  });
  it('round-trips a date-time through the local zone', () => {
    const joined = joinEventDate('2030-06-15', '19:30');
    const utcValue = new Date(Date.parse(joined)).toISOString().replace('.000', '');
    expect(splitEventDate(utcValue)).toEqual({ date: '2030-06-15', time: '19:30' });
  });
  it('formats offsets', () => {
    expect(offsetString(0)).toBe('+00:00');
    expect(offsetString(345)).toBe('+05:45');
    expect(offsetString(-600)).toBe('-10:00');
  });
});

describe('isPast', () => {
  const now = new Date(2030, 5, 15, 12, 0);
  it('compares calendar dates by day', () => {
    expect(todayIso(now)).toBe('2030-06-15');
    expect(isPast('2030-06-15', now)).toBe(false);
    expect(isPast('2030-06-14', now)).toBe(true);
  });
  it('compares date-times by instant', () => {
    expect(isPast(new Date(2030, 5, 15, 11, 0).toISOString(), now)).toBe(true);
    expect(isPast(new Date(2030, 5, 15, 13, 0).toISOString(), now)).toBe(false);
  });
});

describe('small formatters', () => {
  it('pluralizes', () => {
    expect(plural(1, 'seat')).toBe('1 seat');
    expect(plural(8, 'seat')).toBe('8 seats');
    expect(plural(0, 'person', 'people')).toBe('0 people');
  });
  it('formats prices and survives unknown currencies', () => {
    expect(formatPrice({ amount: 25, currency: 'EUR' }, 'en-GB')).toBe('€25.00');
    expect(formatPrice({ amount: 5, currency: 'NOT-A-CODE' }, 'en-GB')).toBe('5 NOT-A-CODE');
    expect(formatPrice(null)).toBeNull();
  });
});

describe('datetime-local values', () => {
  it('sends a local date-time with the local offset', () => {
    expect(fromLocalInput('2030-06-01T18:30', () => 120)).toBe('2030-06-01T18:30:00+02:00');
    expect(fromLocalInput('')).toBeNull();
  });
  it('shows a date-time of the API in the local zone, and nothing for a missing one', () => {
    expect(toLocalInput(fromLocalInput('2030-06-01T18:30'))).toBe('2030-06-01T18:30');
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('2030-06-01')).toBe('');
  });
});
