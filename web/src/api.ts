// The client for the eventbook HTTP API (see docs/api.md). Every call goes to
// the same origin under /api; the gateway routes it to the owning service.

import { ApiError, parseRetryAfter, problemToError } from './lib/problem';
import { session, type SessionUser } from './lib/session';
import { buildQuery, type Page } from './lib/pagination';
import { TOKEN_REFUSED } from './lib/signout';
import type { Money as Price } from './lib/money';

export { ApiError };
export type { Price };

/** A kind of ticket of an event, as `GET /api/events/{id}` lists the public ones. */
export interface TicketType {
  id: string;
  name: string;
  description: string | null;
  /** `null`: the event's price (none for a free event). */
  price: Price | null;
  quota: number;
  available: number;
  onSale: boolean;
  salesStart: string | null;
  salesEnd: string | null;
  maxPerBooking: number | null;
}

/** A ticket type as its organizer sees it, hidden ones included. */
export interface OrganizerTicketType extends TicketType {
  sold: number;
  hidden: boolean;
}

export interface TicketTypeInput {
  name: string;
  description: string | null;
  price: Price | null;
  quota: number;
  salesStart: string | null;
  salesEnd: string | null;
  maxPerBooking: number | null;
  hidden: boolean;
}

export interface EventItem {
  id: string;
  title: string;
  description: string | null;
  date: string;
  location: string;
  capacity: number;
  availableSeats: number;
  status: 'scheduled' | 'cancelled' | string;
  organizerId: string;
  createdAt: string;
  updatedAt: string;
  category: string | null;
  price: Price | null;
  maxSeatsPerBooking: number | null;
  /** How long a checkout hold keeps its seats (1–60, default 10). */
  holdMinutes?: number;
  /** Whether a hold is confirmed only with a name and e-mail per seat. */
  requireAttendeeNames?: boolean;
  /** When bookings open (ISO 8601 date-time); `null` or absent: on sale now. */
  onSaleAt?: string | null;
  /** Whether a waiting room comes before the on-sale (needs `onSaleAt`). */
  waitingRoom?: boolean;
  /** How many the waiting room lets through a minute; `null`: derived by the server. */
  admitPerMinute?: number | null;
  /** How long a pass out of the waiting room stays valid (1–60, default 10). */
  passMinutes?: number;
  /** Whom seats that come back are offered to first (default `strict`). */
  waitlistOrder?: WaitlistOrder;
  /** How long a waitlist offer holds its seats (1–1440, default 15). */
  offerMinutes?: number;
  /** Free seats that came back and are kept for the waitlist's offers (not in `availableSeats`). */
  seatsOwedToWaitlist?: number;
  /** Only on a single event, not in lists. */
  ticketTypes?: TicketType[];
}

export interface EventInput {
  title: string;
  description: string;
  date: string;
  location: string;
  capacity: number;
  category: string | null;
  price: Price | null;
  maxSeatsPerBooking: number | null;
  holdMinutes?: number;
  requireAttendeeNames?: boolean;
  /** `null` clears it (on sale at once). */
  onSaleAt?: string | null;
  waitingRoom?: boolean;
  admitPerMinute?: number | null;
  passMinutes?: number;
  waitlistOrder?: WaitlistOrder;
  offerMinutes?: number;
}

/**
 * How seats that come back are offered to the waitlist: `strict`, only to the
 * first in line (nobody is overtaken); `fit`, to the first group they fit.
 */
export type WaitlistOrder = 'strict' | 'fit';

export type BookingStatus = 'pending' | 'confirmed' | 'rejected' | 'cancelled' | 'held' | 'expired' | 'released';

export type PaymentStatus = 'none' | 'due' | 'paid';

export interface BookingLine {
  ticketTypeId: string;
  name: string;
  quantity: number;
  /** The price of one seat when it was booked; `null` when free. */
  unitPrice: Price | null;
}

