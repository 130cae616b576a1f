import { useEffect, useState } from 'react';
import { type StaffEvent } from '../api';
import { Link } from '../components/Link';
import { Empty, ErrorBox, Loading } from '../components/Status';
import { refreshDoorEvents } from '../lib/door';
import { formatEventDate, isPast } from '../lib/format';
import { useTitle } from '../lib/hooks';

/** The events the signed-in user works the door of, soonest first, past ones last. */
export function DoorPage() {
  useTitle('Door');
  const [events, setEvents] = useState<StaffEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    refreshDoorEvents().then(
      (items) => { if (live) setEvents(items); },
      (err: unknown) => { if (live) setError(err); },
    );
    return () => { live = false; };
  }, [round]);

  const past = (e: StaffEvent) => (e.eventDate ? isPast(e.eventDate) : false);
  const sorted = (events ?? []).slice().sort((a, b) =>
    Number(past(a)) - Number(past(b)) || (a.eventDate ?? '').localeCompare(b.eventDate ?? ''));
  return (
    <>
      <h1 tabIndex={-1}>Door</h1>
      <p className="muted">Events whose organizers asked you to check tickets at the door.</p>
      {error ? (
        <ErrorBox error={error} onRetry={() => setRound((r) => r + 1)} />
      ) : events === null ? (
        <Loading label="Loading your events…" />
      ) : sorted.length === 0 ? (
        <Empty><p>No organizer has added you to the door staff of an event.</p></Empty>
      ) : (
        <ul className="stack-list" data-testid="door-event-list">
          {sorted.map((e) => (
            <li key={e.eventId} className="card" data-testid="door-event-item">
              <h2 className="card-title">{e.eventTitle ?? 'Event'}</h2>
              {e.eventDate && <p className="meta"><time dateTime={e.eventDate}>{formatEventDate(e.eventDate)}</time></p>}
              <div className="button-row">
                <Link to={`/events/${encodeURIComponent(e.eventId)}/checkin`} className="button">
                  Check in<span className="visually-hidden"> at {e.eventTitle ?? 'this event'}</span>
                </Link>
                <Link to={`/events/${encodeURIComponent(e.eventId)}/attendees`} className="button button-secondary">
                  Attendees<span className="visually-hidden"> of {e.eventTitle ?? 'this event'}</span>
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
