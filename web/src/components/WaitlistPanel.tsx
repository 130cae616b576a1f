import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  getBooking, getHold, joinWaitlist, leaveWaitlist, myWaitlistEntry, ApiError, type EventItem, type Hold, type WaitlistEntry,
} from '../api';
import { BookingLines } from './BookingLines';
import { BookingStatus } from './BookingStatus';
import { ConfirmAction } from './ConfirmAction';
import { SelectField } from './Field';
import { HoldConfirmForm, HoldCountdown, HoldSummary, type HoldGone } from './HoldConfirm';
import { Link } from './Link';
import { useAsync, useNow, usePageVisible } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { groupCode } from '../lib/ticketcode';
import { plural } from '../lib/format';
import {
  howItWorksText, isActive, joinableSeatChoices, offerTime, stateText, stateTitle, waitlistOpen, waitlistRefusal, WAITLIST_POLL_MS,
} from '../lib/waitlist';

/**
 * An event's waitlist as a visitor meets it, inside the booking panel or the
 * waiting room: join it for a group of seats while they are sold out (or
 * fewer are left than the group), then one's place, polled every 5 s while
 * the page is in view, and "Leave". Once seats are offered, they are held:
 * the countdown, the hold's tickets and its confirmation (names per seat when
 * the event asks), and then the booking. Key it by the signed-in user.
 */
