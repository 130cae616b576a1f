import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  createHold, eventIcsUrl, getEvent, newIdempotencyKey, offer as fetchOffer, ApiError, type BookingItemInput, type EventItem, type Offer,
  type TicketType,
} from '../api';
import { SeatsBadge } from '../components/EventCard';
import { Link } from '../components/Link';
import { SelectField, TextField } from '../components/Field';
import { QuantityStepper } from '../components/QuantityStepper';
import { ErrorBox, LiveMessage, Loading } from '../components/Status';
import { WaitingRoom } from '../components/WaitingRoom';
import { WaitingRoomFigures } from '../components/WaitingRoomFigures';
import { WaitlistPanel } from '../components/WaitlistPanel';
import { formatDateTime, formatEventDate, formatPrice, isPast, plural } from '../lib/format';
import { useAsync, useNow, useSession, useTitle } from '../lib/hooks';
import { formatTotals, isZero } from '../lib/money';
import { notOnSale, onSaleText, pendingOpening, waitingRoomText } from '../lib/onsale';
import { errorMessage } from '../lib/problem';
import { isPassRefused } from '../lib/queue';
import { discountText, listText, offeredTypes, selectionDiscount, subtract } from '../lib/promo';
import { navigate } from '../lib/router';
import {
  bookingFailure, bookingLimit, isSingleType, priceText, quantityMax, salesState, salesStateText, seatsPicked, selectionItems,
  selectionTotal, totalText, typePrice, type Quantities,
} from '../lib/tickets';
import { seatChoices } from '../lib/validation';

export function EventPage({ id }: { id: string }) {
  const current = useSession();
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  useTitle(event.data?.title ?? 'Event');
  // Re-rendered while the sales are still to open, so that booking opens with them.
  const now = useNow(5_000, Boolean(event.data && pendingOpening(event.data)));

  if (event.loading && !event.data) return <Loading label="Loading the event…" />;
  if (event.error && !event.data) {
    if (event.error instanceof ApiError && event.error.status === 404) {
      return (
        <>
          <h1 tabIndex={-1}>Event not found</h1>
          <p>This event does not exist. <Link to="/">Browse upcoming events</Link>.</p>
        </>
      );
    }
    return <ErrorBox error={event.error} onRetry={event.reload} />;
  }
  const e = event.data!;
  // Several types show their own prices in the booking panel.
  const price = isSingleType(e) ? formatPrice(e.ticketTypes?.[0]?.price ?? e.price) : null;
  const isOrganizer = current?.user.id === e.organizerId;
  const opensAt = e.status === 'cancelled' || isPast(e.date) ? null : pendingOpening(e, now);
  // Before and during the on-sale, a waiting room comes before the booking form.
  const roomed = Boolean(e.waitingRoom && e.onSaleAt) && e.status !== 'cancelled' && !isPast(e.date);
  const here = `/events/${encodeURIComponent(e.id)}`;
  // One waitlist on the page: in the waiting room while it is sold out, else in the booking panel.
  const waitlist = (
    <WaitlistPanel key={current?.user.id ?? ''} event={e} userId={current?.user.id ?? null} onChange={event.reload}
      signInPrompt={<SignInToBook here={here} label="Sign in to join the waitlist" />} />
  );

  return (
    <article className="event-detail">
      <p className="breadcrumb"><Link to="/">← All events</Link></p>
      <h1 tabIndex={-1}>{e.title}</h1>
      <dl className="facts">
        <div><dt>Date</dt><dd><time dateTime={e.date}>{formatEventDate(e.date)}</time></dd></div>
        <div><dt>Location</dt><dd>{e.location}</dd></div>
        {e.category && <div><dt>Category</dt><dd>{e.category}</dd></div>}
        {price && <div><dt>Price</dt><dd>{price}</dd></div>}
        <div>
          <dt>Seats</dt>
          <dd>
            <span data-testid="seats-left">{e.availableSeats <= 0 ? 'Sold out' : `${plural(e.availableSeats, 'seat')} left`}</span>
            {' '}of {e.capacity.toLocaleString()}
          </dd>
        </div>
      </dl>
      {opensAt && (
        <div className="notice notice-info on-sale" data-testid="on-sale">
          <p className="on-sale-when">{onSaleText(opensAt)}</p>
          {e.waitingRoom && <p data-testid="waiting-room">{waitingRoomText(opensAt)}</p>}
        </div>
      )}
      <SeatsBadge event={e} />
      {e.description ? <div className="description">{e.description}</div> : <p className="muted">No description.</p>}
      <p>
        <a href={eventIcsUrl(e.id)} download className="button button-secondary">
          Add to calendar (.ics)
        </a>
      </p>
      {isOrganizer && (
        <p className="organizer-links">
          You organize this event: <Link to={`/my-events/${encodeURIComponent(e.id)}`}>bookings and chart</Link>
          {e.status !== 'cancelled' && <> · <Link to={`/my-events/${encodeURIComponent(e.id)}/edit`}>edit</Link></>}
        </p>
      )}
      {isOrganizer && e.waitingRoom && <WaitingRoomFigures eventId={e.id} />}
      {roomed ? (
        <WaitingRoom key={current?.user.id ?? ''} event={e} userId={current?.user.id ?? null} waitlist={waitlist}
          signInPrompt={<SignInToBook here={here} label="Sign in to join the waiting room" />}>
          {(pass, onPassRefused) => (
            <BookingPanel event={e} opensAt={pass ? null : opensAt} signedIn={current !== null} onBooked={event.reload}
              queuePass={pass} onPassRefused={onPassRefused} waitlist={waitlist} />
          )}
        </WaitingRoom>
      ) : (
        <BookingPanel event={e} opensAt={opensAt} signedIn={current !== null} onBooked={event.reload} waitlist={waitlist} />
      )}
    </article>
  );
}

