import { useState } from 'react';
import { eventBookings, getEvent, promoCodes, setPaymentStatus, ticketTypes, type Booking } from '../api';
import { BookingChart } from '../components/BookingChart';
import { BookingLines } from '../components/BookingLines';
import { BookingStatus } from '../components/BookingStatus';
import { SeatsBadge } from '../components/EventCard';
import { Link } from '../components/Link';
import { Empty, ErrorBox, LiveMessage, LoadMore, Loading } from '../components/Status';
import { WaitingRoomFigures } from '../components/WaitingRoomFigures';
import { WaitlistSection } from '../components/WaitlistSection';
import { formatDateTime, formatEventDate } from '../lib/format';
import { useAsync, usePaged, useTitle } from '../lib/hooks';
import { formatTotals } from '../lib/money';
import { loadAll, replaceRow } from '../lib/pagination';
import { errorMessage } from '../lib/problem';
import { codeState, discountText, usesLeftText, usesText } from '../lib/promo';
import { priceText, revenue, salesWindowText } from '../lib/tickets';

export function EventBookingsPage({ id }: { id: string }) {
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  useTitle(event.data ? `Bookings: ${event.data.title}` : 'Bookings');
  const all = useAsync((signal) => loadAll((cursor) => eventBookings(id, cursor, 100, signal), 50), [id]);
  const list = usePaged((cursor, signal) => eventBookings(id, cursor, 20, signal), [id]);
  const types = useAsync((signal) => ticketTypes(id, signal), [id]);
  const codes = useAsync((signal) => promoCodes(id, signal), [id]);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const e = event.data;
  const money = all.data ? revenue(all.data.items) : null;

  async function recordPayment(booking: Booking, status: 'paid' | 'due') {
    setBusyId(booking.id);
    setMessage(null);
    try {
      const updated = await setPaymentStatus(booking.id, status);
      list.setItems((items) => replaceRow(items, updated));
      all.setData((data) => (data ? { ...data, items: replaceRow(data.items, updated) } : data));
      setMessage({ text: status === 'paid' ? `Booking ${booking.ticketCode ?? booking.id} is marked paid.` : `Booking ${booking.ticketCode ?? booking.id} is marked unpaid.`, tone: 'success' });
    } catch (err) {
      setMessage({ text: `The payment could not be recorded: ${errorMessage(err)}`, tone: 'error' });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <>
      <p className="breadcrumb"><Link to="/my-events">← My events</Link></p>
      <h1 tabIndex={-1}>Bookings{e ? `: ${e.title}` : ''}</h1>
      {event.loading && !e ? (
        <Loading label="Loading the event…" />
      ) : event.error || !e ? (
        <ErrorBox error={event.error} onRetry={event.reload} />
      ) : (
        <section aria-label="Event summary" className="summary">
          <p className="meta">
            <time dateTime={e.date}>{formatEventDate(e.date)}</time> · {e.location} · <SeatsBadge event={e} />
          </p>
          <p>
            <strong>{(e.capacity - e.availableSeats).toLocaleString()}</strong> of {e.capacity.toLocaleString()} seats booked,{' '}
            <strong>{e.availableSeats.toLocaleString()}</strong> left.{' '}
            <Link to={`/events/${encodeURIComponent(e.id)}`}>Public page</Link>
            {e.status !== 'cancelled' && <> · <Link to={`/my-events/${encodeURIComponent(e.id)}/edit`}>Edit</Link></>}
            {' · '}<Link to={`/events/${encodeURIComponent(e.id)}/attendees`}>Attendees</Link>
            {e.status !== 'cancelled' && <> · <Link to={`/events/${encodeURIComponent(e.id)}/checkin`}>Check-in</Link></>}
          </p>
        </section>
      )}
      {e?.waitingRoom && <WaitingRoomFigures eventId={e.id} />}
      <WaitlistSection eventId={id} typeNames={Object.fromEntries((types.data?.items ?? []).map((t) => [t.id, t.name]))} />

      <section aria-labelledby="sales-title">
        <h2 id="sales-title">Sales by ticket type</h2>
        {types.loading && !types.data ? (
          <Loading label="Loading the ticket types…" />
        ) : types.error || !types.data ? (
          <ErrorBox error={types.error} onRetry={types.reload} />
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="sales-by-type">
              <caption className="visually-hidden">Seats sold of each ticket type</caption>
              <thead>
                <tr>
                  <th scope="col">Ticket type</th>
                  <th scope="col">Sold / quota</th>
                  <th scope="col">Left</th>
                  <th scope="col">Sales</th>
                </tr>
              </thead>
              <tbody>
                {types.data.items.map((t) => (
                  <tr key={t.id} data-ticket-type={t.name}>
                    <th scope="row">{t.name} {t.hidden && <span className="tag tag-muted">Hidden</span>}</th>
                    <td>{t.sold.toLocaleString()} / {t.quota.toLocaleString()}</td>
                    <td>{t.available.toLocaleString()}</td>
                    <td>{salesWindowText(t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {money && (
          <dl className="revenue" data-testid="revenue">
            <div><dt>Paid</dt><dd data-testid="revenue-paid">{formatTotals(money.paid, '—')}</dd></div>
            <div><dt>Still to pay</dt><dd data-testid="revenue-due">{formatTotals(money.due, '—')}</dd></div>
          </dl>
        )}
        {all.data && !all.data.complete && <p className="muted small">The sums cover the first {all.data.items.length} bookings.</p>}
      </section>

      <section aria-labelledby="codes-title">
        <h2 id="codes-title">Promo codes</h2>
        {codes.loading && !codes.data ? (
          <Loading label="Loading the promo codes…" />
        ) : codes.error || !codes.data ? (
          <ErrorBox error={codes.error} onRetry={codes.reload} />
        ) : codes.data.items.length === 0 ? (
          <p className="muted">
            No promo codes.{e && e.status !== 'cancelled' && <> Add one on the <Link to={`/my-events/${encodeURIComponent(e.id)}/edit`}>edit page</Link>.</>}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="promo-code-uses">
              <caption className="visually-hidden">Uses of each promo code</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Discount</th>
                  <th scope="col">Used</th>
                  <th scope="col">Uses left</th>
                </tr>
              </thead>
              <tbody>
                {codes.data.items.map((c) => (
                  <tr key={c.id} data-code={c.code}>
                    <th scope="row" className="code">
                      {c.code} {codeState(c) !== 'active' && <span className="tag tag-muted">{codeState(c) === 'used-up' ? 'Used up' : codeState(c) === 'expired' ? 'Expired' : 'Disabled'}</span>}
                    </th>
                    <td>{discountText(c, types.data?.items ?? [])}</td>
                    <td>{usesText(c)}</td>
                    <td data-testid="uses-left">{usesLeftText(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="chart-title">
        <h2 id="chart-title">Bookings over time</h2>
        {all.loading ? (
          <Loading label="Loading the chart…" />
        ) : all.error ? (
          <ErrorBox error={all.error} onRetry={all.reload} />
        ) : (
          <>
            <BookingChart bookings={all.data!.items} capacity={e?.capacity ?? 0} />
            {!all.data!.complete && <p className="muted small">The chart shows the first {all.data!.items.length} bookings.</p>}
          </>
        )}
      </section>

      <section aria-labelledby="list-title">
        <h2 id="list-title">All bookings</h2>
        <LiveMessage message={message?.text ?? null} tone={message?.tone} />
        {list.loading ? (
          <Loading label="Loading bookings…" />
        ) : list.error ? (
          <ErrorBox error={list.error} onRetry={list.reload} />
        ) : list.items.length === 0 ? (
          <Empty><p>No bookings yet.</p></Empty>
        ) : (
          <>
            <div className="table-scroll">
              <table className="data-table" data-testid="event-bookings">
                <caption className="visually-hidden">Bookings of this event, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Booked</th>
                    <th scope="col">Tickets</th>
                    <th scope="col">Total</th>
                    <th scope="col">Status</th>
                    <th scope="col">Ticket code</th>
                    <th scope="col">Payment</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((b) => (
                    <tr key={b.id} data-testid="event-booking" data-booking-id={b.id}>
                      <td><time dateTime={b.createdAt}>{formatDateTime(b.createdAt)}</time></td>
                      <td><BookingLines booking={b} /></td>
                      <td>{priceText(b.total ?? null)}</td>
                      <td><BookingStatus booking={b} /></td>
                      <td className="code">{b.ticketCode ?? '—'}</td>
                      <td><PaymentCell booking={b} busy={busyId === b.id} onRecord={(status) => recordPayment(b, status)} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <LoadMore hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          </>
        )}
      </section>
    </>
  );
}

function PaymentCell({ booking: b, busy, onRecord }: { booking: Booking; busy: boolean; onRecord: (status: 'paid' | 'due') => void }) {
  if (b.paymentStatus === 'paid') {
    return (
      <>
        <span className="payment-paid" data-testid="payment-status">Paid</span>{' '}
        {b.status === 'confirmed' && (
          <button type="button" className="button-link" onClick={() => onRecord('due')} disabled={busy} aria-busy={busy}>
            Mark unpaid<span className="visually-hidden"> {b.ticketCode}</span>
          </button>
        )}
      </>
    );
  }
  if (b.paymentStatus === 'due' && b.status === 'confirmed') {
    return (
      <>
        <span className="payment-due" data-testid="payment-status">Due</span>{' '}
        <button type="button" className="button button-secondary button-small" onClick={() => onRecord('paid')} disabled={busy} aria-busy={busy}>
          {busy ? 'Saving…' : 'Mark paid'}<span className="visually-hidden"> {b.ticketCode}</span>
        </button>
      </>
    );
  }
  return <span className="muted" data-testid="payment-status">{b.paymentStatus === 'none' ? 'Nothing to pay' : '—'}</span>;
}
