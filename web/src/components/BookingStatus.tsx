import type { Booking } from '../api';

const reasons: Record<string, string> = {
  'cancelled-by-user': 'cancelled by you',
  'event-cancelled': 'the event was cancelled',
  'sold-out': 'sold out',
  'not-found': 'the event no longer exists',
  cancelled: 'the event was cancelled',
  past: 'the event has already taken place',
  'too-many-seats': 'too many seats for one booking',
};

export function reasonText(reason: string | null): string | null {
  if (!reason) return null;
  return reasons[reason] ?? reason.replace(/-/g, ' ');
}

export function BookingStatus({ booking }: { booking: Pick<Booking, 'status' | 'reason'> }) {
  const reason = reasonText(booking.reason);
  const labels: Record<string, string> = {
    pending: 'Pending', confirmed: 'Confirmed', rejected: 'Rejected', cancelled: 'Cancelled',
    held: 'Held at checkout', expired: 'Hold expired', released: 'Hold let go',
  };
  return (
    <span className={`tag tag-status-${booking.status}`} data-testid="booking-status">
      {labels[booking.status] ?? booking.status}
      {reason ? <span className="tag-reason"> ({reason})</span> : null}
    </span>
  );
}