function BookingPanel({ event, opensAt, signedIn, onBooked, queuePass = null, onPassRefused, waitlist }: {
  event: EventItem;
  /** The way onto the waitlist: when sold out, and for a group larger than the seats left. */
  waitlist: ReactNode;
  /** When the sales open, while they are still to open: booking waits until then. */
  opensAt: string | null;
  signedIn: boolean;
  onBooked: () => void;
  /** The pass out of the event's waiting room, sent with the hold. */
  queuePass?: string | null;
  /** The hold was refused for want of a valid pass. */
  onPassRefused?: () => void;
}) {
  const [seats, setSeats] = useState(1);
  const [quantities, setQuantities] = useState<Quantities>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  // The code as applied (its offer), and the one being typed.
  const [promo, setPromo] = useState<{ code: string; offer: Offer } | null>(null);
  const [promoError, setPromoError] = useState<string | null>(null);
  // One key per attempt: a retry after a network failure holds at most once.
  const attemptKey = useRef<string | null>(null);

  const { types, unlocked } = offeredTypes(event.ticketTypes ?? [], promo?.offer ?? null);
  const offered = { ...event, ticketTypes: types };
  const single = isSingleType(offered);
  const here = `/events/${encodeURIComponent(event.id)}`;

  if (event.status === 'cancelled') {
    return <p className="notice notice-error">This event has been cancelled; it can no longer be booked.</p>;
  }
  if (isPast(event.date)) {
    return <p className="notice notice-info">This event has already taken place.</p>;
  }

  const items: BookingItemInput[] = single
    ? (types[0] ? [{ ticketTypeId: types[0].id, quantity: seats }] : [])
    : selectionItems(types, quantities);
  const picked: Quantities = single && types[0] ? { [types[0].id]: seats } : quantities;
  const subtotal = selectionTotal(types, picked, event);
  const discount = selectionDiscount(types, picked, event, promo?.offer.promoCode ?? null);
  const total = totalText(subtract(subtotal, discount));
  const discountNote = isZero(discount) ? '' : ` (${formatTotals(discount, '')} off with ${promo!.code})`;
  const count = seatsPicked(picked);

  function applyPromo(next: { code: string; offer: Offer } | null) {
    setPromo(next);
    setPromoError(null);
    setMessage(null);
    // Picks of a type the new offer does not have (one the old code unlocked) are dropped.
    const still = new Set(offeredTypes(event.ticketTypes ?? [], next?.offer ?? null).types.map((t) => t.id));
    setQuantities((q) => Object.fromEntries(Object.entries(q).filter(([id]) => still.has(id))));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || opensAt) return;
    if (items.length === 0) {
      setMessage({ text: 'Pick at least one ticket first.', tone: 'error' });
      return;
    }
    setBusy(true);
    setMessage(null);
    attemptKey.current ??= newIdempotencyKey();
    try {
      const hold = await createHold(event.id, items, attemptKey.current, promo?.code, { queuePass });
      attemptKey.current = null;
      navigate(`/checkout/${encodeURIComponent(hold.holdId)}`);
    } catch (err) {
      // Network trouble or a busy service may be retried with the same key; anything else starts afresh.
      if (!(err instanceof ApiError) || (err.status !== 0 && err.status !== 503)) attemptKey.current = null;
      const early = notOnSale(err);
      if (early) {
        setMessage({ text: early.detail, tone: 'error' });
      } else if (isPassRefused(err)) {
        setMessage({ text: `${errorMessage(err)} Your pass out of the waiting room is no longer valid.`, tone: 'error' });
        onPassRefused?.();
      } else if (err instanceof ApiError && err.fieldErrors.promoCode) {
        setPromoError(promoProblem(promo?.code ?? '', err.fieldErrors.promoCode));
        setMessage({ text: 'The promo code can no longer be used: remove it or try another.', tone: 'error' });
      } else {
        setMessage({ text: bookingFailure(err, types), tone: 'error' });
      }
      if (err instanceof ApiError && err.status === 409) onBooked();
      setBusy(false);
    }
  }

  const closedId = 'booking-closed';
  const closed = opensAt && event.availableSeats > 0 && (
    <p className="notice notice-info" id={closedId} data-testid="booking-closed">
      Booking opens with the sales, on {formatDateTime(opensAt)}.
    </p>
  );
  const bookButton = (
    <button type="submit" className="button" disabled={busy || Boolean(opensAt)} aria-busy={busy}
      aria-describedby={opensAt ? closedId : undefined}>
      {busy ? 'Holding your seats…' : 'Book'}
    </button>
  );
  const totalLine = total === 'Free' && !discountNote ? null : <>Total: <strong>{total}</strong>{discountNote}</>;

  let body;
  if (event.availableSeats <= 0) {
    body = <p className="notice notice-soldout" data-testid="sold-out"><strong>Sold out.</strong> There are no seats left for this event.</p>;
  } else if (single) {
    const choices = types[0] ? seatChoices({ availableSeats: quantityMax(types[0], {}, offered), maxSeatsPerBooking: null }) : seatChoices(event);
    const state = types[0] ? salesState(types[0]) : null;
    if (state && state.kind !== 'on-sale') {
      body = <p className="notice notice-info">{salesStateText(state)}.</p>;
    } else if (!signedIn) {
      body = <SignInToBook here={here} />;
    } else {
      body = (
        <form onSubmit={submit} className="book-form">
          <SelectField id="seats" label="Seats" value={String(seats)} onChange={(e) => setSeats(Number(e.target.value))}
            hint={`Up to ${choices.length} per booking`} disabled={Boolean(opensAt)}>
            {choices.map((n) => <option key={n} value={n}>{n}</option>)}
          </SelectField>
          {bookButton}
          {totalLine && <p className="booking-total" data-testid="booking-total">{totalLine}</p>}
        </form>
      );
    }
  } else {
    body = (
      <form onSubmit={submit}>
        <ul className="ticket-type-list" data-testid="ticket-types">
          {types.map((t) => (
            <TicketTypeChoice key={t.id} type={t} price={priceText(typePrice(t, event))} value={quantities[t.id] ?? 0}
              max={quantityMax(t, quantities, offered)} canPick={signedIn && !opensAt} unlocked={unlocked.includes(t.id)}
              onChange={(n) => setQuantities((q) => ({ ...q, [t.id]: n }))} />
          ))}
        </ul>
        {signedIn ? (
          <div className="button-row">
            <p className="booking-total" data-testid="booking-total" aria-live="polite">
              {count === 0 ? 'No tickets picked' : <>{plural(count, 'seat')} · {totalLine ?? <>Total: <strong>{total}</strong></>}</>}
            </p>
            {bookButton}
            <p className="hint">Up to {bookingLimit(event)} seats in one booking. Your seats are kept for {plural(event.holdMinutes ?? 10, 'minute')} while you confirm.</p>
          </div>
        ) : (
          <SignInToBook here={here} />
        )}
      </form>
    );
  }

  return (
    <section className="booking-panel" aria-labelledby="book-title">
      <h2 id="book-title">{single ? 'Book seats' : 'Tickets'}</h2>
      {event.availableSeats > 0 && (
        <PromoCodeField eventId={event.id} applied={promo} error={promoError} publicTypes={event.ticketTypes ?? []}
          onApplied={applyPromo} onError={setPromoError} />
      )}
      {closed}
      {body}
      {/* In one place whatever the seats left, so that it keeps its state when they change. */}
      {!opensAt && waitlist}
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
    </section>
  );
}

