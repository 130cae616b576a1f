import { useEffect, useRef, useState, type ReactNode } from 'react';
import { joinQueue, queueEntry, ApiError, type EventItem, type QueueAnswer, type QueueEntry } from '../api';
import { countdownAnnouncement, countdownWords, formatCountdown, remainingMs } from '../lib/countdown';
import { formatDateTime } from '../lib/format';
import { useNow, usePageVisible } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import {
  expiredText, joinRefusal, pollDelayMs, positionText, queueKeeper, queueProgress, retryDelayMs, roomOpensText, stateTitle, waitText,
  withFirstPosition, type JoinRefusal, type KeptPass, type KeptPlace, type QueueProgress,
} from '../lib/queue';

/** Seconds left on a pass below which its countdown turns to a warning colour. */
const LOW_MS = 60_000;

/**
 * The way into an event whose sales go through a waiting room: join, follow
 * one's place (polled at the pace the server asks, paused while the tab is
 * hidden), and once admitted the booking form (`children`, given the pass to
 * send) with the time the pass has left. The place and the pass are kept for
 * the tab, so a reload keeps both. Key it by the signed-in user.
 */
export function WaitingRoom({ event, userId, signInPrompt, waitlist, children }: {
  event: EventItem;
  userId: string | null;
  /** What someone signed out is shown instead of the join button. */
  signInPrompt: ReactNode;
  /** The way onto the event's waitlist, shown once it is sold out. */
  waitlist: ReactNode;
  /** The booking form, with the pass to send as `Queue-Pass` (`null`: the event turned out to sell without a room). */
  children: (pass: string | null, onPassRefused: () => void) => ReactNode;
}) {
  const eventId = event.id;
  const [place, setPlace] = useState<KeptPlace | null>(() => (userId ? queueKeeper.place(eventId, userId) : null));
  const [pass, setPass] = useState<KeptPass | null>(() => (userId ? queueKeeper.pass(eventId, userId) : null));
  const [entry, setEntry] = useState<QueueEntry | null>(null);
  const [refusal, setRefusal] = useState<JoinRefusal | null>(null);
  const [joining, setJoining] = useState(false);
  const [joinError, setJoinError] = useState<unknown>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  /** When the pass that ran out here ran out. */
  const [ranOut, setRanOut] = useState<string | null>(null);
  const placeRef = useRef(place);
  /** The wait before the first poll after joining (the join's `Retry-After`); polls after a reload or a hidden tab go at once. */
  const firstDelay = useRef<number | null>(null);
  const admittedHere = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const visible = usePageVisible();

  const notOpen = refusal?.kind === 'not-open' ? refusal : null;
  const ticking = pass !== null || notOpen !== null || (entry?.state === 'waiting' && entry.position === null);
  const now = useNow(1000, ticking);
  const passLeft = pass ? remainingMs(pass.expiresAt, now) : 0;

  /** Takes in an answer about the place: kept for the tab, and the pass when admitted. */
  function apply(answer: QueueAnswer) {
    const e = answer.entry;
    if (!userId) return;
    const current = placeRef.current;
    const base: KeptPlace = current && current.queueId === e.queueId ? current : { queueId: e.queueId, userId, firstPosition: null };
    const next = withFirstPosition(base, e);
    if (next !== current) {
      queueKeeper.keepPlace(eventId, next);
      placeRef.current = next;
      setPlace(next);
    }
    setEntry(e);
    if (e.state === 'admitted' && queueKeeper.keepPass(eventId, userId, e)) {
      const kept = queueKeeper.pass(eventId, userId);
      if (kept) {
        admittedHere.current = true;
        setPass(kept);
      } else {
        setRanOut(e.passExpiresAt ?? null);
      }
    }
  }

  const queueId = place?.queueId ?? null;
  const polling = queueId !== null && pass === null && ranOut === null && (entry === null || entry.state === 'waiting');

  useEffect(() => {
    if (!polling || !visible || !queueId) return;
    const controller = new AbortController();
    let timer: number | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const answer = await queueEntry(eventId, queueId, controller.signal);
        if (controller.signal.aborted) return;
        failures = 0;
        setPollError(null);
        apply(answer);
        if (answer.entry.state === 'waiting') timer = window.setTimeout(poll, pollDelayMs(answer.retryAfter));
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 404) {
          // Not this account's place (any more): start afresh.
          queueKeeper.forgetPlace(eventId);
          placeRef.current = null;
          setPlace(null);
          setEntry(null);
          return;
        }
        // A refused token ends the session and the app asks to sign in again; anything else is tried again.
        if (err instanceof ApiError && err.status === 401) return;
        failures += 1;
        setPollError(err);
        timer = window.setTimeout(poll, retryDelayMs(failures, err instanceof ApiError ? err.retryAfter : undefined));
      }
    };
    timer = window.setTimeout(poll, firstDelay.current ?? 0);
    firstDelay.current = null;
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
    // `apply` reads the place through a ref; the loop restarts only when polling starts or stops.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, queueId, polling, visible]);

  // A pass that runs out while the page is open: nothing more can be booked with it.
  useEffect(() => {
    if (pass && passLeft === 0) {
      queueKeeper.forgetPass(eventId);
      setRanOut(pass.expiresAt);
      setPass(null);
    }
  }, [pass, passLeft, eventId]);

  // Admitted while watching: the booking form comes up by itself; the heading takes the focus so that it is read out.
  useEffect(() => {
    if (!pass || !admittedHere.current) return;
    admittedHere.current = false;
    const frame = requestAnimationFrame(() => {
      heading.current?.focus({ preventScroll: true });
      heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    });
    return () => cancelAnimationFrame(frame);
  }, [pass]);

  async function join() {
    if (!userId || joining) return;
    setJoining(true);
    setJoinError(null);
    setRefusal(null);
    try {
      const answer = await joinQueue(eventId);
      firstDelay.current = pollDelayMs(answer.retryAfter);
      apply(answer);
    } catch (err) {
      const refused = joinRefusal(err);
      if (refused) setRefusal(refused);
      else setJoinError(err);
    } finally {
      setJoining(false);
    }
  }

  /** Bookings refused the pass (it ran out on the server's clock): ask the room where things stand. */
  function passRefused() {
    queueKeeper.forgetPass(eventId);
    setPass(null);
    setEntry(null);
  }

  if (refusal?.kind === 'no-waiting-room') return <>{children(null, () => {})}</>;

  const soldOut = refusal?.kind === 'sold-out' || (!entry && !place && event.availableSeats <= 0);
  const notYet = notOpen?.opensAt ? Date.parse(notOpen.opensAt) > now : false;

  let live: ReactNode = null;
  let body: ReactNode = null;
  if (!userId && !soldOut) {
    body = (
      <>
        <p>Tickets for this event are sold through a waiting room: sign in to take a place in it.</p>
        {signInPrompt}
      </>
    );
  } else if (pass) {
    live = (
      <p className="queue-state" data-testid="queue-state">
        <strong>{stateTitle('admitted')}.</strong> Your pass is valid until {formatDateTime(pass.expiresAt)}: book before then.
      </p>
    );
    body = <PassCountdown left={passLeft} />;
  } else if (ranOut !== null || entry?.state === 'expired') {
    live = (
      <>
        <p className="queue-state" data-testid="queue-state"><strong>{stateTitle('expired')}</strong></p>
        <p data-testid="queue-position">{expiredText(ranOut ?? entry?.passExpiresAt ?? null)}</p>
      </>
    );
  } else if (entry) {
    const wait = waitText(entry);
    live = (
      <>
        <p className="queue-state" data-testid="queue-state"><strong>{stateTitle(entry.state)}</strong></p>
        <p data-testid="queue-position">{positionText(entry)}</p>
      </>
    );
    body = (
      <>
        {wait && <p data-testid="queue-wait">{wait}</p>}
        <ProgressBar progress={queueProgress(entry, place?.firstPosition ?? null, now)} />
        {entry.state === 'sold-out' && waitlist}
        {entry.state === 'waiting' && (
          <p className="hint">Keep this page open: it follows your place by itself and opens booking when it is your turn.</p>
        )}
        {pollError !== null && (
          <p className="notice notice-error" data-testid="queue-problem">
            Your place could not be updated: {errorMessage(pollError)} Trying again shortly.
          </p>
        )}
      </>
    );
  } else if (place) {
    live = <p className="loading"><span className="spinner" aria-hidden="true" />Finding your place in the waiting room…</p>;
    if (pollError !== null) body = <p className="notice notice-error" data-testid="queue-problem">{errorMessage(pollError)} Trying again shortly.</p>;
  } else if (soldOut) {
    live = (
      <>
        <p className="queue-state" data-testid="queue-state"><strong>{stateTitle('sold-out')}</strong></p>
        <p>{refusal?.kind === 'sold-out' ? refusal.detail : 'There are no seats left for this event.'}</p>
      </>
    );
    body = waitlist;
  } else if (refusal?.kind === 'closed') {
    live = <p className="notice notice-error">{refusal.detail}</p>;
  } else {
    live = notOpen ? <p>The waiting room is not open yet.</p> : joinError !== null ? <p className="notice notice-error">{errorMessage(joinError)}</p> : null;
    body = (
      <>
        <p>
          Tickets for this event are sold through a waiting room. Everyone who joins before the sale opens gets a place drawn at random
          then; later arrivals queue in order. You are let in to book when it is your turn.
        </p>
        {notOpen && (
          <p className="notice notice-info" id="room-opens" data-testid="queue-not-open">
            {notOpen.opensAt ? roomOpensText(notOpen.opensAt, now) : notOpen.detail}
          </p>
        )}
        <button type="button" className="button" onClick={join} disabled={joining || notYet} aria-busy={joining}
          aria-describedby={notOpen ? 'room-opens' : undefined}>
          {joining ? 'Joining…' : 'Join the waiting room'}
        </button>
      </>
    );
  }

  return (
    <>
      <section className="booking-panel waiting-room" aria-labelledby="room-title" data-testid="waiting-room-panel"
        data-state={pass ? 'admitted' : ranOut !== null ? 'expired' : entry?.state ?? (soldOut ? 'sold-out' : 'none')}>
        <h2 id="room-title" ref={heading} tabIndex={-1}>{pass ? 'Your turn to book' : 'Waiting room'}</h2>
        <div className="queue-live" role="status" aria-live="polite" aria-atomic="true" data-testid="queue-live">
          {live}
        </div>
        {body}
      </section>
      {pass && children(pass.pass, passRefused)}
    </>
  );
}

function ProgressBar({ progress }: { progress: QueueProgress | null }) {
  if (!progress) return null;
  return (
    <div className="queue-progress">
      <label htmlFor="queue-progress" className="small">{progress.label}</label>
      <progress id="queue-progress" role="progressbar" max={100} value={progress.percent} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={progress.percent} aria-valuetext={progress.text} data-testid="queue-progress">
        {progress.percent}%
      </progress>
    </div>
  );
}

function PassCountdown({ left }: { left: number }) {
  return (
    <>
      <div className={left <= LOW_MS ? 'checkout-timer checkout-timer-low' : 'checkout-timer'} role="timer" aria-labelledby="pass-timer-label"
        data-testid="pass-countdown">
        <span id="pass-timer-label">Your pass is valid for</span>
        <span className="clock" aria-hidden="true" data-testid="pass-clock">{formatCountdown(left)}</span>
        <span>{countdownWords(left)} to book</span>
      </div>
      {/* A few announcements only (each minute, then 30 and 10 seconds), as the checkout's countdown does. */}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {countdownAnnouncement(left)} on your pass.
      </div>
    </>
  );
}
