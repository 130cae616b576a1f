import { useState } from 'react';
import { getEvent, getHold, releaseHold, ApiError } from '../api';
import { HoldConfirmForm, HoldCountdown, HoldSummary } from '../components/HoldConfirm';
import { Link } from '../components/Link';
import { ErrorBox, Loading } from '../components/Status';
import { remainingMs } from '../lib/countdown';
import { formatEventDate } from '../lib/format';
import { useAsync, useNow, useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';

/** How a hold ended without becoming a booking. */
type Ended = 'expired' | 'released' | 'let-go';

const endedText: Record<Ended, string> = {
  expired: 'Your hold expired and the seats were released. Nothing was booked.',
  released: 'This hold was let go of and the seats were released. Nothing was booked.',
  'let-go': 'You let go of the seats; they are free for others again. Nothing was booked.',
};

/**
 * The checkout of a hold: its lines and total, the time left, who each seat
 * is for (when the event asks, or when the buyer chooses to say), and confirm
 * or cancel.
 */
export function CheckoutPage({ id }: { id: string }) {
  useTitle('Checkout');
  const hold = useAsync((signal) => getHold(id, signal), [id]);
  const eventId = hold.data?.eventId;
  const event = useAsync((signal) => (eventId ? getEvent(eventId, signal) : Promise.resolve(null)), [eventId]);
  const [ended, setEnded] = useState<Ended | null>(null);
  const h = hold.data;
  const live = h?.status === 'held' && ended === null;
  const now = useNow(1000, live);

  if (hold.loading && !h) return <Loading label="Loading your checkout…" />;
  if (hold.error || !h) {
    if (hold.error instanceof ApiError && hold.error.status === 404) {
      return (
        <>
          <h1 tabIndex={-1}>Checkout not found</h1>
          <p>There is no hold of yours at this address. <Link to="/bookings">My bookings</Link></p>
        </>
      );
    }
    return <ErrorBox error={hold.error} onRetry={hold.reload} />;
  }

  const eventPath = `/events/${encodeURIComponent(h.eventId)}`;
  const left = remainingMs(h.expiresAt, now);
  const outcome: Ended | null = ended ?? (h.status === 'expired' || (h.status === 'held' && left === 0) ? 'expired'
    : h.status === 'released' ? 'released' : null);

  const e = event.data;
  return (
    <>
      <p className="breadcrumb"><Link to={eventPath}>← {e?.title ?? 'The event'}</Link></p>
      <h1 tabIndex={-1}>Checkout</h1>
      {e && (
        <p className="meta"><strong>{e.title}</strong> · <time dateTime={e.date}>{formatEventDate(e.date)}</time> · {e.location}</p>
      )}
      {h.status === 'confirmed' ? (
        <div className="notice notice-success">
          <p>This hold is confirmed: it is your booking.</p>
          <p><Link to={`/bookings/${encodeURIComponent(h.bookingId ?? h.holdId)}`}>See your ticket</Link></p>
        </div>
      ) : outcome ? (
        <div className="notice notice-error" role="alert" data-testid="hold-ended">
          <p><strong>{endedText[outcome]}</strong></p>
          <p><Link to={eventPath} className="button">Start again</Link></p>
        </div>
      ) : h.status !== 'held' ? (
        <div className="notice notice-error" role="alert">
          <p>This hold can no longer be confirmed.</p>
          <p><Link to={eventPath} className="button">Start again</Link></p>
        </div>
      ) : (
        <>
          <HoldCountdown left={left} />
          <HoldSummary hold={h} />
          <HoldConfirmForm hold={h} onGone={setEnded}
            onConfirmed={(bookingId) => navigate(`/bookings/${encodeURIComponent(bookingId)}`)}
            cancel={{
              label: 'Cancel',
              busyLabel: 'Letting go…',
              failure: 'The hold could not be let go of',
              run: async () => {
                await releaseHold(h.holdId);
                setEnded('let-go');
              },
            }} />
          <p className="hint">Cancel lets go of the seats at once; nothing is booked.</p>
        </>
      )}
    </>
  );
}