/** Who one seat is for, as named at checkout. */
export interface Attendee {
  name: string;
  email: string;
}

export interface BookingItemInput {
  ticketTypeId: string;
  quantity: number;
}

export interface Booking {
  id: string;
  userId: string;
  eventId: string;
  seats: number;
  status: BookingStatus;
  reason: string | null;
  ticketCode: string | null;
  event: { title: string; date: string; location: string } | null;
  items?: BookingLine[];
  discount?: Price | null;
  /** What the lines come to, discount taken off; `null` when nothing has a price. */
  total?: Price | null;
  promoCode?: string | null;
  /** For a hold: when it ends unless confirmed. */
  expiresAt?: string | null;
  paymentStatus?: PaymentStatus;
  /** Who the seats are for, when they were named at checkout. */
  attendees?: Attendee[];
  createdAt: string;
  updatedAt: string;
}

/** Seats kept while the buyer checks out (`POST /api/holds`). */
export interface Hold {
  holdId: string;
  status: 'held' | 'confirmed' | 'expired' | 'released' | 'cancelled' | 'rejected' | 'pending';
  eventId: string;
  seats: number;
  expiresAt: string | null;
  items: BookingLine[];
  promoCode: string | null;
  discount: Price | null;
  total: Price | null;
  /** Whether confirming needs a name and e-mail per seat (the event's `requireAttendeeNames`). */
  attendeesRequired: boolean;
  /** The booking it became (its own id), once confirmed. */
  bookingId: string | null;
}

