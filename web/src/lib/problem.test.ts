import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, mapFieldErrors, parseRetryAfter, problemToError, sentence } from './problem';

describe('problemToError', () => {
  it('collects field errors of a validation problem', () => {
    const error = problemToError(422, {
      type: 'https://eventbook.dev/problems/validation-failed',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The request has invalid fields.',
      errors: [
        { field: 'email', message: 'is not a valid e-mail address' },
        { field: 'password', message: 'must be at least 8 characters long' },
        { field: 'email', message: 'a second message for the same field' },
      ],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.type).toBe('https://eventbook.dev/problems/validation-failed');
    expect(error.fieldErrors).toEqual({
      email: 'is not a valid e-mail address',
      password: 'must be at least 8 characters long',
    });
    expect(error.hasFieldErrors).toBe(true);
  });

  it('keeps the members a route adds to its problems', () => {
    const error = problemToError(409, { type: 'x/already-checked-in', title: 'Conflict', checkedInAt: '2026-12-03T10:00:00.000Z' });
    expect(error.body.checkedInAt).toBe('2026-12-03T10:00:00.000Z');
    expect(problemToError(500, 'oops').body).toEqual({});
  });

  it('skips malformed entries of errors', () => {
    const error = problemToError(422, { errors: [null, 'x', { field: 'a' }, { message: 'm' }, { field: 'ok', message: 'fine' }] });
    expect(error.fieldErrors).toEqual({ ok: 'fine' });
  });

  it('falls back to a message by status when the body is not a problem', () => {
    expect(problemToError(503, undefined).title).toMatch(/busy/);
    expect(problemToError(418, 'teapot').title).toBe('The request failed (418).');
    expect(problemToError(409, { message: 'Already booked' }).detail).toBe('Already booked');
  });

  it('keeps Retry-After', () => {
    expect(problemToError(429, {}, 30).retryAfter).toBe(30);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Tue, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('errorMessage', () => {
  it('points to the fields for validation errors', () => {
    expect(errorMessage(problemToError(422, { errors: [{ field: 'x', message: 'bad' }] }))).toBe('Please correct the highlighted fields.');
  });
  it('prefers the detail of a problem', () => {
    expect(errorMessage(problemToError(409, { title: 'Conflict', detail: 'The event is sold out.' }))).toBe('The event is sold out.');
  });
  it('tells how long to wait after too many attempts', () => {
    expect(errorMessage(problemToError(429, {}, 42))).toBe('Too many attempts. Please try again in 42 s.');
  });
  it('handles errors that are not from the API', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(undefined)).toBe('Something went wrong.');
  });
});

describe('sentence', () => {
  it('capitalizes a server message and ends it with one full stop', () => {
    expect(sentence('must be an e-mail address')).toBe('Must be an e-mail address.');
    expect(sentence(' has expired.. ')).toBe('Has expired.');
  });
});

describe('mapFieldErrors', () => {
  const fields = ['title', 'capacity', 'priceAmount', 'priceCurrency'];
  const aliases = { availableSeats: 'capacity', 'price.currency': 'priceCurrency', price: 'priceAmount' };

  it('maps server names and aliases onto form fields', () => {
    const { fields: mapped, rest } = mapFieldErrors(
      { title: 'too long', availableSeats: 'must be from 1', 'price.currency': 'unknown', 'price.amount': 'negative' },
      fields,
      aliases,
    );
    expect(mapped).toEqual({ title: 'too long', capacity: 'must be from 1', priceCurrency: 'unknown', priceAmount: 'negative' });
    expect(rest).toEqual([]);
  });

  it('returns messages for unknown fields separately', () => {
    const { fields: mapped, rest } = mapFieldErrors({ organizerId: 'is not allowed' }, fields, aliases);
    expect(mapped).toEqual({});
    expect(rest).toEqual(['organizerId: is not allowed']);
  });
});