/** "“ABC” is not a code of this event." from the server's message on `promoCode`. */
function promoProblem(code: string, said: string): string {
  const text = said.trim().replace(/\.+$/, '');
  return code ? `“${code}” ${text}.` : `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function PromoCodeField({ eventId, applied, error, publicTypes, onApplied, onError }: {
  eventId: string;
  applied: { code: string; offer: Offer } | null;
  error: string | null;
  publicTypes: readonly TicketType[];
  onApplied: (promo: { code: string; offer: Offer } | null) => void;
  onError: (text: string) => void;
}) {
  const [value, setValue] = useState(applied?.code ?? '');
  const [busy, setBusy] = useState(false);

  async function apply(e: FormEvent) {
    e.preventDefault();
    const code = value.trim();
    if (!code) {
      onApplied(null);
      return;
    }
    setBusy(true);
    try {
      const result = await fetchOffer(eventId, code);
      onApplied({ code: result.promoCode?.code ?? code, offer: result });
    } catch (err) {
      onApplied(null);
      onError(err instanceof ApiError && err.fieldErrors.promoCode ? promoProblem(code, err.fieldErrors.promoCode) : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const { types, unlocked } = offeredTypes(publicTypes, applied?.offer ?? null);
  const unlockedNames = listText(types.filter((t) => unlocked.includes(t.id)).map((t) => t.name));
  const given = applied?.offer.promoCode;
  let summary: string | null = null;
  if (applied && given) {
    const discount = discountText(given, types);
    const parts = [discount === 'No discount' ? '' : discount, unlockedNames ? `unlocks ${unlockedNames}` : ''].filter(Boolean);
    summary = `${applied.code}: ${parts.length ? parts.join('; ') : 'applied'}.`;
    summary = summary.charAt(0).toUpperCase() + summary.slice(1);
  }

  return (
    <form onSubmit={apply} className="promo-form" noValidate>
      <TextField id="promo-code" label="Promo code" optional value={value} maxLength={32} autoCapitalize="characters"
        autoComplete="off" error={error ?? undefined} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="button button-secondary" disabled={busy} aria-busy={busy}>
        {busy ? 'Applying…' : 'Apply'}
      </button>
      {applied && (
        <button type="button" className="button-link" onClick={() => { setValue(''); onApplied(null); }}>
          Remove code
        </button>
      )}
      <div className="live" role="status" aria-live="polite" aria-atomic="true">
        {summary && <p className="notice notice-success" data-testid="promo-summary">{summary}</p>}
      </div>
    </form>
  );
}

function SignInToBook({ here, label = 'Sign in to book' }: { here: string; label?: string }) {
  return (
    <p>
      <Link to={`/signin?next=${encodeURIComponent(here)}`} className="button">{label}</Link>{' '}
      or <Link to={`/signup?next=${encodeURIComponent(here)}`}>create an account</Link>.
    </p>
  );
}

function TicketTypeChoice({ type, price, value, max, canPick, unlocked, onChange }: {
  type: TicketType;
  price: string;
  unlocked: boolean;
  value: number;
  max: number;
  canPick: boolean;
  onChange: (n: number) => void;
}) {
  const state = salesState(type);
  const stateId = `type-${type.id}-state`;
  return (
    <li className="card ticket-type" data-testid="ticket-type" data-ticket-type={type.name}>
      <div>
        <h3>
          {type.name} <span className="ticket-type-price">{price}</span>
          {unlocked && <> <span className="tag tag-status-held">Unlocked by your code</span></>}
        </h3>
        {type.description && <p className="muted">{type.description}</p>}
        <p id={stateId} className="small">
          {state.kind === 'on-sale' ? (
            <>{plural(type.available, 'seat')} left{state.until ? ` · ${salesStateText(state)}` : ''}</>
          ) : (
            <strong>{salesStateText(state)}</strong>
          )}
          {type.maxPerBooking != null && state.kind === 'on-sale' && <> · at most {type.maxPerBooking} per booking</>}
        </p>
      </div>
      {canPick && state.kind === 'on-sale' && (
        <QuantityStepper id={`quantity-${type.id}`} label={type.name} value={value} max={max}
          onChange={onChange} describedBy={stateId} />
      )}
    </li>
  );
}
