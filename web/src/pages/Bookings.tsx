import { useState } from 'react';
import { cancelBooking, getBooking, myBookings, ApiError, type Booking } from '../api';
import { BookingLines, PaymentNote } from '../components/BookingLines';
import { BookingStatus } from '../components/BookingStatus';
import { TicketCards } from '../components/TicketCards';
import { ConfirmAction } from '../components/ConfirmAction';
import { Link } from '../components/Link';
import { Empty, ErrorBox, LiveMessage, LoadMore, Loading } from '../components/Status';
import { formatDateTime, formatEventDate, isPast, plural } from '../lib/format';
import { useAsync, usePaged, useTitle } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { replaceRow } from '../lib/pagination';
import { groupCode } from '../lib/ticketcode';
import { hasPrices, priceText } from '../lib/tickets';
import { refreshUnread } from '../lib/unread';

export function BookingsPage() {
  useTitle('My bookings');
  const list = usePaged((cursor, signal) => myBookings(cursor, 20, signal), []);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  async function cancel(booking: Booking) {
    setBusyId(booking.id);
    setMessage(null);
    try {
      const updated = await cancelBooking(booking.id);
      list.setItems((items) => replaceRow(items, updated));
      setMessage({ text: `Your booking for ${booking.event?.title ?? 'the event'} is cancelled; the seats were released.`, tone: 'success' });
      window.setTimeout(() => void refreshUnread(), 1500);
    } catch (err) {
      setMessage({ text: `The booking could not be cancelled: ${errorMessage(err)}`, tone: 'error' });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>My bookings</h1>
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      {list.loading ? (
        <Loading label="Loading your bookings…" />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : list.items.length === 0 ? (
        <Empty><p>You have no bookings yet. <Link to="/">Find an event</Link>.</p></Empty>
      ) : (
        <>
          <ul className="stack-list" data-testid="booking-list">
            {list.items.map((b) => (
              <BookingRow key={b.id} booking={b} busy={busyId === b.id} onCancel={() => cancel(b)} />
            ))}
          </ul>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
        </>
      )}
    </>
  );
}

function BookingRow({ booking: b, busy, onCancel }: { booking: Booking; busy: boolean; onCancel: () => void }) {
  const title = b.event?.title ?? 'Event';
  const canCancel = b.status === 'confirmed' && !(b.event && isPast(b.event.date));
  return (
    <li className="card booking-card" data-testid="booking-item" data-booking-id={b.id}>
      <div className="booking-head">
        <h2 className="card-title"><Link to={`/events/${encodeURIComponent(b.eventId)}`}>{title}</Link></h2>
        <BookingStatus booking={b} />
      </div>
      {b.event && (
        <p className="meta">
          <time dateTime={b.event.date}>{formatEventDate(b.event.date)}</time>
          <span aria-hidden="true"> · </span>{b.event.location}
        </p>
      )}
      <dl className="facts facts-inline">
        <div><dt>Tickets</dt><dd><BookingLines booking={b} /></dd></div>
        {b.total !== undefined && hasPrices(b) && <div><dt>Total</dt><dd data-testid="booking-total">{priceText(b.total)}</dd></div>}
        {b.status === 'confirmed' && b.paymentStatus && <div><dt>Payment</dt><dd><PaymentNote booking={b} /></dd></div>}
        {b.ticketCode && <div><dt>Ticket code</dt><dd className="code" data-testid="ticket-code">{groupCode(b.ticketCode)}</dd></div>}
        <div><dt>Booked</dt><dd><time dateTime={b.createdAt}>{formatDateTime(b.createdAt)}</time></dd></div>
      </dl>
      <div className="button-row">
        {b.ticketCode && b.status === 'confirmed' && (
          <Link to={`/bookings/${encodeURIComponent(b.id)}`} className="button button-secondary">
            Show tickets<span className="visually-hidden"> for {title}</span>
          </Link>
        )}
        {b.status === 'held' && (
          <Link to={`/checkout/${encodeURIComponent(b.id)}`} className="button">
            Continue checkout<span className="visually-hidden"> for {title}</span>
          </Link>
        )}
        {canCancel && (
          <ConfirmAction label="Cancel booking" question={`Cancel your booking of ${plural(b.seats, 'seat')} for ${title}?`}
            confirmLabel="Yes, cancel booking" cancelLabel="Keep booking" onConfirm={onCancel} busy={busy} />
        )}
      </div>
    </li>
  );
}

export function TicketPage({ id }: { id: string }) {
  const booking = useAsync((signal) => getBooking(id, signal), [id]);
  useTitle('Tickets');
  if (booking.loading && !booking.data) return <Loading label="Loading the tickets…" />;
  if (booking.error || !booking.data) {
    if (booking.error instanceof ApiError && booking.error.status === 404) {
      return (<><h1 tabIndex={-1}>Ticket not found</h1><p><Link to="/bookings">Back to my bookings</Link></p></>);
    }
    return <ErrorBox error={booking.error} onRetry={booking.reload} />;
  }
  const b = booking.data;
  const hasTickets = b.status === 'confirmed' || b.status === 'cancelled';
  return (
    <>
      <p className="breadcrumb"><Link to="/bookings">← My bookings</Link></p>
      <h1 tabIndex={-1} className={hasTickets ? 'no-print' : undefined}>Tickets</h1>
      <section className={`ticket ticket-${b.status}${hasTickets ? ' no-print' : ''}`} aria-labelledby="ticket-event">
        <h2 id="ticket-event">{b.event?.title ?? 'Event'}</h2>
        {b.event && (
          <p className="meta"><time dateTime={b.event.date}>{formatEventDate(b.event.date)}</time> · {b.event.location}</p>
        )}
        <p className="ticket-label" id="ticket-code-label">Ticket code</p>
        <p className="ticket-code" aria-labelledby="ticket-code-label" data-testid="ticket-code-large">
          {b.ticketCode ? groupCode(b.ticketCode) : '—'}
        </p>
        <p>{plural(b.seats, 'seat')} · <BookingStatus booking={b} /></p>
        {b.items && b.items.length > 0 && <BookingLines booking={b} />}
        {b.total !== undefined && hasPrices(b) && <p className="booking-total">Total: <strong data-testid="ticket-total">{priceText(b.total)}</strong></p>}
        {b.status === 'confirmed' && b.paymentStatus && <p><PaymentNote booking={b} /></p>}
        {b.attendees && b.attendees.length > 0 && (
          <>
            <h3 className="ticket-label" id="ticket-attendees">Attendees</h3>
            <ol className="ticket-attendees" aria-labelledby="ticket-attendees" data-testid="ticket-attendees">
              {b.attendees.map((person, n) => (
                <li key={n}><span className="attendee-name">{person.name}</span> <span className="muted">{person.email}</span></li>
              ))}
            </ol>
          </>
        )}
        {b.status !== 'confirmed' && <p className="notice notice-error">This ticket is not valid.</p>}
        <p className="muted small">Booking reference {b.id}</p>
      </section>
      {hasTickets && (
        <section aria-labelledby="tickets-title" className="tickets-section">
          <h2 id="tickets-title" className="no-print">Tickets</h2>
          <TicketCards booking={b} />
        </section>
      )}
    </>
  );
}
