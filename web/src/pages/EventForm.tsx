import { useRef, useState, type FormEvent } from 'react';
import { createEvent, getEvent, updateEvent, ApiError, type EventItem } from '../api';
import { DoorStaffEditor } from '../components/DoorStaffEditor';
import { CheckboxField, ErrorSummary, TextArea, TextField } from '../components/Field';
import { Link } from '../components/Link';
import { PromoCodesEditor } from '../components/PromoCodesEditor';
import { TicketTypesEditor } from '../components/TicketTypesEditor';
import { ErrorBox, LiveMessage, Loading } from '../components/Status';
import { todayIso } from '../lib/format';
import { WAITLIST_ORDERS } from '../lib/waitlist';
import { useAsync, useSession, useTitle } from '../lib/hooks';
import { errorMessage, mapFieldErrors } from '../lib/problem';
import { navigate } from '../lib/router';
import {
  announcesChanges, changedFields, createBody, emptyEventForm, eventFieldAliases, eventFields, eventToForm, formToEventInput, validateEvent,
  type Errors, type EventField, type EventFormValues,
} from '../lib/validation';

const labels: Record<EventField, string> = {
  title: 'Title', description: 'Description', date: 'Date', time: 'Start time', location: 'Location',
  capacity: 'Capacity (seats)', maxSeatsPerBooking: 'Most seats per booking', category: 'Category',
  priceAmount: 'Price', priceCurrency: 'Currency', holdMinutes: 'Hold seats at checkout for (minutes)',
  requireAttendeeNames: 'Ask for each attendee’s name and e-mail at checkout',
  onSaleAt: 'On sale from', waitingRoom: 'Waiting room for the on-sale', admitPerMinute: 'Admit per minute',
  passMinutes: 'Pass valid for (minutes)', waitlistOrder: 'Who is offered seats first',
  offerMinutes: 'Offer holds seats for (minutes)',
};

/** Fields whose check depends on another's value: rechecked when that one changes. */
const dependents: Partial<Record<EventField, EventField[]>> = {
  date: ['onSaleAt'], time: ['onSaleAt'], onSaleAt: ['waitingRoom'],
};

export function CreateEventPage() {
  useTitle('Create event');
  return (
    <>
      <p className="breadcrumb"><Link to="/my-events">← My events</Link></p>
      <h1 tabIndex={-1}>Create event</h1>
      <EventForm />
    </>
  );
}

export function EditEventPage({ id }: { id: string }) {
  useTitle('Edit event');
  const current = useSession();
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  let body;
  if (event.loading && !event.data) body = <Loading label="Loading the event…" />;
  else if (event.error || !event.data) body = <ErrorBox error={event.error} onRetry={event.reload} />;
  else if (current && event.data.organizerId !== current.user.id && current.claims.role !== 'admin') {
    body = <p className="notice notice-error">Only the organizer of this event can change it.</p>;
  } else if (event.data.status === 'cancelled') {
    body = <p className="notice notice-error">This event is cancelled and can no longer be changed.</p>;
  } else {
    body = (
      <>
        <EventForm event={event.data} />
        <TicketTypesEditor event={event.data} />
        <PromoCodesEditor event={event.data} />
        <DoorStaffEditor event={event.data} />
      </>
    );
  }
  return (
    <>
      <p className="breadcrumb"><Link to="/my-events">← My events</Link></p>
      <h1 tabIndex={-1}>Edit event{event.data ? `: ${event.data.title}` : ''}</h1>
      {body}
    </>
  );
}

