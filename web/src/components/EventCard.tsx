import type { EventItem } from '../api';
import { formatDateTime, formatEventDate, isPast, plural } from '../lib/format';
import { onSaleBadgeText, pendingOpening } from '../lib/onsale';
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

/** "On sale 1 Jun" while the sales of a scheduled, coming event are still to open. */
export function OnSaleBadge({ event }: { event: Pick<EventItem, 'onSaleAt' | 'status' | 'date'> }) {
  const opensAt = pendingOpening(event);
  if (!opensAt || event.status === 'cancelled' || isPast(event.date)) return null;
  return (
    <span className="tag tag-on-sale" data-testid="on-sale-badge" title={`On sale from ${formatDateTime(opensAt)}`}>
      {onSaleBadgeText(opensAt)}
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
      <p className="badges">
        <SeatsBadge event={event} />
        <OnSaleBadge event={event} />
      </p>
    </li>
  );
}
