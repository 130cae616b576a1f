import { useRef, useState, type FormEvent } from 'react';
import { book, eventIcsUrl, getEvent, newIdempotencyKey, ApiError, type EventItem } from '../api';
import { SeatsBadge } from '../components/EventCard';
import { Link } from '../components/Link';
import { SelectField } from '../components/Field';
import { ErrorBox, LiveMessage, Loading } from '../components/Status';
import { formatEventDate, formatPrice, isPast, plural } from '../lib/format';
import { useAsync, useSession, useTitle } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { seatChoices } from '../lib/validation';

function bookingFailure(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409) {
      return error.detail ?? 'These seats are no longer available.';
    }
    if (error.status === 503) {
      return 'Your booking is being processed. Check My bookings in a few seconds to see whether it was confirmed.';
    }
    if (error.status === 422 && error.fieldErrors.seats) return `Seats ${error.fieldErrors.seats}.`;
  }
  return errorMessage(error);
}

export function EventPage({ id }: { id: string }) {
  const current = useSession();
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  useTitle(event.data?.title ?? 'Event');

  if (event.loading && !event.data) return <Loading label="Loading the event…" />;
  if (event.error && !event.data) {
    if (event.error instanceof ApiError && event.error.status === 404) {
      return (
        <>
          <h1 tabIndex={-1}>Event not found</h1>
          <p>This event does not exist. <Link to="/">Browse upcoming events</Link>.</p>
        </>
      );
    }
    return <ErrorBox error={event.error} onRetry={event.reload} />;
  }
  const e = event.data!;
  const price = formatPrice(e.price);
  const isOrganizer = current?.user.id === e.organizerId;

  return (
    <article className="event-detail">
      <p className="breadcrumb"><Link to="/">← All events</Link></p>
      <h1 tabIndex={-1}>{e.title}</h1>
      <dl className="facts">
        <div><dt>Date</dt><dd><time dateTime={e.date}>{formatEventDate(e.date)}</time></dd></div>
        <div><dt>Location</dt><dd>{e.location}</dd></div>
        {e.category && <div><dt>Category</dt><dd>{e.category}</dd></div>}
        {price && <div><dt>Price</dt><dd>{price}</dd></div>}
        <div>
          <dt>Seats</dt>
          <dd>
            <span data-testid="seats-left">{e.availableSeats <= 0 ? 'Sold out' : `${plural(e.availableSeats, 'seat')} left`}</span>
            {' '}of {e.capacity.toLocaleString()}
          </dd>
        </div>
      </dl>
      <SeatsBadge event={e} />
      {e.description ? <div className="description">{e.description}</div> : <p className="muted">No description.</p>}
      <p>
        <a href={eventIcsUrl(e.id)} download className="button button-secondary">
          Add to calendar (.ics)
        </a>
      </p>
      {isOrganizer && (
        <p className="organizer-links">
          You organize this event: <Link to={`/my-events/${encodeURIComponent(e.id)}`}>bookings and chart</Link>
          {e.status !== 'cancelled' && <> · <Link to={`/my-events/${encodeURIComponent(e.id)}/edit`}>edit</Link></>}
        </p>
      )}
      <BookingPanel event={e} signedIn={current !== null} onBooked={event.reload} />
    </article>
  );
}

function BookingPanel({ event, signedIn, onBooked }: { event: EventItem; signedIn: boolean; onBooked: () => void }) {
  const [seats, setSeats] = useState(1);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [bookedId, setBookedId] = useState<string | null>(null);
  // One key per attempt: a retry after a network failure books at most once.
  const attemptKey = useRef<string | null>(null);

  const choices = seatChoices(event);
  const here = `/events/${encodeURIComponent(event.id)}`;

  if (event.status === 'cancelled') {
    return <p className="notice notice-error">This event has been cancelled; it can no longer be booked.</p>;
  }
  if (isPast(event.date)) {
    return <p className="notice notice-info">This event has already taken place.</p>;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    setBookedId(null);
    attemptKey.current ??= newIdempotencyKey();
    try {
      const result = await book(event.id, seats, attemptKey.current);
      attemptKey.current = null;
      setBookedId(result.bookingId);
      setMessage({ text: `Booked ${plural(seats, 'seat')}. ${result.message}`, tone: 'success' });
      setSeats(1);
      onBooked();
    } catch (err) {
      // Network trouble or a pending booking may be retried with the same key; anything else starts afresh.
      if (!(err instanceof ApiError) || (err.status !== 0 && err.status !== 503)) attemptKey.current = null;
      setMessage({ text: bookingFailure(err), tone: 'error' });
      if (err instanceof ApiError && err.status === 409) onBooked();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="booking-panel" aria-labelledby="book-title">
      <h2 id="book-title">Book seats</h2>
      {event.availableSeats <= 0 ? (
        <p className="notice notice-soldout"><strong>Sold out.</strong> There are no seats left for this event.</p>
      ) : !signedIn ? (
        <p>
          <Link to={`/signin?next=${encodeURIComponent(here)}`} className="button">Sign in to book</Link>{' '}
          or <Link to={`/signup?next=${encodeURIComponent(here)}`}>create an account</Link>.
        </p>
      ) : (
        <form onSubmit={submit} className="book-form">
          <SelectField id="seats" label="Seats" value={String(seats)} onChange={(e) => setSeats(Number(e.target.value))}
            hint={`Up to ${choices.length} per booking`}>
            {choices.map((n) => <option key={n} value={n}>{n}</option>)}
          </SelectField>
          <button type="submit" className="button" disabled={busy} aria-busy={busy}>
            {busy ? 'Booking…' : 'Book'}
          </button>
        </form>
      )}
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      {bookedId && (
        <p>
          <Link to={`/bookings/${encodeURIComponent(bookedId)}`}>See your ticket</Link> ·{' '}
          <Link to="/bookings">My bookings</Link>
        </p>
      )}
    </section>
  );
}
