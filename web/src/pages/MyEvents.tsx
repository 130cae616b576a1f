import { useState } from 'react';
import { cancelEvent, myEvents, type EventItem } from '../api';
import { SeatsBadge } from '../components/EventCard';
import { ConfirmAction } from '../components/ConfirmAction';
import { Link } from '../components/Link';
import { Empty, ErrorBox, LiveMessage, LoadMore, Loading } from '../components/Status';
import { formatEventDate } from '../lib/format';
import { usePaged, useTitle } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { replaceRow } from '../lib/pagination';

export function MyEventsPage() {
  useTitle('My events');
  const list = usePaged((cursor, signal) => myEvents({ sort: 'date', limit: 20, cursor }, signal), []);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  async function cancel(event: EventItem) {
    setBusyId(event.id);
    setMessage(null);
    try {
      const updated = await cancelEvent(event.id);
      list.setItems((items) => replaceRow(items, updated));
      setMessage({ text: `“${event.title}” is cancelled. Everyone who booked it is told and their bookings are cancelled.`, tone: 'success' });
    } catch (err) {
      setMessage({ text: `The event could not be cancelled: ${errorMessage(err)}`, tone: 'error' });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>My events</h1>
        <Link to="/my-events/new" className="button">Create event</Link>
      </div>
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      {list.loading ? (
        <Loading label="Loading your events…" />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : list.items.length === 0 ? (
        <Empty><p>You have not created any events yet. <Link to="/my-events/new">Create your first event</Link>.</p></Empty>
      ) : (
        <>
          <ul className="stack-list" data-testid="my-event-list">
            {list.items.map((e) => {
              const sold = e.capacity - e.availableSeats;
              const path = `/my-events/${encodeURIComponent(e.id)}`;
              return (
                <li key={e.id} className="card" data-testid="my-event-item">
                  <div className="booking-head">
                    <h2 className="card-title"><Link to={`/events/${encodeURIComponent(e.id)}`}>{e.title}</Link></h2>
                    <SeatsBadge event={e} />
                  </div>
                  <p className="meta">
                    <time dateTime={e.date}>{formatEventDate(e.date)}</time><span aria-hidden="true"> · </span>{e.location}
                  </p>
                  <p>
                    {sold.toLocaleString()} of {e.capacity.toLocaleString()} seats booked
                  </p>
                  <meter className="meter" min={0} max={e.capacity} value={sold} aria-label={`Seats booked for ${e.title}`}>
                    {sold} of {e.capacity}
                  </meter>
                  <div className="button-row">
                    <Link to={path} className="button button-secondary">Bookings<span className="visually-hidden"> for {e.title}</span></Link>
                    <Link to={`/events/${encodeURIComponent(e.id)}/attendees`} className="button button-secondary">
                      Attendees<span className="visually-hidden"> of {e.title}</span>
                    </Link>
                    {e.status !== 'cancelled' && (
                      <Link to={`/events/${encodeURIComponent(e.id)}/checkin`} className="button button-secondary">
                        Check-in<span className="visually-hidden"> at {e.title}</span>
                      </Link>
                    )}
                    {e.status !== 'cancelled' && (
                      <>
                        <Link to={`${path}/edit`} className="button button-secondary">Edit<span className="visually-hidden"> {e.title}</span></Link>
                        <ConfirmAction label="Cancel event" question={`Cancel “${e.title}”? Every booking of it will be cancelled.`}
                          confirmLabel="Yes, cancel event" cancelLabel="Keep event" onConfirm={() => cancel(e)} busy={busyId === e.id} />
                      </>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
        </>
      )}
    </>
  );
}
