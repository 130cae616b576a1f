import { useRef, useState, type FormEvent } from 'react';
import {
  createTicketType, deleteTicketType, ticketTypes, updateTicketType, ApiError, type EventItem, type OrganizerTicketType,
} from '../api';
import { ConfirmAction } from './ConfirmAction';
import { ErrorSummary, TextArea, TextField } from './Field';
import { Empty, ErrorBox, LiveMessage, Loading } from './Status';
import { useAsync } from '../lib/hooks';
import { errorMessage, mapFieldErrors } from '../lib/problem';
import {
  emptyTicketTypeForm, formToTicketTypeInput, newTicketTypeBody, priceText, salesWindowText, ticketTypeChanges,
  ticketTypeFieldAliases, ticketTypeFields, ticketTypeToForm, validateTicketType,
  type TicketTypeField, type TicketTypeFormValues,
} from '../lib/tickets';
import type { Errors } from '../lib/validation';

const labels: Record<TicketTypeField, string> = {
  name: 'Name', description: 'Description', priceAmount: 'Price', priceCurrency: 'Currency', quota: 'Quota (seats)',
  salesStart: 'Sales start', salesEnd: 'Sales end', maxPerBooking: 'Most per booking',
};

/** The organizer's list of an event's ticket types, with add, edit and remove. */
export function TicketTypesEditor({ event }: { event: EventItem }) {
  const list = useAsync((signal) => ticketTypes(event.id, signal), [event.id]);
  // `null`: no form open; `'new'`: adding; otherwise the id of the type being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const types = list.data?.items ?? [];
  const currency = event.price?.currency ?? types.find((t) => t.price)?.price?.currency ?? 'EUR';

  async function remove(type: OrganizerTicketType) {
    setBusyId(type.id);
    setMessage(null);
    try {
      await deleteTicketType(event.id, type.id);
      setMessage({ text: `“${type.name}” is removed.`, tone: 'success' });
      list.reload();
    } catch (err) {
      const sold = err instanceof ApiError && err.status === 409 && /sold/i.test(`${err.type ?? ''} ${err.detail ?? ''}`);
      setMessage({
        text: sold ? `“${type.name}” has seats sold, so it stays; end its sales instead.` : `“${type.name}” could not be removed: ${errorMessage(err)}`,
        tone: 'error',
      });
      list.reload();
    } finally {
      setBusyId(null);
    }
  }

  function saved(text: string) {
    setEditing(null);
    setMessage({ text, tone: 'success' });
    list.reload();
  }

  let body;
  if (list.loading && !list.data) body = <Loading label="Loading the ticket types…" />;
  else if (list.error && !list.data) body = <ErrorBox error={list.error} onRetry={list.reload} />;
  else if (types.length === 0) body = <Empty><p>No ticket types.</p></Empty>;
  else {
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid="ticket-type-table">
          <caption className="visually-hidden">Ticket types of this event, in the order buyers see them</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Price</th>
              <th scope="col">Sold / quota</th>
              <th scope="col">Sales</th>
              <th scope="col">Per booking</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {types.map((t) => {
              const removeBlocked = t.sold > 0
                ? 'Seats of it are sold, so it cannot be removed: end its sales instead (edit “Sales end”).'
                : types.length === 1 ? 'An event keeps at least one ticket type.' : null;
              return (
                <tr key={t.id} data-testid="ticket-type-row" data-ticket-type={t.name}>
                  <th scope="row">
                    {t.name} {t.hidden && <span className="tag tag-muted">Hidden</span>}
                    {t.description && <div className="muted small">{t.description}</div>}
                  </th>
                  <td>{priceText(t.price ?? event.price)}</td>
                  <td>{t.sold.toLocaleString()} / {t.quota.toLocaleString()}</td>
                  <td>{salesWindowText(t)}</td>
                  <td>{t.maxPerBooking ?? '—'}</td>
                  <td>
                    <div className="button-row">
                      <button type="button" className="button button-secondary button-small" onClick={() => { setMessage(null); setEditing(t.id); }}>
                        Edit<span className="visually-hidden"> {t.name}</span>
                      </button>
                      {removeBlocked ? (
                        <>
                          <button type="button" className="button button-secondary button-small" disabled aria-describedby={`remove-${t.id}-why`}>
                            Remove<span className="visually-hidden"> {t.name}</span>
                          </button>
                          <p className="hint" id={`remove-${t.id}-why`}>{removeBlocked}</p>
                        </>
                      ) : (
                        <ConfirmAction label="Remove" question={`Remove “${t.name}”?`} confirmLabel={`Yes, remove ${t.name}`}
                          cancelLabel="Keep it" onConfirm={() => remove(t)} busy={busyId === t.id} />
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  }

  const current = editing && editing !== 'new' ? types.find((t) => t.id === editing) : undefined;
  return (
    <section aria-labelledby="ticket-types-title" className="stack ticket-types-section">
      <h2 id="ticket-types-title">Ticket types</h2>
      <p className="muted">
        Each type has its own price, quota and sales window. Every seat booked also counts against the event’s capacity.
      </p>
      {body}
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      {editing === null ? (
        list.data && <p><button type="button" className="button button-secondary" onClick={() => { setMessage(null); setEditing('new'); }}>Add ticket type</button></p>
      ) : (
        <TicketTypeForm key={editing} eventId={event.id} type={current} currency={currency}
          onSaved={saved} onCancel={() => setEditing(null)} />
      )}
    </section>
  );
}

function TicketTypeForm({ eventId, type, currency, onSaved, onCancel }: {
  eventId: string;
  type?: OrganizerTicketType;
  currency: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<TicketTypeFormValues>(() => (type ? ticketTypeToForm(type, currency) : emptyTicketTypeForm(currency)));
  const [errors, setErrors] = useState<Errors<TicketTypeField>>({});
  const [other, setOther] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const checkOptions = { sold: type?.sold || undefined };

  function failed(found: Errors<TicketTypeField>, rest: string[] = []) {
    setErrors(found);
    setOther(rest);
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found = validateTicketType(values, checkOptions);
    if (Object.keys(found).length) {
      failed(found);
      return;
    }
    setErrors({});
    setOther([]);
    const input = formToTicketTypeInput(values);
    setBusy(true);
    try {
      if (!type) {
        const created = await createTicketType(eventId, newTicketTypeBody(input));
        onSaved(`“${created.name}” is added.`);
        return;
      }
      const changes = ticketTypeChanges(type, input);
      if (Object.keys(changes).length === 0) {
        onSaved('Nothing has changed.');
        return;
      }
      const updated = await updateTicketType(eventId, type.id, changes);
      onSaved(`“${updated.name}” is saved.`);
    } catch (err) {
      if (err instanceof ApiError && err.hasFieldErrors) {
        const mapped = mapFieldErrors(err.fieldErrors, ticketTypeFields, ticketTypeFieldAliases);
        failed(mapped.fields as Errors<TicketTypeField>, mapped.rest);
      } else if (err instanceof ApiError && err.status === 409 && /quota/i.test(`${err.type ?? ''} ${err.detail ?? ''}`)) {
        failed({ quota: err.detail ?? 'More seats of this type are already sold.' });
      } else {
        setFailure(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (id: TicketTypeField) => ({
    id: `tt-${id}`,
    value: values[id],
    error: errors[id],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [id]: e.target.value })),
  });
  const prefixed = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`tt-${k}`, v]));
  const prefixedLabels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [`tt-${k}`, v]));

  return (
    <form onSubmit={submit} noValidate className="stack ticket-type-form" aria-labelledby="ticket-type-form-title">
      <h3 id="ticket-type-form-title">{type ? `Edit “${type.name}”` : 'Add a ticket type'}</h3>
      <ErrorSummary errors={prefixed} labels={prefixedLabels} other={other} summaryRef={summary} />
      <TextField label={labels.name} maxLength={100} {...field('name')} />
      <TextArea label={labels.description} optional rows={2} {...field('description')} />
      <div className="row-2">
        <TextField label={labels.priceAmount} inputMode="decimal" optional hint="Leave empty for the event’s price" {...field('priceAmount')} />
        <TextField label={labels.priceCurrency} optional maxLength={3} autoCapitalize="characters" {...field('priceCurrency')} />
      </div>
      <div className="row-2">
        <TextField label={labels.quota} type="number" inputMode="numeric" min={1} max={1000000}
          hint={type?.sold ? `${type.sold} already sold` : 'The most seats of this type'} {...field('quota')} />
        <TextField label={labels.maxPerBooking} type="number" inputMode="numeric" min={1} max={100} optional
          hint="Leave empty for the event’s limit" {...field('maxPerBooking')} />
      </div>
      <div className="row-2">
        <TextField label={labels.salesStart} type="datetime-local" optional hint="Leave empty to sell at once" {...field('salesStart')} />
        <TextField label={labels.salesEnd} type="datetime-local" optional hint="Leave empty to sell until the event starts" {...field('salesEnd')} />
      </div>
      <div className="checkbox-field">
        <input id="tt-hidden" name="tt-hidden" type="checkbox" checked={values.hidden}
          onChange={(e) => setValues((v) => ({ ...v, hidden: e.target.checked }))} aria-describedby="tt-hidden-hint" />
        <label htmlFor="tt-hidden">Hidden</label>
        <span className="hint" id="tt-hidden-hint">not shown to buyers</span>
      </div>
      {failure && <p className="notice notice-error" role="alert">{failure}</p>}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? 'Saving…' : type ? 'Save ticket type' : 'Add ticket type'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
