import type { EventItem } from '../api';
import { formatEventDate, isPast, plural } from '../lib/format';
import { Link } from './Link';

export function SeatsBadge({ event }: { event: Pick<EventItem, 'availableSeats' | 'capacity' | 'status' | 'date'> }) {
  if (event.status === 'cancelled') return <span className="tag tag-cancelled">Cancelled</span>;
  if (isPast(event.date)) return <span className="tag tag-muted">Took place</span>;
  if (event.availableSeats <= 0) return <span className="tag tag-soldout">Sold out</span>;
  const few = event.availableSeats <= Math.max(3, Math.ceil(event.capacity * 0.1));
  return (
    <span className={few ? 'tag tag-few' : 'tag tag-ok'}>
      {plural(event.availableSeats, 'seat')} left
    </span>
  );
}

export function EventCard({ event }: { event: EventItem }) {
  return (
    <li className="card event-card">
      <h3 className="card-title">
        <Link to={`/events/${encodeURIComponent(event.id)}`}>{event.title}</Link>
      </h3>
      <p className="meta">
        <time dateTime={event.date}>{formatEventDate(event.date)}</time>
        <span aria-hidden="true"> · </span>
        <span>{event.location}</span>
      </p>
      {event.category && <p className="meta category">{event.category}</p>}
      <SeatsBadge event={event} />
    </li>
  );
}