function EventForm({ event }: { event?: EventItem }) {
  const isNew = !event;
  const [values, setValues] = useState<EventFormValues>(() => (event ? eventToForm(event) : emptyEventForm));
  const [errors, setErrors] = useState<Errors<EventField>>({});
  const [touched, setTouched] = useState<Partial<Record<EventField, boolean>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [status, setStatus] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const taken = event ? event.capacity - event.availableSeats : undefined;
  const checkOptions = { isNew, minCapacity: taken && taken > 0 ? taken : undefined };

  function change<F extends EventField>(field: F, value: EventFormValues[F]) {
    const next = { ...values, [field]: value };
    setValues(next);
    const name: EventField = field;
    const again = [name, ...(dependents[name] ?? [])].filter((f) => touched[f]);
    if (again.length) {
      const found = validateEvent(next, checkOptions);
      setErrors((prev) => ({ ...prev, ...Object.fromEntries(again.map((f) => [f, found[f]])) }));
    }
  }

  function blur(field: EventField) {
    setTouched((t) => ({ ...t, [field]: true }));
    setErrors((prev) => ({ ...prev, [field]: validateEvent(values, checkOptions)[field] }));
  }

  function failed(found: Errors<EventField>, rest: string[] = []) {
    setErrors(found);
    setOther(rest);
    setTouched(Object.fromEntries(eventFields.map((f) => [f, true])));
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus(null);
    const found = validateEvent(values, checkOptions);
    if (Object.keys(found).length) {
      failed(found);
      return;
    }
    setErrors({});
    setOther([]);
    const input = formToEventInput(values);
    setBusy(true);
    try {
      if (isNew) {
        const result = await createEvent(createBody(input) as typeof input);
        navigate(`/events/${encodeURIComponent(result.eventId)}`);
        return;
      }
      const changes = changedFields(event, input);
      if (Object.keys(changes).length === 0) {
        setStatus({ text: 'Nothing has changed.', tone: 'success' });
      } else {
        const updated = await updateEvent(event.id, changes);
        setValues(eventToForm(updated));
        setStatus({
          text: announcesChanges(changes) ? 'Saved. Everyone who booked this event is told about the change.' : 'Saved.',
          tone: 'success',
        });
      }
    } catch (err) {
      if (err instanceof ApiError && err.hasFieldErrors) {
        const mapped = mapFieldErrors(err.fieldErrors, eventFields, eventFieldAliases);
        failed(mapped.fields as Errors<EventField>, mapped.rest);
      } else if (err instanceof ApiError && err.status === 409 && /capacity|seats/i.test(err.detail ?? '')) {
        failed({ capacity: err.detail });
      } else {
        setStatus({ text: errorMessage(err), tone: 'error' });
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (id: Exclude<EventField, 'requireAttendeeNames' | 'waitingRoom' | 'waitlistOrder'>) => ({
    id,
    value: values[id],
    error: errors[id],
    onChange: (e: { target: { value: string } }) => change(id, e.target.value),
    onBlur: () => blur(id),
  });

  return (
    <>
      <ErrorSummary errors={errors} labels={labels} other={other} summaryRef={summary} />
      <form onSubmit={submit} noValidate className="stack event-form">
        <TextField label={labels.title} maxLength={200} {...field('title')} />
        <TextArea label={labels.description} optional rows={5} {...field('description')} />
        <div className="row-2">
          <TextField label={labels.date} type="date" min={isNew ? todayIso() : undefined} {...field('date')} />
          <TextField label={labels.time} type="time" optional hint="Leave empty for an all-day event" {...field('time')} />
        </div>
        <TextField label={labels.location} maxLength={200} {...field('location')} />
        <div className="row-2">
          <TextField label={labels.capacity} type="number" inputMode="numeric" min={1} max={1000000}
            hint={taken ? `${taken} already booked` : undefined} {...field('capacity')} />
          <TextField label={labels.maxSeatsPerBooking} type="number" inputMode="numeric" min={1} max={100} optional
            hint="Default 10" {...field('maxSeatsPerBooking')} />
        </div>
        <TextField label={labels.category} optional maxLength={50} {...field('category')} />
        <div className="row-2">
          <TextField label={labels.priceAmount} inputMode="decimal" optional hint="Shown to visitors; leave empty if free"
            {...field('priceAmount')} />
          <TextField label={labels.priceCurrency} optional maxLength={3} autoCapitalize="characters" {...field('priceCurrency')} />
        </div>
        <TextField label={labels.holdMinutes} type="number" inputMode="numeric" min={1} max={60}
          hint="While a buyer checks out, their seats are kept this long (1 to 60 minutes), then released." {...field('holdMinutes')} />
        <CheckboxField id="requireAttendeeNames" label={labels.requireAttendeeNames} checked={values.requireAttendeeNames}
          error={errors.requireAttendeeNames} onChange={(e) => change('requireAttendeeNames', e.target.checked)}
          hint="Buyers then give a name and e-mail for every seat before they can confirm their booking." />
        <fieldset className="choice-group stack">
          <legend>On-sale</legend>
          <div className="with-action">
            <TextField label={labels.onSaleAt} type="datetime-local" optional
              hint="Bookings open at this time; until then the event page shows when. Leave empty to sell at once." {...field('onSaleAt')} />
            {values.onSaleAt && (
              <button type="button" className="button-link" onClick={() => change('onSaleAt', '')}>Clear the on-sale time</button>
            )}
          </div>
          <CheckboxField id="waitingRoom" label={labels.waitingRoom} checked={values.waitingRoom}
            error={errors.waitingRoom} onChange={(e) => change('waitingRoom', e.target.checked)}
            hint="For a rush: buyers queue from 30 minutes before the on-sale and are let in a few at a time." />
          {values.waitingRoom && (
            <div className="row-2">
              <TextField label={labels.admitPerMinute} type="number" inputMode="numeric" min={1} max={100000} optional
                hint="How many buyers are let in each minute; leave empty to have it worked out for you." {...field('admitPerMinute')} />
              <TextField label={labels.passMinutes} type="number" inputMode="numeric" min={1} max={60}
                hint="How long a buyer who is let in has to start booking (1 to 60 minutes)." {...field('passMinutes')} />
            </div>
          )}
        </fieldset>
        <fieldset className="choice-group stack" aria-describedby="waitlist-settings-hint">
          <legend>Waitlist</legend>
          <p className="hint" id="waitlist-settings-hint">
            Once the event is sold out, visitors can join its waitlist. Seats that come back (a cancellation, more capacity, a hold
            that runs out) are held for the people in line, in order of joining, and they are told in their inbox and by e-mail.
          </p>
          <fieldset className="radio-group" aria-describedby={errors.waitlistOrder ? 'waitlistOrder-error' : undefined}>
            <legend>{labels.waitlistOrder}</legend>
            {WAITLIST_ORDERS.map((order) => {
              const id = order.value === 'strict' ? 'waitlistOrder' : `waitlistOrder-${order.value}`;
              return (
                <div className="radio-field" key={order.value}>
                  <input type="radio" id={id} name="waitlistOrder" value={order.value} checked={values.waitlistOrder === order.value}
                    aria-describedby={`${id}-hint`} onChange={() => change('waitlistOrder', order.value)} />
                  <label htmlFor={id}>{order.label}</label>
                  <p className="hint" id={`${id}-hint`}>{order.hint}</p>
                </div>
              );
            })}
            {errors.waitlistOrder && (
              <p className="field-error" id="waitlistOrder-error"><span aria-hidden="true">⚠ </span>{errors.waitlistOrder}</p>
            )}
          </fieldset>
          <TextField label={labels.offerMinutes} type="number" inputMode="numeric" min={1} max={1440}
            hint="How long the person offered seats has to confirm them (1 to 1,440 minutes) before they go to the next in line."
            {...field('offerMinutes')} />
        </fieldset>
        {isNew && (
          <p className="notice notice-info" data-testid="ticket-types-note">
            The event starts with one ticket type, “General admission”: every seat, at the price above. After creating
            it you can add others (such as VIP, with its own price and quota) under Edit → Ticket types.
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : isNew ? 'Create event' : 'Save changes'}
          </button>
          <Link to={event ? `/my-events/${encodeURIComponent(event.id)}` : '/my-events'} className="button button-secondary">Back</Link>
        </div>
      </form>
      <LiveMessage message={status?.text ?? null} tone={status?.tone} />
    </>
  );
}