export function WaitlistPanel({ event, userId, signInPrompt, onChange }: {
  event: EventItem;
  userId: string | null;
  /** What someone signed out is shown instead of the join form. */
  signInPrompt: ReactNode;
  /** The event's seats may have changed (joined refused as seats are open, booked, left): reload it. */
  onChange: () => void;
}) {
  const eventId = event.id;
  const [entry, setEntry] = useState<WaitlistEntry | null>(null);
  const [loaded, setLoaded] = useState(userId === null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' | 'info' } | null>(null);
  /** The booking the offer became here. */
  const [bookingId, setBookingId] = useState<string | null>(null);
  /** The last offer's hold seen here: once booked, it is the booking's id. */
  const lastHold = useRef<string | null>(null);
  /** The offer came while the page was watched: its heading takes the focus. */
  const offeredHere = useRef(false);
  const offerHeading = useRef<HTMLHeadingElement>(null);
  /** Whether the entry was loaded once: later loads are polls. */
  const loadedRef = useRef(false);
  /** The round of `refresh` last asked for. */
  const askedRound = useRef(-1);
  const visible = usePageVisible();

  const active = entry !== null && isActive(entry);
  const entryRef = useRef<WaitlistEntry | null>(null);

  function take(next: WaitlistEntry | null, watched: boolean) {
    setEntry((before) => {
      if (watched && next?.state === 'offered' && before?.state !== 'offered') offeredHere.current = true;
      return next;
    });
    // A change the poll found: what was said about the last one no longer holds.
    if (watched && next?.state !== entryRef.current?.state) setMessage(null);
    entryRef.current = next;
    if (next?.offer?.holdId) lastHold.current = next.offer.holdId;
  }

  // The entry on arrival (and when asked again), then every 5 s while it waits or holds an offer and the page is in view.
  useEffect(() => {
    if (!userId || !visible) return;
    if (loadedRef.current && !active && askedRound.current === round) return;
    askedRound.current = round;
    const controller = new AbortController();
    let timer: number | undefined;
    const load = async () => {
      try {
        const next = await myWaitlistEntry(eventId, controller.signal);
        if (controller.signal.aborted) return;
        take(next, loadedRef.current);
        loadedRef.current = true;
        setLoaded(true);
        setLoadError(null);
        setPollError(null);
        if (next && isActive(next)) timer = window.setTimeout(load, WAITLIST_POLL_MS);
      } catch (err) {
        if (controller.signal.aborted) return;
        // A refused token ends the session and the app asks to sign in again.
        if (err instanceof ApiError && err.status === 401) return;
        if (loadedRef.current) {
          setPollError(err);
          timer = window.setTimeout(load, WAITLIST_POLL_MS);
        } else {
          setLoadError(err);
        }
      }
    };
    void load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
    // The loop restarts when polling starts or stops, and when asked again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, userId, visible, active, round]);

  // An offer that came while watching: its heading takes the focus so that it is read out.
  useEffect(() => {
    if (entry?.state !== 'offered' || !offeredHere.current) return;
    offeredHere.current = false;
    const frame = requestAnimationFrame(() => {
      offerHeading.current?.focus({ preventScroll: true });
      offerHeading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    });
    return () => cancelAnimationFrame(frame);
  }, [entry?.state]);

  /** Asks for the entry again at once (after a change made here). */
  const refresh = () => setRound((r) => r + 1);

  if (!waitlistOpen(event) && !entry) return null;
  const choices = joinableSeatChoices(event);

  let body: ReactNode;
  let live: ReactNode = null;
  if (bookingId) {
    live = <p className="waitlist-state" data-testid="waitlist-state"><strong>Your booking is confirmed</strong></p>;
    body = <BookedFromWaitlist bookingId={bookingId} />;
  } else if (!userId) {
    // Signed out, a sold-out event only: with seats left, the booking form's sign-in comes first.
    if (choices.length === 0 || event.availableSeats > 0) return null;
    body = (
      <>
        <WaitlistIntro event={event} />
        <p>Sign in to join the waitlist.</p>
        {signInPrompt}
      </>
    );
  } else if (!loaded) {
    // Until the place is known, only a sold-out event says anything.
    if (choices.length === 0 || event.availableSeats > 0) return null;
    body = loadError !== null ? (
      <div className="notice notice-error" role="alert">
        <p>Your place on the waitlist could not be loaded: {errorMessage(loadError)}</p>
        <button type="button" className="button button-secondary" onClick={refresh}>Try again</button>
      </div>
    ) : (
      <p className="loading"><span className="spinner" aria-hidden="true" />Looking for your place on the waitlist…</p>
    );
  } else if (entry?.state === 'offered' && entry.offer) {
    live = (
      <>
        <p className="waitlist-state" data-testid="waitlist-state"><strong>{stateTitle('offered')}</strong></p>
        <p data-testid="waitlist-position">{stateText(entry)}</p>
      </>
    );
    body = (
      <OfferPanel key={entry.offer.holdId} entry={entry} holdId={entry.offer.holdId} expiresAt={entry.offer.expiresAt}
        onConfirmed={(id) => {
          setBookingId(id);
          setMessage(null);
          onChange();
        }}
        onGone={(how) => {
          setMessage({ text: how === 'released' ? 'The seats held for you were let go of.' : 'The time to confirm the seats is up: they go to the next in line.', tone: 'error' });
          refresh();
        }}
        onLeave={async () => {
          take(await leaveWaitlist(eventId), false);
          setMessage({ text: 'You let the seats go and left the waitlist.', tone: 'info' });
          onChange();
        }} />
    );
  } else if (entry && active) {
    live = (
      <>
        <p className="waitlist-state" data-testid="waitlist-state"><strong>{stateTitle(entry.state)}</strong></p>
        <p data-testid="waitlist-position">{stateText(entry)}</p>
      </>
    );
    body = (
      <>
        <p className="hint">
          {howItWorksText(event)} Keep this page open to follow your place, or come back when we tell you.
        </p>
        <LeaveButton seats={entry.seats} onLeave={async () => {
          take(await leaveWaitlist(eventId), false);
          setMessage({ text: 'You left the waitlist.', tone: 'info' });
          onChange();
        }} />
      </>
    );
  } else {
    // Never joined, or the last place ended (booked, lapsed, left).
    const ended = entry && !isActive(entry) ? entry : null;
    if (ended) {
      live = (
        <>
          <p className="waitlist-state" data-testid="waitlist-state"><strong>{stateTitle(ended.state)}</strong></p>
          <p data-testid="waitlist-position">{stateText(ended)}</p>
        </>
      );
    }
    const bookedBefore = ended?.state === 'booked';
    body = (
      <>
        {bookedBefore && (
          <p>
            <Link to={lastHold.current ? `/bookings/${encodeURIComponent(lastHold.current)}` : '/bookings'}>
              {lastHold.current ? 'See your ticket' : 'See your bookings'}
            </Link>
          </p>
        )}
        {!bookedBefore && choices.length > 0 && (
          <JoinForm event={event} choices={choices}
            onJoined={(next, joined) => {
              take(next, false);
              setMessage({ text: joined ? 'You joined the waitlist.' : 'You were already on the waitlist.', tone: 'success' });
            }}
            onSeatsOpen={onChange} />
        )}
      </>
    );
    if (!ended && choices.length === 0) return null;
    // Seats are left, only not enough for every group: the way onto the waitlist stays out of the way until asked for.
    if (!ended && event.availableSeats > 0) {
      return (
        <details className="waitlist waitlist-more" data-testid="waitlist-panel" data-state="none">
          <summary>Need more than {plural(event.availableSeats, 'seat')}? Join the waitlist</summary>
          {body}
        </details>
      );
    }
  }

  if (body === null && live === null) return null;
  const state = bookingId ? 'booked' : entry?.state ?? 'none';
  return (
    <div className="waitlist" data-testid="waitlist-panel" data-state={state}>
      {entry?.state === 'offered' && !bookingId ? (
        <h3 ref={offerHeading} tabIndex={-1} className="waitlist-offer-title">Your turn on the waitlist</h3>
      ) : (
        <h3>Waitlist</h3>
      )}
      <div className="waitlist-live" role="status" aria-live="polite" aria-atomic="true" data-testid="waitlist-live">
        {live}
      </div>
      {body}
      {pollError !== null && (
        <p className="notice notice-error" data-testid="waitlist-problem">
          Your place could not be updated: {errorMessage(pollError)} Trying again shortly.
        </p>
      )}
      <div className="live" role="status" aria-live="polite" aria-atomic="true">
        {message && <p className={`notice notice-${message.tone}`} data-testid="waitlist-message">{message.text}</p>}
      </div>
    </div>
  );
}

/** Why one would join, and how it works. */
function WaitlistIntro({ event }: { event: EventItem }) {
  const left = Math.max(0, event.availableSeats);
  return (
    <p>
      {left === 0
        ? 'Every seat is taken, but seats come back when bookings are cancelled: join the waitlist to be offered them.'
        : `Only ${plural(left, 'seat')} ${left === 1 ? 'is' : 'are'} left. For a larger group, join the waitlist to be offered seats as they come back.`}{' '}
      {howItWorksText(event)}
    </p>
  );
}

function JoinForm({ event, choices, onJoined, onSeatsOpen }: {
  event: EventItem;
  choices: number[];
  onJoined: (entry: WaitlistEntry, joined: boolean) => void;
  /** The server says that many seats can be booked now. */
  onSeatsOpen: () => void;
}) {
  const [seats, setSeats] = useState(choices[0]);
  const types = event.ticketTypes ?? [];
  const [typeId, setTypeId] = useState(types[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [seatsError, setSeatsError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const picked = choices.includes(seats) ? seats : choices[0];

  async function join(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setSeatsError(null);
    setFailure(null);
    try {
      const result = await joinWaitlist(event.id, { seats: picked, ticketTypeId: types.length > 1 ? typeId : null });
      onJoined(result.entry, result.joined);
    } catch (err) {
      const refused = waitlistRefusal(err);
      if (refused?.kind === 'field' && refused.field === 'seats') setSeatsError(refused.detail);
      else if (refused?.kind === 'seats-available') {
        setFailure(`${refused.detail} The booking form above shows the seats left.`);
        onSeatsOpen();
      } else setFailure(refused ? refused.detail : errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={join} className="waitlist-form" noValidate>
      <WaitlistIntro event={event} />
      <div className="row-2">
        <SelectField id="waitlist-seats" label="Seats wanted" value={String(picked)} error={seatsError ?? undefined}
          onChange={(e) => setSeats(Number(e.target.value))}
          hint={choices.length > 1 ? `${choices[0]} to ${choices[choices.length - 1]}, for one group` : undefined}>
          {choices.map((n) => <option key={n} value={n}>{n}</option>)}
        </SelectField>
        {types.length > 1 && (
          <SelectField id="waitlist-type" label="Ticket type" value={typeId} onChange={(e) => setTypeId(e.target.value)}>
            {types.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </SelectField>
        )}
      </div>
      {failure && <p className="notice notice-error" role="alert">{failure}</p>}
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {busy ? 'Joining…' : 'Join the waitlist'}
      </button>
    </form>
  );
}

function LeaveButton({ seats, onLeave }: { seats: number; onLeave: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  async function leave() {
    setBusy(true);
    setFailure(null);
    try {
      await onLeave();
    } catch (err) {
      setFailure(`You could not leave the waitlist: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <ConfirmAction label="Leave the waitlist" question={`Leave the waitlist? You lose your place in line for ${plural(seats, 'seat')}.`}
        confirmLabel="Yes, leave" cancelLabel="Stay in line" onConfirm={() => void leave()} busy={busy} busyLabel="Leaving…" />
      {failure && <p className="notice notice-error" role="alert">{failure}</p>}
    </>
  );
}

/** The seats held for the visitor: the time left, the tickets, and confirming them. */
function OfferPanel({ entry, holdId, expiresAt, onConfirmed, onGone, onLeave }: {
  entry: WaitlistEntry;
  holdId: string;
  expiresAt: string | null;
  onConfirmed: (bookingId: string) => void;
  onGone: (how: HoldGone) => void;
  onLeave: () => Promise<void>;
}) {
  const hold = useAsync<Hold>((signal) => getHold(holdId, signal), [holdId]);
  const until = expiresAt ?? hold.data?.expiresAt ?? null;
  const now = useNow(1000, until !== null);
  const time = offerTime(until, now);

  if (until !== null && time.over) {
    return (
      <p className="notice notice-error" role="alert" data-testid="offer-over">
        The time to confirm is up: the seats go to the next in line.
      </p>
    );
  }
  return (
    <div className="waitlist-offer" data-testid="waitlist-offer">
      {until !== null && (
        <HoldCountdown left={time.ms} label="The seats are held for you for" announce="to confirm the seats held for you" testId="offer-countdown" />
      )}
      {hold.loading && !hold.data ? (
        <p className="loading"><span className="spinner" aria-hidden="true" />Loading the seats held for you…</p>
      ) : hold.error || !hold.data ? (
        <div className="notice notice-error" role="alert">
          <p>The seats held for you could not be loaded: {errorMessage(hold.error)}</p>
          <button type="button" className="button button-secondary" onClick={hold.reload}>Try again</button>
        </div>
      ) : hold.data.status !== 'held' ? (
        <p className="notice notice-info">These seats are no longer held ({hold.data.status}); your place is being updated.</p>
      ) : (
        <>
          <HoldSummary hold={hold.data} headingLevel={3} />
          <HoldConfirmForm hold={hold.data} headingLevel={3} confirmLabel={`Confirm ${plural(entry.seats, 'seat')}`}
            onConfirmed={onConfirmed} onGone={onGone}
            cancel={{
              label: 'Let the seats go',
              busyLabel: 'Letting go…',
              failure: 'The seats could not be let go of',
              run: onLeave,
              question: { text: 'Let the seats go? They go to the next in line and you leave the waitlist.', yes: 'Yes, let them go', no: 'Keep them' },
            }} />
        </>
      )}
    </div>
  );
}

/** The booking the offer became, as My bookings shows one. */
function BookedFromWaitlist({ bookingId }: { bookingId: string }) {
  const booking = useAsync((signal) => getBooking(bookingId, signal), [bookingId]);
  const b = booking.data;
  return (
    <div className="notice notice-success" data-testid="waitlist-booking">
      <p>The seats offered to you from the waitlist are yours.</p>
      {b && (
        <dl className="facts facts-inline">
          <div><dt>Status</dt><dd><BookingStatus booking={b} /></dd></div>
          <div><dt>Tickets</dt><dd><BookingLines booking={b} /></dd></div>
          {b.ticketCode && <div><dt>Ticket code</dt><dd className="code" data-testid="waitlist-ticket-code">{groupCode(b.ticketCode)}</dd></div>}
        </dl>
      )}
      <p><Link to={`/bookings/${encodeURIComponent(bookingId)}`} className="button">See your ticket</Link></p>
    </div>
  );
}