/** A promo code as its event's organizer sees it. */
export interface PromoCode {
  id: string;
  code: string;
  percentOff: number | null;
  amountOff: Price | null;
  /** The types it applies to; `null` for all. */
  ticketTypeIds: string[] | null;
  /** Hidden types a booking with it may book. */
  unlocks: string[];
  maxUses: number | null;
  /** Bookings holding a use of it now. */
  used: number;
  validUntil: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PromoCodeInput {
  code: string;
  percentOff: number | null;
  amountOff: Price | null;
  ticketTypeIds: string[] | null;
  unlocks: string[];
  maxUses: number | null;
  validUntil: string | null;
  enabled: boolean;
}

/** What a buyer with a code is offered (`GET /api/events/{id}/offer`). */
export interface Offer {
  promoCode: Pick<PromoCode, 'code' | 'percentOff' | 'amountOff' | 'ticketTypeIds'> | null;
  ticketTypes: TicketType[];
}

/** One seat of a confirmed booking, as the door sees it. */
export interface Ticket {
  id: string;
  bookingId: string;
  eventId: string;
  /** 26 characters of A–Z and 2–7; the door accepts it in any case, with spaces or dashes. */
  code: string;
  ticketType: { id: string | null; name: string };
  attendee: Attendee | null;
  /** `void` once its booking was cancelled. */
  status: 'valid' | 'void';
  checkedInAt: string | null;
  checkedInBy: CheckedInBy | null;
}

export interface CheckedInBy {
  userId: string;
  /** A door staff member's e-mail, or "organizer", or "admin". */
  label: string;
}

/** A ticket with its QR code as SVG markup (`GET /api/bookings/{id}/tickets`). */
export interface TicketWithQr extends Ticket {
  qrSvg: string;
}

/** What `POST /api/events/{id}/checkins` answers when it admits someone. */
export interface Admission {
  ticket: Ticket;
  attendee: Attendee | null;
  ticketType: { id: string | null; name: string };
  checkedInAt: string;
}

export interface CheckinStats {
  eventId: string;
  admitted: number;
  total: number;
  ticketTypes: { id: string | null; name: string; admitted: number; total: number }[];
}

/** Someone who may check people in at an event's door. */
export interface StaffMember {
  userId: string;
  email: string;
  addedAt: string;
}

/** An event the signed-in user works the door of. */
export interface StaffEvent {
  eventId: string;
  /** `null` when the bookings service has not learnt it. */
  eventTitle: string | null;
  eventDate: string | null;
  addedAt: string;
}

/** A row of `GET /api/events/{id}/attendees`: one ticket. */
export interface AttendeeRow {
  ticketId: string;
  code: string;
  status: 'valid' | 'void';
  ticketType: { id: string | null; name: string };
  attendee: Attendee | null;
  bookingId: string;
  buyerId: string;
  paymentStatus: PaymentStatus;
  checkedInAt: string | null;
}

export interface Notification {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  read: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

/** One place in an event's waiting room (`POST`/`GET /api/events/{id}/queue…`). */
export interface QueueEntry {
  queueId: string;
  eventId: string;
  state: 'waiting' | 'admitted' | 'expired' | 'sold-out';
  /** The on-sale: places are drawn then. */
  opensAt: string;
  joinedAt: string;
  /** 1 is next; `null` before the opening draw. */
  position: number | null;
  /** Everyone who has joined. */
  inRoom: number;
  estimatedWaitSeconds: number | null;
  /** Admitted: to send as `Queue-Pass` when booking, until `passExpiresAt`. */
  pass?: string;
  passExpiresAt?: string;
}

/** An entry with the seconds `Retry-After` advises waiting before asking again (while waiting). */
export interface QueueAnswer {
  entry: QueueEntry;
  retryAfter: number | undefined;
}

/** An event's waiting room as its organizer sees it (`GET /api/events/{id}/queue`). */
export interface QueueRoom {
  eventId: string;
  status: 'open' | 'sold-out' | 'closed';
  joinFrom: string;
  onSaleAt: string;
  joined: number;
  admitted: number;
  waiting: number;
  ratePerMinute: number;
  /** The organizer's rate; `null`: derived. */
  admitPerMinute: number | null;
  soldPerMinute: number;
  availableSeats: number;
}

export type WaitlistState = 'waiting' | 'offered' | 'booked' | 'lapsed' | 'left';

/** A place on an event's waitlist (`/api/events/{id}/waitlist…`). */
export interface WaitlistEntry {
  id: string;
  eventId: string;
  userId: string;
  seats: number;
  ticketTypeId: string | null;
  state: WaitlistState;
  /** While waiting: 1 is next. */
  position: number | null;
  joinedAt: string;
  updatedAt: string;
  /** While offered: the hold kept for the entry, confirmed like any hold. */
  offer?: { holdId: string; expiresAt: string | null };
}

/** What joining answered: the entry, and whether it is new (201) or the one made earlier (200). */
export interface WaitlistJoin {
  entry: WaitlistEntry;
  joined: boolean;
}

/** An event's waitlist as its organizer sees it, a page of entries at a time (`GET /api/events/{id}/waitlist`). */
export interface WaitlistPage {
  eventId: string;
  waiting: number;
  /** The seats the waiting entries want, in all. */
  waitingSeats: number;
  offered: number;
  booked: number;
  lapsed: number;
  items: WaitlistEntry[];
  /** The offset of the next page; `null` on the last. */
  nextOffset: number | null;
}

/** What a booking or hold may carry besides its lines. */
export interface BookingExtras {
  /** The pass out of the event's waiting room, sent as `Queue-Pass`. */
  queuePass?: string | null;
}

export interface EventSearch {
  q?: string;
  from?: string;
  to?: string;
  location?: string;
  category?: string;
  seatsLeft?: boolean;
  status?: 'all';
  sort?: 'date' | 'title' | 'newest';
  limit?: number;
  cursor?: string | null;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type Fetch = typeof fetch;

let fetchImpl: Fetch = (...args) => fetch(...args);

/** Replaces the fetch function (for tests). */
export function setFetch(f: Fetch): void {
  fetchImpl = f;
}

/**
 * Sends one request and returns the answer when it succeeded. Failures throw
 * an ApiError; a 401 on an authenticated call ends the session, saying why
 * (the app then shows the sign-in page).
 */
async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const current = options.auth ? session.get() : null;
  if (options.auth) {
    if (!current) throw new ApiError({ status: 401, title: 'Please sign in first.' });
    headers.Authorization = `Bearer ${current.token}`;
  }

