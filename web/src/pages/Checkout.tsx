import { useRef, useState, type FormEvent } from 'react';
import { confirmHold, getEvent, getHold, releaseHold, ApiError, type Attendee, type Hold } from '../api';
import { BookingLines } from '../components/BookingLines';
import { ErrorSummary, TextField } from '../components/Field';
import { Link } from '../components/Link';
import { ErrorBox, Loading } from '../components/Status';
import {
  ATTENDEES_FIELD, attendeeErrorsFromServer, attendeeInputId, attendeeLabels, attendeesToSend, initialAttendees, validateAttendees,
  type AttendeeErrors, type AttendeePart,
} from '../lib/attendees';
import { countdownAnnouncement, countdownWords, formatCountdown, remainingMs } from '../lib/countdown';
import { formatEventDate } from '../lib/format';
import { useAsync, useNow, useSession, useTitle } from '../lib/hooks';
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

/**
 * The checkout of a hold: its lines and total, the time left, who each seat
 * is for (when the event asks, or when the buyer chooses to say), and confirm
 * or cancel.
 */
export function CheckoutPage({ id }: { id: string }) {
  useTitle('Checkout');
  const current = useSession();
  const hold = useAsync((signal) => getHold(id, signal), [id]);
  const eventId = hold.data?.eventId;
  const event = useAsync((signal) => (eventId ? getEvent(eventId, signal) : Promise.resolve(null)), [eventId]);
  const [ended, setEnded] = useState<Ended | null>(null);
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [typed, setTyped] = useState<Attendee[] | null>(null);
  const [attendeeErrors, setAttendeeErrors] = useState<AttendeeErrors>({});
  const [namesOpen, setNamesOpen] = useState(false);
  /** Set when the server wants names that the hold did not say it needs. */
  const [namesAsked, setNamesAsked] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
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

  const namesRequired = h.attendeesRequired || namesAsked;
  const attendees = typed ?? initialAttendees(h.seats, current?.user);

  function changeAttendee(index: number, part: AttendeePart, value: string) {
    const next = attendees.map((row, n) => (n === index ? { ...row, [part]: value } : row));
    setTyped(next);
    const key = attendeeInputId(index, part);
    // Once a field was refused, it is checked again as it is corrected.
    if (attendeeErrors[key]) {
      const errors = { ...attendeeErrors };
      const still = validateAttendees(next)[key];
      if (still) errors[key] = still;
      else delete errors[key];
      setAttendeeErrors(errors);
    }
  }

  function showAttendeeErrors(errors: AttendeeErrors) {
    setAttendeeErrors(errors);
    if (!namesRequired) setNamesOpen(true);
    requestAnimationFrame(() => summary.current?.focus());
  }

  /** Closing the optional names means confirming without them: their messages go too. */
  function toggleNames(open: boolean) {
    setNamesOpen(open);
    if (!open) setAttendeeErrors({});
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const named = namesRequired || namesOpen ? attendeesToSend(attendees, namesRequired) : { attendees: undefined, errors: {} };
    if (Object.keys(named.errors).length) {
      showAttendeeErrors(named.errors);
      return;
    }
    setAttendeeErrors({});
    setBusy('confirm');
    try {
      const result = await confirmHold(h!.holdId, named.attendees);
      window.setTimeout(() => void refreshUnread(), 1500);
      navigate(`/bookings/${encodeURIComponent(result.bookingId)}`);
    } catch (err) {
      const fromServer = err instanceof ApiError && err.status === 422 ? attendeeErrorsFromServer(err.fieldErrors) : {};
      if (err instanceof ApiError && err.status === 410) setEnded(/released/.test(err.type ?? '') ? 'released' : 'expired');
      else if (Object.keys(fromServer).length) {
        if (fromServer[ATTENDEES_FIELD]) setNamesAsked(true);
        showAttendeeErrors(fromServer);
      } else setFailure(`Your booking could not be confirmed: ${errorMessage(err)}`);
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
          <form onSubmit={confirm} noValidate>
            <ErrorSummary errors={attendeeErrors} labels={attendeeLabels(h.seats)} summaryRef={summary} />
            {namesRequired ? (
              <section className="attendees" aria-labelledby="attendees-title">
                <h2 id="attendees-title">Who is coming</h2>
                <p className="hint">The organizer asks for the name and e-mail address of the person on each seat.</p>
                <AttendeeFields rows={attendees} errors={attendeeErrors} required onChange={changeAttendee} />
              </section>
            ) : (
              <details className="attendees attendees-optional" open={namesOpen} onToggle={(e) => toggleNames(e.currentTarget.open)}>
                <summary>Add attendee names</summary>
                <p className="hint">Optional: a name and e-mail address for every seat, or close this to confirm without them.</p>
                <AttendeeFields rows={attendees} errors={attendeeErrors} required={false} onChange={changeAttendee} />
              </details>
            )}
            {failure && <p className="notice notice-error" role="alert">{failure}</p>}
            <div className="button-row">
              <button type="submit" className="button" disabled={busy !== null} aria-busy={busy === 'confirm'}>
                {busy === 'confirm' ? 'Confirming…' : 'Confirm booking'}
              </button>
              <button type="button" className="button button-secondary" onClick={cancel} disabled={busy !== null} aria-busy={busy === 'cancel'}>
                {busy === 'cancel' ? 'Letting go…' : 'Cancel'}
              </button>
            </div>
          </form>
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

/** A name and e-mail input per seat, labelled "Seat 1", "Seat 2", …; a message on the whole list above them. */
function AttendeeFields({ rows, errors, required, onChange }: {
  rows: readonly Attendee[];
  errors: AttendeeErrors;
  required: boolean;
  onChange: (index: number, part: AttendeePart, value: string) => void;
}) {
  return (
    <div className="attendee-list" data-testid="attendee-fields">
      {errors[ATTENDEES_FIELD] && (
        <p className="field-error" id={ATTENDEES_FIELD} tabIndex={-1}>
          <span aria-hidden="true">⚠ </span>
          {errors[ATTENDEES_FIELD]}
        </p>
      )}
      {rows.map((row, n) => (
        <fieldset key={n} className="attendee">
          <legend>Seat {n + 1}</legend>
          <div className="row-2">
            <TextField id={attendeeInputId(n, 'name')} label="Name" value={row.name} error={errors[attendeeInputId(n, 'name')]}
              required={required} autoComplete={n === 0 ? 'name' : 'off'} onChange={(e) => onChange(n, 'name', e.target.value)} />
            <TextField id={attendeeInputId(n, 'email')} label="E-mail" type="email" inputMode="email" value={row.email}
              error={errors[attendeeInputId(n, 'email')]} required={required} autoComplete={n === 0 ? 'email' : 'off'}
              onChange={(e) => onChange(n, 'email', e.target.value)} />
          </div>
        </fieldset>
      ))}
    </div>
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
