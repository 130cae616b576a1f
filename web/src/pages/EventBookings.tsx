import { eventBookings, getEvent } from '../api';
import { BookingChart } from '../components/BookingChart';
import { BookingStatus } from '../components/BookingStatus';
import { SeatsBadge } from '../components/EventCard';
import { Link } from '../components/Link';
import { Empty, ErrorBox, LoadMore, Loading } from '../components/Status';
import { formatDateTime, formatEventDate } from '../lib/format';
import { useAsync, usePaged, useTitle } from '../lib/hooks';
import { loadAll } from '../lib/pagination';

export function EventBookingsPage({ id }: { id: string }) {
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  useTitle(event.data ? `Bookings: ${event.data.title}` : 'Bookings');
  const all = useAsync((signal) => loadAll((cursor) => eventBookings(id, cursor, 100, signal), 50), [id]);
  const list = usePaged((cursor, signal) => eventBookings(id, cursor, 20, signal), [id]);
  const e = event.data;

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
          </p>
        </section>
      )}

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
                    <th scope="col">Seats</th>
                    <th scope="col">Status</th>
                    <th scope="col">Ticket code</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((b) => (
                    <tr key={b.id}>
                      <td><time dateTime={b.createdAt}>{formatDateTime(b.createdAt)}</time></td>
                      <td>{b.seats}</td>
                      <td><BookingStatus booking={b} /></td>
                      <td className="code">{b.ticketCode ?? '—'}</td>
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
