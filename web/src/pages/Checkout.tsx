import { useState } from 'react';
import { confirmHold, getEvent, getHold, releaseHold, ApiError, type Hold } from '../api';
import { BookingLines } from '../components/BookingLines';
import { Link } from '../components/Link';
import { ErrorBox, Loading } from '../components/Status';
import { countdownAnnouncement, countdownWords, formatCountdown, remainingMs } from '../lib/countdown';
import { formatEventDate } from '../lib/format';
import { useAsync, useNow, useTitle } from '../lib/hooks';
import { addTo, formatTotals, isZero } from '../lib/money';
import { errorMessage } from '../lib/problem';
import { navigate } from '../lib/router';
import { totalText } from '../lib/tickets';
import { refreshUnread } from '../lib/unread';

/** How a hold ended without becoming a booking. */
type Ended = 'expired' | 'released' | 'let-go';

const endedText: Record<Ended, string> = {
  expired: 'Your hold expired and the seats were released. Nothing was booked.',
  released: 'This hold was let go of and the seats were released. Nothing was booked.',
  'let-go': 'You let go of the seats; they are free for others again. Nothing was booked.',
};

/** Seconds left below which the countdown turns to a warning colour. */
const LOW_MS = 60_000;

/** The checkout of a hold: its lines and total, the time left, and confirm or cancel. */
export function CheckoutPage({ id }: { id: string }) {
  useTitle('Checkout');
  const hold = useAsync((signal) => getHold(id, signal), [id]);
  const eventId = hold.data?.eventId;
  const event = useAsync((signal) => (eventId ? getEvent(eventId, signal) : Promise.resolve(null)), [eventId]);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
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

  async function confirm() {
    setBusy('confirm');
    setFailure(null);
    try {
      const result = await confirmHold(h!.holdId);
      window.setTimeout(() => void refreshUnread(), 1500);
      navigate(`/bookings/${encodeURIComponent(result.bookingId)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setEnded(/released/.test(err.type ?? '') ? 'released' : 'expired');
      else setFailure(`Your booking could not be confirmed: ${errorMessage(err)}`);
      setBusy(null);
    }
  }

  async function cancel() {
    setBusy('cancel');
    setFailure(null);
    try {
      await releaseHold(h!.holdId);
      setEnded('let-go');
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setEnded(/released/.test(err.type ?? '') ? 'released' : 'expired');
      else setFailure(`The hold could not be let go of: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  }

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
          <Countdown left={left} />
          <HoldSummary hold={h} />
          {failure && <p className="notice notice-error" role="alert">{failure}</p>}
          <div className="button-row">
            <button type="button" className="button" onClick={confirm} disabled={busy !== null} aria-busy={busy === 'confirm'}>
              {busy === 'confirm' ? 'Confirming…' : 'Confirm booking'}
            </button>
            <button type="button" className="button button-secondary" onClick={cancel} disabled={busy !== null} aria-busy={busy === 'cancel'}>
              {busy === 'cancel' ? 'Letting go…' : 'Cancel'}
            </button>
          </div>
          <p className="hint">Cancel lets go of the seats at once; nothing is booked.</p>
        </>
      )}
    </>
  );
}

function Countdown({ left }: { left: number }) {
  return (
    <>
      <div className={left <= LOW_MS ? 'checkout-timer checkout-timer-low' : 'checkout-timer'} role="timer" aria-labelledby="timer-label"
        data-testid="countdown">
        <span id="timer-label">Your seats are held for</span>
        <span className="clock" aria-hidden="true" data-testid="countdown-clock">{formatCountdown(left)}</span>
        <span data-testid="countdown-words">{countdownWords(left)} to confirm</span>
      </div>
      {/* A few announcements only (each minute, then 30 and 10 seconds), not every second; the timer above shows the rest. */}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {countdownAnnouncement(left)} to confirm your booking.
      </div>
    </>
  );
}

function HoldSummary({ hold: h }: { hold: Hold }) {
  const subtotal = h.items.reduce((sum, line) => addTo(sum, line.unitPrice, line.quantity), new Map<string, number>());
  const discount = addTo(new Map(), h.discount);
  const total = totalText(addTo(new Map(), h.total));
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Your tickets</h2>
      <BookingLines booking={{ seats: h.seats, items: h.items, status: 'confirmed' }} />
      <dl className="checkout-sum" data-testid="checkout-sum">
        {!isZero(discount) && (
          <>
            <div><dt>Tickets</dt><dd>{formatTotals(subtotal, '—')}</dd></div>
            <div data-testid="checkout-discount">
              <dt>Discount{h.promoCode ? <> (<span className="code">{h.promoCode}</span>)</> : null}</dt>
              <dd>−{formatTotals(discount, '')}</dd>
            </div>
          </>
        )}
        <div><dt>Total</dt><dd data-testid="checkout-total">{total}</dd></div>
        <div className="to-pay">
          <dt>To pay</dt>
          <dd data-testid="checkout-to-pay">{total === 'Free' ? 'Nothing' : `${total}, at the door or as the organizer tells you`}</dd>
        </div>
      </dl>
    </section>
  );
}
