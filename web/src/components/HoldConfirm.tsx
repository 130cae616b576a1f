import { useRef, useState, type FormEvent } from 'react';
import { confirmHold, ApiError, type Attendee, type Hold } from '../api';
import { BookingLines } from './BookingLines';
import { ConfirmAction } from './ConfirmAction';
import { ErrorSummary, TextField } from './Field';
import {
  ATTENDEES_FIELD, attendeeErrorsFromServer, attendeeInputId, attendeeLabels, attendeesToSend, initialAttendees, validateAttendees,
  type AttendeeErrors, type AttendeePart,
} from '../lib/attendees';
import { countdownAnnouncement, countdownWords, formatCountdown } from '../lib/countdown';
import { useSession } from '../lib/hooks';
import { addTo, formatTotals, isZero } from '../lib/money';
import { errorMessage } from '../lib/problem';
import { totalText } from '../lib/tickets';
import { refreshUnread } from '../lib/unread';

/** How a hold that could not be confirmed had ended, by the server's `410`. */
export type HoldGone = 'expired' | 'released';

/** Seconds left below which a countdown turns to a warning colour. */
const LOW_MS = 60_000;

/** Reads a `410` of a hold: let go of, or else expired. */
export function holdGone(err: unknown): HoldGone | null {
  if (!(err instanceof ApiError) || err.status !== 410) return null;
  return /released/.test(err.type ?? '') ? 'released' : 'expired';
}

/**
 * The time a hold has left as a large clock with words, and a live region
 * that announces it a few times only (each minute, then 30 and 10 seconds).
 */
export function HoldCountdown({ left, label = 'Your seats are held for', announce = 'to confirm your booking', testId = 'countdown' }: {
  left: number;
  label?: string;
  /** What the announcement adds after "4 minutes left". */
  announce?: string;
  testId?: string;
}) {
  const labelId = `${testId}-label`;
  return (
    <>
      <div className={left <= LOW_MS ? 'checkout-timer checkout-timer-low' : 'checkout-timer'} role="timer" aria-labelledby={labelId}
        data-testid={testId}>
        <span id={labelId}>{label}</span>
        <span className="clock" aria-hidden="true" data-testid={`${testId}-clock`}>{formatCountdown(left)}</span>
        <span data-testid={`${testId}-words`}>{countdownWords(left)} to confirm</span>
      </div>
      {/* A few announcements only, not every second; the timer above shows the rest. */}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {countdownAnnouncement(left)} {announce}.
      </div>
    </>
  );
}

/** A hold's lines, discount and total, and what there is to pay. */
export function HoldSummary({ hold: h, headingLevel = 2 }: { hold: Hold; headingLevel?: 2 | 3 }) {
  const subtotal = h.items.reduce((sum, line) => addTo(sum, line.unitPrice, line.quantity), new Map<string, number>());
  const discount = addTo(new Map(), h.discount);
  const total = totalText(addTo(new Map(), h.total));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`summary-title-${h.holdId}`}>
      <Heading id={`summary-title-${h.holdId}`}>Your tickets</Heading>
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

/**
 * Confirming a hold: who each seat is for (when the event asks, or when the
 * buyer chooses to say), checked here and by the server, then the booking.
 * The second button (`cancel`) lets go of the seats in the caller's way.
 */
export function HoldConfirmForm({ hold: h, onConfirmed, onGone, cancel, confirmLabel = 'Confirm booking', headingLevel = 2 }: {
  hold: Hold;
  /** The booking the hold became (its id). */
  onConfirmed: (bookingId: string) => void;
  /** The hold had expired or been let go of meanwhile. */
  onGone: (how: HoldGone) => void;
  cancel: {
    label: string;
    busyLabel: string;
    run: () => Promise<void>;
    /** What a failure is prefixed with. */
    failure: string;
    /** Asked first, when given (a second press does it). */
    question?: { text: string; yes: string; no: string };
  };
  confirmLabel?: string;
  headingLevel?: 2 | 3;
}) {
  const current = useSession();
  const [busy, setBusy] = useState<'confirm' | 'cancel' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [typed, setTyped] = useState<Attendee[] | null>(null);
  const [attendeeErrors, setAttendeeErrors] = useState<AttendeeErrors>({});
  const [namesOpen, setNamesOpen] = useState(false);
  /** Set when the server wants names that the hold did not say it needs. */
  const [namesAsked, setNamesAsked] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const namesRequired = h.attendeesRequired || namesAsked;
  const attendees = typed ?? initialAttendees(h.seats, current?.user);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

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
    if (busy) return;
    setFailure(null);
    const named = namesRequired || namesOpen ? attendeesToSend(attendees, namesRequired) : { attendees: undefined, errors: {} };
    if (Object.keys(named.errors).length) {
      showAttendeeErrors(named.errors);
      return;
    }
    setAttendeeErrors({});
    setBusy('confirm');
    try {
      const result = await confirmHold(h.holdId, named.attendees);
      window.setTimeout(() => void refreshUnread(), 1500);
      setBusy(null);
      onConfirmed(result.bookingId);
    } catch (err) {
      const gone = holdGone(err);
      const fromServer = err instanceof ApiError && err.status === 422 ? attendeeErrorsFromServer(err.fieldErrors) : {};
      if (gone) onGone(gone);
      else if (Object.keys(fromServer).length) {
        if (fromServer[ATTENDEES_FIELD]) setNamesAsked(true);
        showAttendeeErrors(fromServer);
      } else setFailure(`Your booking could not be confirmed: ${errorMessage(err)}`);
      setBusy(null);
    }
  }

  async function letGo() {
    if (busy) return;
    setBusy('cancel');
    setFailure(null);
    try {
      await cancel.run();
    } catch (err) {
      const gone = holdGone(err);
      if (gone) onGone(gone);
      else setFailure(`${cancel.failure}: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <form onSubmit={confirm} noValidate>
      <ErrorSummary errors={attendeeErrors} labels={attendeeLabels(h.seats)} summaryRef={summary} />
      {namesRequired ? (
        <section className="attendees" aria-labelledby={`attendees-title-${h.holdId}`}>
          <Heading id={`attendees-title-${h.holdId}`}>Who is coming</Heading>
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
          {busy === 'confirm' ? 'Confirming…' : confirmLabel}
        </button>
        {cancel.question ? (
          <ConfirmAction label={cancel.label} question={cancel.question.text} confirmLabel={cancel.question.yes}
            cancelLabel={cancel.question.no} onConfirm={() => void letGo()} busy={busy !== null} busyLabel={busy === 'cancel' ? cancel.busyLabel : cancel.label} />
        ) : (
          <button type="button" className="button button-secondary" onClick={letGo} disabled={busy !== null} aria-busy={busy === 'cancel'}>
            {busy === 'cancel' ? cancel.busyLabel : cancel.label}
          </button>
        )}
      </div>
    </form>
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
