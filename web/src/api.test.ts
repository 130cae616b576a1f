import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError, addStaff, attendees, attendeesCsv, book, checkIn, confirmHold, createHold, deleteTicketType, eventWaitlist, getEvent, joinQueue,
  joinWaitlist, leaveWaitlist, login, myBookings, myWaitlistEntry, queueEntry, queueRoom, request, revokeAllTokens, setFetch, setPaymentStatus,
  updateTicketType,
} from './api';
import { session } from './lib/session';
import { SIGNED_OUT_EVERYWHERE, signOutEverywhere, TOKEN_REFUSED } from './lib/signout';
import { makeToken } from './test/jwt';

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

const user = { id: 'u1', username: 'alice', email: 'alice@example.com' };
const token = () => makeToken({ sub: 'u1', role: 'attendee', exp: Math.floor(Date.now() / 1000) + 3600 });

afterEach(() => session.end());

describe('request', () => {
  it('sends JSON and returns the parsed answer', async () => {
    const fetchMock = vi.fn(async () => json(200, { token: 't', user }));
    setFetch(fetchMock);
    await expect(login({ email: 'a@b.co', password: 'pw' })).resolves.toEqual({ token: 't', user });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/users/login');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ email: 'a@b.co', password: 'pw' });
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns a problem answer into an ApiError with field errors', async () => {
    setFetch(async () => json(422, {
      title: 'Unprocessable Content', status: 422, detail: 'items[0].quantity: must be at least 1',
      errors: [{ field: 'items[0].quantity', message: 'must be at least 1' }],
    }));
    session.set(token(), user);
    const error = await book('e1', [{ ticketTypeId: 't1', quantity: 0 }], 'key').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).fieldErrors).toEqual({ 'items[0].quantity': 'must be at least 1' });
  });

  it('sends the token and the idempotency key', async () => {
    const fetchMock = vi.fn(async () => json(201, { message: 'Booking confirmed!', bookingId: 'b1' }));
    setFetch(fetchMock);
    const t = token();
    session.set(t, user);
    await book('e1', [{ ticketTypeId: 't1', quantity: 2 }, { ticketTypeId: 't2', quantity: 1 }], 'key-1');
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    const headers = init.headers as Record<string, string>;
    expect(headers.Authorization).toBe(`Bearer ${t}`);
    expect(headers['Idempotency-Key']).toBe('key-1');
    expect(JSON.parse(init.body as string)).toEqual({
      eventId: 'e1', items: [{ ticketTypeId: 't1', quantity: 2 }, { ticketTypeId: 't2', quantity: 1 }],
    });
  });

  it('sends the waiting room\'s pass with a booking and a hold, and none without one', async () => {
    const fetchMock = vi.fn(async () => json(201, { message: 'ok', bookingId: 'b1', holdId: 'h1' }));
    setFetch(fetchMock);
    session.set(token(), user);
    const items = [{ ticketTypeId: 't1', quantity: 1 }];
    await createHold('e1', items, 'key-1', null, { queuePass: 'pass-1' });
    await book('e1', items, 'key-2', 'SAVE20', { queuePass: 'pass-1' });
    await createHold('e1', items, 'key-3');
    await book('e1', items, 'key-4', null, { queuePass: null });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const headers = calls.map((c) => c[1].headers as Record<string, string>);
    expect(calls.map((c) => c[0])).toEqual(['/api/holds', '/api/bookings', '/api/holds', '/api/bookings']);
    expect(headers.map((h) => h['Queue-Pass'])).toEqual(['pass-1', 'pass-1', undefined, undefined]);
    expect(headers.map((h) => h['Idempotency-Key'])).toEqual(['key-1', 'key-2', 'key-3', 'key-4']);
    expect(JSON.parse(calls[1][1].body as string)).toEqual({ eventId: 'e1', items, promoCode: 'SAVE20' });
  });

  it('joins a waiting room and follows the place with the Retry-After given', async () => {
    const entry = {
      queueId: 'q 1', eventId: 'e1', state: 'waiting', opensAt: '2030-06-01T10:00:00Z', joinedAt: '2030-06-01T09:41:07Z',
      position: null, inRoom: 3, estimatedWaitSeconds: 60,
    };
    const fetchMock = vi.fn(async () => json(201, entry, { 'Retry-After': '4' }));
    setFetch(fetchMock);
    session.set(token(), user);
    await expect(joinQueue('e1')).resolves.toEqual({ entry, retryAfter: 4 });
    setFetch(async () => json(200, { ...entry, state: 'admitted', pass: 'p', passExpiresAt: '2030-06-01T10:10:00Z' }));
    await expect(queueEntry('e1', 'q 1')).resolves.toMatchObject({ entry: { state: 'admitted', pass: 'p' }, retryAfter: undefined });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/events/e1/queue');
    expect(init.method).toBe('POST');
    expect(init.body).toBeUndefined();
  });

  it('reads a refused join and the organizer\'s figures', async () => {
    setFetch(async () => json(409, {
      type: 'https://eventbook.dev/problems/queue-not-open', title: 'Conflict', status: 409, opensAt: '2030-06-01T09:30:00Z',
    }));
    session.set(token(), user);
    await expect(joinQueue('e1')).rejects.toMatchObject({ status: 409, body: { opensAt: '2030-06-01T09:30:00Z' } });
    const fetchMock = vi.fn(async () => json(200, { eventId: 'e1', joined: 5 }));
    setFetch(fetchMock);
    await expect(queueRoom('e1')).resolves.toMatchObject({ joined: 5 });
    expect((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].method).toBe('GET');
  });

  it('joins a waitlist for a group of seats, and tells a new place from the one made earlier', async () => {
    const entry = {
      id: 'w1', eventId: 'e 1', userId: 'u1', seats: 2, ticketTypeId: null, state: 'waiting', position: 3,
      joinedAt: '2030-06-01T09:41:07Z', updatedAt: '2030-06-01T09:41:07Z',
    };
    const fetchMock = vi.fn(async () => json(201, entry, { Location: '/api/events/e%201/waitlist/me' }));
    setFetch(fetchMock);
    const t = token();
    session.set(t, user);
    await expect(joinWaitlist('e 1', { seats: 2 })).resolves.toEqual({ entry, joined: true });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/events/e%201/waitlist');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ seats: 2 });
    expect((init.headers as Record<string, string>).Authorization).toBe(`Bearer ${t}`);
    const again = vi.fn(async () => json(200, entry));
    setFetch(again);
    await expect(joinWaitlist('e 1', { seats: 2, ticketTypeId: 'vip' })).resolves.toEqual({ entry, joined: false });
    expect(JSON.parse((again.mock.calls[0] as unknown as [string, RequestInit])[1].body as string)).toEqual({ seats: 2, ticketTypeId: 'vip' });
  });

  it('reads a refused join: book instead', async () => {
    setFetch(async () => json(409, {
      type: 'https://eventbook.dev/problems/seats-available', title: 'Conflict', status: 409,
      detail: 'Seats are available for 1: book them instead of waiting.',
    }));
    session.set(token(), user);
    await expect(joinWaitlist('e1', { seats: 1 })).rejects.toMatchObject({
      status: 409, type: 'https://eventbook.dev/problems/seats-available', detail: 'Seats are available for 1: book them instead of waiting.',
    });
  });

  it('follows and leaves one\'s place, with null for a place never taken', async () => {
    const offered = {
      id: 'w1', eventId: 'e1', userId: 'u1', seats: 1, ticketTypeId: null, state: 'offered', position: null,
      joinedAt: '2030-06-01T09:41:07Z', updatedAt: '2030-06-01T10:00:00Z', offer: { holdId: 'h1', expiresAt: '2030-06-01T10:15:00Z' },
    };
    const fetchMock = vi.fn(async () => json(200, offered));
    setFetch(fetchMock);
    session.set(token(), user);
    await expect(myWaitlistEntry('e1')).resolves.toEqual(offered);
    await expect(leaveWaitlist('e1')).resolves.toEqual(offered);
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map((c) => [c[1].method, c[0]])).toEqual([['GET', '/api/events/e1/waitlist/me'], ['DELETE', '/api/events/e1/waitlist/me']]);
    setFetch(async () => json(404, { title: 'Not Found', status: 404, detail: 'You are not on the waitlist of event e1.' }));
    await expect(myWaitlistEntry('e1')).resolves.toBeNull();
    await expect(leaveWaitlist('e1')).rejects.toMatchObject({ status: 404 });
    setFetch(async () => json(503, { title: 'Service Unavailable', status: 503 }));
    await expect(myWaitlistEntry('e1')).rejects.toMatchObject({ status: 503 });
  });

  it('pages the organizer\'s waitlist by offset', async () => {
    const page = { eventId: 'e1', waiting: 1, waitingSeats: 2, offered: 0, booked: 1, lapsed: 0, items: [], nextOffset: null };
    const fetchMock = vi.fn(async () => json(200, page));
    setFetch(fetchMock);
    session.set(token(), user);
    await expect(eventWaitlist('e1', { limit: 20, offset: 40 })).resolves.toEqual(page);
    await eventWaitlist('e1', { limit: 20, offset: 0 });
    await eventWaitlist('e1');
    expect((fetchMock.mock.calls as unknown as [string][]).map((c) => c[0])).toEqual([
      '/api/events/e1/waitlist?limit=20&offset=40', '/api/events/e1/waitlist?limit=20&offset=0', '/api/events/e1/waitlist',
    ]);
  });

  it('sends ticket type changes and payments to their routes', async () => {
    const fetchMock = vi.fn(async () => json(200, {}));
    setFetch(fetchMock);
    session.set(token(), user);
    await updateTicketType('e 1', 't/1', { salesEnd: null, quota: 3 });
    await setPaymentStatus('b1', 'paid');
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0][0]).toBe('/api/events/e%201/ticket-types/t%2F1');
    expect(calls[0][1].method).toBe('PATCH');
    expect(JSON.parse(calls[0][1].body as string)).toEqual({ salesEnd: null, quota: 3 });
    expect(calls[1][0]).toBe('/api/bookings/b1/payment');
    expect(JSON.parse(calls[1][1].body as string)).toEqual({ status: 'paid' });
  });

  it('confirms a hold with its attendees, or with no body', async () => {
    const fetchMock = vi.fn(async () => json(201, { message: 'Booking confirmed!', bookingId: 'h1' }));
    setFetch(fetchMock);
    session.set(token(), user);
    await confirmHold('h1', [{ name: 'Ann Lee', email: 'ann@example.com' }]);
    await confirmHold('h1');
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0][0]).toBe('/api/holds/h1/confirm');
    expect(JSON.parse(calls[0][1].body as string)).toEqual({ attendees: [{ name: 'Ann Lee', email: 'ann@example.com' }] });
    expect(calls[1][1].body).toBeUndefined();
  });

  it('sends check-ins, staff and attendee pages to their routes', async () => {
    const fetchMock = vi.fn(async () => json(200, { items: [], nextCursor: null }));
    setFetch(fetchMock);
    session.set(token(), user);
    await checkIn('e1', 'abcd efgh');
    await addStaff('e1', 'door@example.com');
    await attendees('e1', 'next', 500);
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map((c) => [c[1].method, c[0]])).toEqual([
      ['POST', '/api/events/e1/checkins'],
      ['POST', '/api/events/e1/staff'],
      ['GET', '/api/events/e1/attendees?limit=500&cursor=next'],
    ]);
    expect(JSON.parse(calls[0][1].body as string)).toEqual({ code: 'abcd efgh' });
    expect(JSON.parse(calls[1][1].body as string)).toEqual({ email: 'door@example.com' });
  });

  it('fetches a file with the token, and reads a refusal as a problem', async () => {
    const fetchMock = vi.fn(async () => new Response('\ufeffTicket,Code\r\n', { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8' } }));
    setFetch(fetchMock);
    const t = token();
    session.set(t, user);
    const blob = await attendeesCsv('e1');
    expect(await blob.text()).toContain('Ticket,Code');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/events/e1/attendees.csv');
    expect((init.headers as Record<string, string>).Authorization).toBe(`Bearer ${t}`);
    expect((init.headers as Record<string, string>).Accept).toBe('text/csv');
    setFetch(async () => json(404, { title: 'Not Found', status: 404, detail: 'No event e2.' }));
    await expect(attendeesCsv('e2')).rejects.toMatchObject({ status: 404, detail: 'No event e2.' });
  });

  it('takes the empty answer of a removed ticket type', async () => {
    setFetch(async () => new Response(null, { status: 204 }));
    session.set(token(), user);
    await expect(deleteTicketType('e1', 't1')).resolves.toBeUndefined();
  });

  it('builds query strings for pages', async () => {
    const fetchMock = vi.fn(async () => json(200, { items: [], nextCursor: null }));
    setFetch(fetchMock);
    session.set(token(), user);
    await myBookings('abc', 20);
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/bookings?limit=20&cursor=abc');
  });

  it('ends the session when an authenticated call gets 401', async () => {
    setFetch(async () => json(401, { title: 'Unauthorized', status: 401, detail: 'The bearer token is invalid or expired.' }));
    session.set(token(), user);
    await expect(myBookings(null)).rejects.toMatchObject({ status: 401 });
    expect(session.get()).toBeNull();
    expect(session.endedReason).toBe(TOKEN_REFUSED);
  });

  it('keeps a session that was renewed while a refused call was under way', async () => {
    const fresh = makeToken({ sub: 'u1', role: 'attendee', exp: Math.floor(Date.now() / 1000) + 7200 });
    setFetch(async () => {
      session.renew(fresh);
      return json(401, { title: 'Unauthorized', status: 401 });
    });
    session.set(token(), user);
    await expect(myBookings(null)).rejects.toMatchObject({ status: 401 });
    expect(session.get()?.token).toBe(fresh);
  });

  it('does not call the server for an authenticated call without a session', async () => {
    const fetchMock = vi.fn();
    setFetch(fetchMock);
    await expect(myBookings(null)).rejects.toMatchObject({ status: 401 });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('reports an unreachable server as status 0', async () => {
    setFetch(async () => { throw new TypeError('Failed to fetch'); });
    await expect(getEvent('e1')).rejects.toMatchObject({ status: 0 });
  });

  it('copes with an error answer that is not JSON', async () => {
    setFetch(async () => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = (await request('/events').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.title).toMatch(/unavailable/);
  });

  it('reads Retry-After', async () => {
    setFetch(async () => json(429, { title: 'Too Many Requests', status: 429 }, { 'Retry-After': '7' }));
    await expect(login({ email: 'a@b.co', password: 'x' })).rejects.toMatchObject({ status: 429, retryAfter: 7 });
  });
});

describe('sign out everywhere', () => {
  it('posts with the token and no body, and takes the empty 204', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    setFetch(fetchMock);
    const t = token();
    session.set(t, user);
    await expect(revokeAllTokens()).resolves.toBeUndefined();
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/users/me/sign-out-everywhere');
    expect(init.method).toBe('POST');
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>).Authorization).toBe(`Bearer ${t}`);
  });

  it('ends the session here once the server has answered', async () => {
    setFetch(async () => new Response(null, { status: 204 }));
    session.set(token(), user);
    const go = vi.fn();
    await signOutEverywhere(revokeAllTokens, session, go);
    expect(session.get()).toBeNull();
    expect(session.endedReason).toBe(SIGNED_OUT_EVERYWHERE);
    expect(go).toHaveBeenCalledWith('/signin');
  });

  it('keeps the session when the server fails', async () => {
    setFetch(async () => json(503, { title: 'Service Unavailable', status: 503, detail: 'The database is unavailable.' }));
    session.set(token(), user);
    const go = vi.fn();
    await expect(signOutEverywhere(revokeAllTokens, session, go)).rejects.toMatchObject({ status: 503 });
    expect(session.get()).not.toBeNull();
    expect(go).not.toHaveBeenCalled();
  });

  it('ends the session as refused when the token is already revoked', async () => {
    setFetch(async () => json(401, { title: 'Unauthorized', status: 401, detail: 'The bearer token is invalid or expired.' }));
    session.set(token(), user);
    const go = vi.fn();
    await expect(signOutEverywhere(revokeAllTokens, session, go)).rejects.toMatchObject({ status: 401 });
    expect(session.get()).toBeNull();
    expect(session.endedReason).toBe(TOKEN_REFUSED);
    expect(go).not.toHaveBeenCalled();
  });
});
