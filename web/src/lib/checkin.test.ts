import { describe, expect, it } from 'vitest';
import { ApiError, type Admission, type Ticket } from '../api';
import { problemToError } from './problem';
import { admittedResult, checkInTime, failedResult, isProblem, resultText, sendOutcome } from './checkin';

const ticket: Ticket = {
  id: 't1', bookingId: 'b1', eventId: 'e1', code: 'AAAABBBBCCCCDDDDEEEEFFFFGG', ticketType: { id: 'vip', name: 'VIP' },
  attendee: { name: 'Ann Lee', email: 'ann@example.com' }, status: 'valid', checkedInAt: null, checkedInBy: null,
};
const options = { locale: 'en-GB', timeZone: 'UTC' };
const now = new Date('2026-12-03T20:00:00.000Z');

describe('admittedResult', () => {
  it('names the attendee and the ticket type', () => {
    const answer: Admission = { ticket, attendee: ticket.attendee, ticketType: ticket.ticketType, checkedInAt: '2026-12-03T19:42:05.000Z' };
    const result = admittedResult(answer, 'AAAA');
    expect(result).toEqual({ kind: 'admitted', code: 'AAAA', ticketId: 't1', name: 'Ann Lee', ticketType: 'VIP', at: '2026-12-03T19:42:05.000Z' });
    expect(resultText(result, now, options)).toEqual({ title: 'Admitted', detail: 'Ann Lee · VIP' });
    expect(isProblem(result)).toBe(false);
    expect(resultText(admittedResult({ ...answer, attendee: null, ticket: { ...ticket, attendee: null } }, 'A'), now, options).detail)
      .toBe('No name given · VIP');
  });
});

describe('failedResult', () => {
  it('says when and by whom a ticket was checked in already', () => {
    const error = problemToError(409, {
      type: 'https://eventbook.dev/problems/already-checked-in', title: 'Already checked in', status: 409,
      checkedInAt: '2026-12-03T19:42:05.000Z', checkedInBy: { userId: 'u2', label: 'door@example.com' },
      ticket: { ...ticket, checkedInAt: '2026-12-03T19:42:05.000Z' },
    });
    const result = failedResult(error, 'AAAA');
    expect(result).toEqual({ kind: 'already', code: 'AAAA', name: 'Ann Lee', ticketType: 'VIP', at: '2026-12-03T19:42:05.000Z', by: 'door@example.com' });
    expect(resultText(result, now, options)).toEqual({ title: 'Already checked in at 19:42:05 by door@example.com', detail: 'Ann Lee · VIP' });
    expect(isProblem(result)).toBe(true);
  });

  it('tells cancelled tickets and unknown codes', () => {
    const cancelled = failedResult(problemToError(409, { type: 'https://eventbook.dev/problems/ticket-cancelled', reason: 'cancelled', ticket }), 'A');
    expect(cancelled).toMatchObject({ kind: 'cancelled', name: 'Ann Lee' });
    expect(resultText(cancelled).title).toBe('Cancelled ticket');
    const unknown = failedResult(problemToError(404, { title: 'Not Found' }), 'ZZZZ');
    expect(resultText(unknown).title).toBe('Unknown code');
    const invalid = failedResult(problemToError(422, { errors: [{ field: 'code', message: 'must be at most 64 characters' }] }), 'x');
    expect(invalid).toEqual({ kind: 'invalid', code: 'x', message: 'must be at most 64 characters' });
  });

  it('marks what may succeed later, and the rest', () => {
    expect(failedResult(new ApiError({ status: 0, title: 'offline' }), 'A').kind).toBe('unreachable');
    expect(failedResult(problemToError(503, {}), 'A').kind).toBe('unreachable');
    expect(failedResult(problemToError(401, {}), 'A').kind).toBe('failed');
    expect(failedResult(new Error('boom'), 'A')).toEqual({ kind: 'failed', code: 'A', message: 'boom' });
  });
});

describe('sendOutcome', () => {
  it('takes answers about the ticket off the queue and keeps the rest', () => {
    expect(sendOutcome({ kind: 'unknown', code: 'A' }).kind).toBe('answered');
    expect(sendOutcome({ kind: 'already', code: 'A', name: null, ticketType: null, at: null, by: null }).kind).toBe('answered');
    expect(sendOutcome({ kind: 'unreachable', code: 'A' }).kind).toBe('retry');
    expect(sendOutcome({ kind: 'failed', code: 'A', message: 'signed out' }).kind).toBe('retry');
  });
});

describe('checkInTime', () => {
  it('gives the time of day today and the date before', () => {
    expect(checkInTime('2026-12-03T08:05:09.000Z', now, options)).toBe('08:05:09');
    expect(checkInTime('2026-12-01T08:05:09.000Z', now, options)).toMatch(/1 Dec 2026, 08:05/);
    expect(checkInTime('soon', now, options)).toBe('soon');
  });
});