  let response: Response;
  try {
    response = await fetchImpl(`/api${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, title: 'The server cannot be reached. Check your connection and try again.' });
  }

  if (!response.ok) {
    const error = problemToError(response.status, parseJson(await response.text()), parseRetryAfter(response.headers.get('Retry-After')));
    if (response.status === 401 && options.auth && current && session.get()?.token === current.token) {
      session.end(TOKEN_REFUSED);
    }
    throw error;
  }
  return response;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends one request and returns the parsed JSON answer (undefined for an empty one); see `send`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  return parseJson(await response.text()) as T;
}

/** Sends one request and returns the parsed JSON answer with the `Retry-After` it gave (in seconds), if any. */
async function requestWithRetryAfter<T>(path: string, options: RequestOptions = {}): Promise<{ data: T; retryAfter: number | undefined }> {
  const response = await send(path, options, 'application/json');
  const data = parseJson(await response.text()) as T;
  return { data, retryAfter: parseRetryAfter(response.headers.get('Retry-After')) };
}

/** Sends one request and returns the parsed JSON answer with its status. */
async function requestWithStatus<T>(path: string, options: RequestOptions = {}): Promise<{ data: T; status: number }> {
  const response = await send(path, options, 'application/json');
  return { data: parseJson(await response.text()) as T, status: response.status };
}

/** Sends one request and returns the answer's bytes (a PNG, a CSV): for files behind the token, which is no cookie. */
export async function requestBlob(path: string, accept: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(path, options, accept);
  return response.blob();
}

// Users

export function register(input: { username: string; email: string; password: string }) {
  return request<{ message: string; userId: string }>('/users/register', { method: 'POST', body: input });
}

export function login(input: { email: string; password: string }) {
  return request<{ token: string; user: SessionUser }>('/users/login', { method: 'POST', body: input });
}

export function refreshToken() {
  return request<{ token: string; expiresIn: number }>('/users/token', { method: 'POST', auth: true });
}

/** Revokes every token of the account, the one sent included (204). */
export function revokeAllTokens() {
  return request<void>('/users/me/sign-out-everywhere', { method: 'POST', auth: true });
}

// Events

export function searchEvents(search: EventSearch, signal?: AbortSignal) {
  return request<Page<EventItem>>(`/events${buildQuery({ ...search })}`, { signal });
}

export function myEvents(search: EventSearch, signal?: AbortSignal) {
  return request<Page<EventItem>>(`/events/mine${buildQuery({ ...search })}`, { auth: true, signal });
}

export function getEvent(id: string, signal?: AbortSignal) {
  return request<EventItem>(eventPath(id), { signal });
}

export function eventIcsUrl(id: string): string {
  return `/api/events/${encodeURIComponent(id)}.ics`;
}

export function createEvent(input: EventInput) {
  return request<{ message: string; eventId: string }>('/events', { method: 'POST', body: input, auth: true });
}

export function updateEvent(id: string, changes: Partial<EventInput>) {
  return request<EventItem>(eventPath(id), { method: 'PATCH', body: changes, auth: true });
}

export function cancelEvent(id: string) {
  return request<EventItem>(eventPath(id), { method: 'DELETE', auth: true });
}

/** `/events/{eventId}/...`, each segment encoded; one left undefined is left out. */
function eventPath(eventId: string, ...segments: (string | undefined)[]): string {
  return ['', 'events', eventId, ...segments]
    .filter((segment): segment is string => segment !== undefined)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** Every ticket type of an event, hidden ones too, with seats sold (its organizer or an admin). */
export function ticketTypes(eventId: string, signal?: AbortSignal) {
  return request<{ items: OrganizerTicketType[] }>(eventPath(eventId, 'ticket-types'), { auth: true, signal });
}

export function createTicketType(eventId: string, input: Partial<TicketTypeInput>) {
  return request<OrganizerTicketType>(eventPath(eventId, 'ticket-types'), { method: 'POST', body: input, auth: true });
}

/** Changes the given fields; `null` clears an optional one. */
export function updateTicketType(eventId: string, typeId: string, changes: Partial<TicketTypeInput>) {
  return request<OrganizerTicketType>(eventPath(eventId, 'ticket-types', typeId), { method: 'PATCH', body: changes, auth: true });
}

export function deleteTicketType(eventId: string, typeId: string) {
  return request<void>(eventPath(eventId, 'ticket-types', typeId), { method: 'DELETE', auth: true });
}

/** The event's promo codes with their uses (its organizer or an admin). */
export function promoCodes(eventId: string, signal?: AbortSignal) {
  return request<{ items: PromoCode[] }>(eventPath(eventId, 'promo-codes'), { auth: true, signal });
}

export function createPromoCode(eventId: string, input: Partial<PromoCodeInput>) {
  return request<PromoCode>(eventPath(eventId, 'promo-codes'), { method: 'POST', body: input, auth: true });
}

/** Changes the given fields (not the code itself); `null` clears an optional one. */
export function updatePromoCode(eventId: string, codeId: string, changes: Partial<PromoCodeInput>) {
  return request<PromoCode>(eventPath(eventId, 'promo-codes', codeId), { method: 'PATCH', body: changes, auth: true });
}

/** Disables a code; the uses it has stay with their bookings. */
export function disablePromoCode(eventId: string, codeId: string) {
  return request<PromoCode>(eventPath(eventId, 'promo-codes', codeId), { method: 'DELETE', auth: true });
}

/** The types a buyer may book, with the code's discount and the hidden types it unlocks (signed in). */
export function offer(eventId: string, promoCode: string | null, signal?: AbortSignal) {
  return request<Offer>(`${eventPath(eventId, 'offer')}${buildQuery({ promoCode: promoCode || undefined })}`, {
    auth: true,
    signal,
  });
}

// Bookings

/** The headers of a booking or hold: its idempotency key, and the waiting room's pass when there is one. */
function bookingHeaders(idempotencyKey: string, extras: BookingExtras): Record<string, string> {
  const headers: Record<string, string> = { 'Idempotency-Key': idempotencyKey };
  if (extras.queuePass) headers['Queue-Pass'] = extras.queuePass;
  return headers;
}

/**
 * Books seats of several ticket types at once (all or none). An event with a
 * waiting room needs the pass it gave (`extras.queuePass`), else `403`
 * `queue-pass-required`.
 */
export function book(eventId: string, items: BookingItemInput[], idempotencyKey: string, promoCode?: string | null,
  extras: BookingExtras = {}) {
  return request<{ message: string; bookingId: string }>('/bookings', {
    method: 'POST',
    body: promoCode ? { eventId, items, promoCode } : { eventId, items },
    auth: true,
    headers: bookingHeaders(idempotencyKey, extras),
  });
}

/** Takes the seats for the event's `holdMinutes` while the buyer checks out; a waiting room's pass as for `book`. */
export function createHold(eventId: string, items: BookingItemInput[], idempotencyKey: string, promoCode?: string | null,
  extras: BookingExtras = {}) {
  return request<Hold>('/holds', {
    method: 'POST',
    body: promoCode ? { eventId, items, promoCode } : { eventId, items },
    auth: true,
    headers: bookingHeaders(idempotencyKey, extras),
  });
}

export function getHold(id: string, signal?: AbortSignal) {
  return request<Hold>(`/holds/${encodeURIComponent(id)}`, { auth: true, signal });
}

/**
 * Makes the hold the booking (its id is the hold's), with who each seat is
 * for when given; `410` once it expired or was let go of.
 */
export function confirmHold(id: string, attendees?: Attendee[]) {
  return request<{ message: string; bookingId: string }>(`/holds/${encodeURIComponent(id)}/confirm`, {
    method: 'POST',
    body: attendees ? { attendees } : undefined,
    auth: true,
  });
}

/** Lets go of a hold: its seats are back at once. */
export function releaseHold(id: string) {
  return request<Hold>(`/holds/${encodeURIComponent(id)}`, { method: 'DELETE', auth: true });
}

export function myBookings(cursor: string | null, limit = 20, signal?: AbortSignal) {
  return request<Page<Booking>>(`/bookings${buildQuery({ limit, cursor })}`, { auth: true, signal });
}

export function eventBookings(eventId: string, cursor: string | null, limit = 20, signal?: AbortSignal) {
  return request<Page<Booking>>(`/bookings${buildQuery({ eventId, limit, cursor })}`, { auth: true, signal });
}

export function getBooking(id: string, signal?: AbortSignal) {
  return request<Booking>(`/bookings/${encodeURIComponent(id)}`, { auth: true, signal });
}

export function cancelBooking(id: string) {
  return request<Booking>(`/bookings/${encodeURIComponent(id)}`, { method: 'DELETE', auth: true });
}

/** Records that a booking was paid (or, to undo a mistake, that it is due): the event's organizer or an admin. */
export function setPaymentStatus(id: string, status: 'paid' | 'due') {
  return request<Booking>(`/bookings/${encodeURIComponent(id)}/payment`, { method: 'POST', body: { status }, auth: true });
}

// Waiting rooms

/**
 * Joins the event's waiting room (signed in); an account that joined before
 * gets its entry again. `409` `queue-not-open` (with `opensAt`) before the
 * room opens, `409` `sold-out`, `404` `no-waiting-room`.
 */
export async function joinQueue(eventId: string): Promise<QueueAnswer> {
  const { data, retryAfter } = await requestWithRetryAfter<QueueEntry>(eventPath(eventId, 'queue'), { method: 'POST', auth: true });
  return { entry: data, retryAfter };
}

/** The caller's place in the waiting room; 404 for a place of someone else's or of no such room. */
export async function queueEntry(eventId: string, queueId: string, signal?: AbortSignal): Promise<QueueAnswer> {
  const { data, retryAfter } = await requestWithRetryAfter<QueueEntry>(eventPath(eventId, 'queue', queueId), { auth: true, signal });
  return { entry: data, retryAfter };
}

/** The room's figures (its organizer or an admin); 404 for anyone else and before anyone joined. */
export function queueRoom(eventId: string, signal?: AbortSignal) {
  return request<QueueRoom>(eventPath(eventId, 'queue'), { auth: true, signal });
}

// Waitlists

/**
 * Takes a place in line for `seats` of a sold-out event (signed in); joining
 * again while in line gives the same entry (`joined` false). `409`
 * `seats-available` when that many can be booked now, `event-past`,
 * `event-cancelled`; `422` on `seats` beyond the booking maximum.
 */
export async function joinWaitlist(eventId: string, input: { seats: number; ticketTypeId?: string | null }): Promise<WaitlistJoin> {
  const body: { seats: number; ticketTypeId?: string } = { seats: input.seats };
  if (input.ticketTypeId) body.ticketTypeId = input.ticketTypeId;
  const { data, status } = await requestWithStatus<WaitlistEntry>(eventPath(eventId, 'waitlist'), { method: 'POST', body, auth: true });
  return { entry: data, joined: status === 201 };
}

/** The caller's entry (the active one, else the latest); `null` when they never joined. */
export async function myWaitlistEntry(eventId: string, signal?: AbortSignal): Promise<WaitlistEntry | null> {
  try {
    return await request<WaitlistEntry>(eventPath(eventId, 'waitlist', 'me'), { auth: true, signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** Leaves the line; seats held by an offer are let go of, to the next in line. */
export function leaveWaitlist(eventId: string) {
  return request<WaitlistEntry>(eventPath(eventId, 'waitlist', 'me'), { method: 'DELETE', auth: true });
}

/** The event's waitlist with its counts (its organizer or an admin), `limit` entries from `offset`. */
export function eventWaitlist(eventId: string, page: { limit?: number; offset?: number } = {}, signal?: AbortSignal) {
  return request<WaitlistPage>(`${eventPath(eventId, 'waitlist')}${buildQuery({ limit: page.limit, offset: page.offset })}`, {
    auth: true,
    signal,
  });
}

// Tickets and the door

/** Every ticket of a booking, in seat order, each with its QR code (the buyer, the organizer, door staff). */
export function bookingTickets(bookingId: string, signal?: AbortSignal) {
  return request<{ items: TicketWithQr[] }>(`/bookings/${encodeURIComponent(bookingId)}/tickets`, { auth: true, signal });
}

/** A ticket's QR code as a PNG. */
export function ticketQrPng(ticketId: string, signal?: AbortSignal) {
  return requestBlob(`/tickets/${encodeURIComponent(ticketId)}.png`, 'image/png', { auth: true, signal });
}

/** Admits the ticket with `code`; 409 when it was admitted already or is cancelled, 404 for no ticket of the event. */
export function checkIn(eventId: string, code: string) {
  return request<Admission>(eventPath(eventId, 'checkins'), { method: 'POST', body: { code }, auth: true });
}

/** Takes an admission back. */
export function undoCheckIn(eventId: string, ticketId: string) {
  return request<Ticket>(eventPath(eventId, 'checkins', ticketId), { method: 'DELETE', auth: true });
}

export function checkinStats(eventId: string, signal?: AbortSignal) {
  return request<CheckinStats>(eventPath(eventId, 'checkins', 'stats'), { auth: true, signal });
}

/** The event's door staff (its organizer or an admin). */
export function eventStaff(eventId: string, signal?: AbortSignal) {
  return request<{ items: StaffMember[] }>(eventPath(eventId, 'staff'), { auth: true, signal });
}

/** Adds the account with this e-mail to the door staff; 422 on `email` when there is none. */
export function addStaff(eventId: string, email: string) {
  return request<StaffMember>(eventPath(eventId, 'staff'), { method: 'POST', body: { email }, auth: true });
}

export function removeStaff(eventId: string, userId: string) {
  return request<void>(eventPath(eventId, 'staff', userId), { method: 'DELETE', auth: true });
}

/** The events the signed-in user works the door of. */
export function staffEvents(signal?: AbortSignal) {
  return request<{ items: StaffEvent[] }>('/staff/events', { auth: true, signal });
}

/** A page of the event's tickets with who they are for and whether they were admitted (1–500 a page). */
export function attendees(eventId: string, cursor: string | null, limit = 100, signal?: AbortSignal) {
  return request<Page<AttendeeRow>>(`${eventPath(eventId, 'attendees')}${buildQuery({ limit, cursor })}`, { auth: true, signal });
}

/** The whole attendee list as CSV. */
export function attendeesCsv(eventId: string) {
  return requestBlob(eventPath(eventId, 'attendees.csv'), 'text/csv', { auth: true });
}

// Notifications

export function notifications(cursor: string | null, options: { unread?: boolean; limit?: number } = {}, signal?: AbortSignal) {
  return request<NotificationPage>(
    `/notifications${buildQuery({ limit: options.limit ?? 20, cursor, unread: options.unread })}`,
    { auth: true, signal },
  );
}

export function markRead(id: string) {
  return request<Notification>(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST', auth: true });
}

export function markAllRead() {
  return request<{ updated: number; unreadCount: number }>('/notifications/read-all', { method: 'POST', auth: true });
}

/** A key for `Idempotency-Key`: one per booking attempt, reused on retries. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
