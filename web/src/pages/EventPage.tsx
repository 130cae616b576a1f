import { useRef, useState, type FormEvent } from 'react';
import { book, eventIcsUrl, getEvent, newIdempotencyKey, ApiError, type BookingItemInput, type EventItem, type TicketType } from '../api';
import { SeatsBadge } from '../components/EventCard';
import { Link } from '../components/Link';
import { SelectField } from '../components/Field';
import { QuantityStepper } from '../components/QuantityStepper';
import { ErrorBox, LiveMessage, Loading } from '../components/Status';
import { formatEventDate, formatPrice, isPast, plural } from '../lib/format';
import { useAsync, useSession, useTitle } from '../lib/hooks';
import {
  bookingFailure, bookingLimit, isSingleType, priceText, quantityMax, salesState, salesStateText, seatsPicked, selectionItems,
  selectionTotal, totalText, typePrice, type Quantities,
} from '../lib/tickets';
import { seatChoices } from '../lib/validation';

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
  // Several types show their own prices in the booking panel.
  const price = isSingleType(e) ? formatPrice(e.ticketTypes?.[0]?.price ?? e.price) : null;
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
  const [quantities, setQuantities] = useState<Quantities>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [bookedId, setBookedId] = useState<string | null>(null);
  // One key per attempt: a retry after a network failure books at most once.
  const attemptKey = useRef<string | null>(null);

  const types = event.ticketTypes ?? [];
  const single = isSingleType(event);
  const here = `/events/${encodeURIComponent(event.id)}`;

  if (event.status === 'cancelled') {
    return <p className="notice notice-error">This event has been cancelled; it can no longer be booked.</p>;
  }
  if (isPast(event.date)) {
    return <p className="notice notice-info">This event has already taken place.</p>;
  }

  const items: BookingItemInput[] = single
    ? (types[0] ? [{ ticketTypeId: types[0].id, quantity: seats }] : [])
    : selectionItems(types, quantities);
  const picked: Quantities = single && types[0] ? { [types[0].id]: seats } : quantities;
  const total = totalText(selectionTotal(types, picked, event));
  const count = seatsPicked(picked);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (items.length === 0) {
      setMessage({ text: 'Pick at least one ticket first.', tone: 'error' });
      return;
    }
    setBusy(true);
    setMessage(null);
    setBookedId(null);
    attemptKey.current ??= newIdempotencyKey();
    try {
      const result = await book(event.id, items, attemptKey.current);
      attemptKey.current = null;
      setBookedId(result.bookingId);
      setMessage({ text: `Booked ${plural(count, 'seat')}${total === 'Free' ? '' : ` (${total})`}. ${result.message}`, tone: 'success' });
      setSeats(1);
      setQuantities({});
      onBooked();
    } catch (err) {
      // Network trouble or a pending booking may be retried with the same key; anything else starts afresh.
      if (!(err instanceof ApiError) || (err.status !== 0 && err.status !== 503)) attemptKey.current = null;
      setMessage({ text: bookingFailure(err, types), tone: 'error' });
      if (err instanceof ApiError && err.status === 409) onBooked();
    } finally {
      setBusy(false);
    }
  }

  const bookButton = (
    <button type="submit" className="button" disabled={busy} aria-busy={busy}>
      {busy ? 'Booking…' : 'Book'}
    </button>
  );

  let body;
  if (event.availableSeats <= 0) {
    body = <p className="notice notice-soldout"><strong>Sold out.</strong> There are no seats left for this event.</p>;
  } else if (single) {
    const choices = types[0] ? seatChoices({ availableSeats: quantityMax(types[0], {}, event), maxSeatsPerBooking: null }) : seatChoices(event);
    const state = types[0] ? salesState(types[0]) : null;
    if (state && state.kind !== 'on-sale') {
      body = <p className="notice notice-info">{salesStateText(state)}.</p>;
    } else if (!signedIn) {
      body = <SignInToBook here={here} />;
    } else {
      body = (
        <form onSubmit={submit} className="book-form">
          <SelectField id="seats" label="Seats" value={String(seats)} onChange={(e) => setSeats(Number(e.target.value))}
            hint={`Up to ${choices.length} per booking`}>
            {choices.map((n) => <option key={n} value={n}>{n}</option>)}
          </SelectField>
          {bookButton}
          {total !== 'Free' && <p className="booking-total" data-testid="booking-total">Total: <strong>{total}</strong></p>}
        </form>
      );
    }
  } else {
    body = (
      <form onSubmit={submit}>
        <ul className="ticket-type-list" data-testid="ticket-types">
          {types.map((t) => (
            <TicketTypeChoice key={t.id} type={t} price={priceText(typePrice(t, event))} value={quantities[t.id] ?? 0}
              max={quantityMax(t, quantities, event)} canPick={signedIn}
              onChange={(n) => setQuantities((q) => ({ ...q, [t.id]: n }))} />
          ))}
        </ul>
        {signedIn ? (
          <div className="button-row">
            <p className="booking-total" data-testid="booking-total" aria-live="polite">
              {count === 0 ? 'No tickets picked' : <>{plural(count, 'seat')} · Total: <strong>{total}</strong></>}
            </p>
            {bookButton}
            <p className="hint">Up to {bookingLimit(event)} seats in one booking.</p>
          </div>
        ) : (
          <SignInToBook here={here} />
        )}
      </form>
    );
  }

  return (
    <section className="booking-panel" aria-labelledby="book-title">
      <h2 id="book-title">{single ? 'Book seats' : 'Tickets'}</h2>
      {body}
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

function SignInToBook({ here }: { here: string }) {
  return (
    <p>
      <Link to={`/signin?next=${encodeURIComponent(here)}`} className="button">Sign in to book</Link>{' '}
      or <Link to={`/signup?next=${encodeURIComponent(here)}`}>create an account</Link>.
    </p>
  );
}

function TicketTypeChoice({ type, price, value, max, canPick, onChange }: {
  type: TicketType;
  price: string;
  value: number;
  max: number;
  canPick: boolean;
  onChange: (n: number) => void;
}) {
  const state = salesState(type);
  const stateId = `type-${type.id}-state`;
  return (
    <li className="card ticket-type" data-testid="ticket-type" data-ticket-type={type.name}>
      <div>
        <h3>{type.name} <span className="ticket-type-price">{price}</span></h3>
        {type.description && <p className="muted">{type.description}</p>}
        <p id={stateId} className="small">
          {state.kind === 'on-sale' ? (
            <>{plural(type.available, 'seat')} left{state.until ? ` · ${salesStateText(state)}` : ''}</>
          ) : (
            <strong>{salesStateText(state)}</strong>
          )}
          {type.maxPerBooking != null && state.kind === 'on-sale' && <> · at most {type.maxPerBooking} per booking</>}
        </p>
      </div>
      {canPick && state.kind === 'on-sale' && (
        <QuantityStepper id={`quantity-${type.id}`} label={type.name} value={value} max={max}
          onChange={onChange} describedBy={stateId} />
      )}
    </li>
  );
}
