import { useRef, useState, type FormEvent } from 'react';
import {
  createPromoCode, disablePromoCode, promoCodes, ticketTypes, updatePromoCode, ApiError, type EventItem, type OrganizerTicketType,
  type PromoCode,
} from '../api';
import { ConfirmAction } from './ConfirmAction';
import { ErrorSummary, TextField } from './Field';
import { Empty, ErrorBox, LiveMessage, Loading } from './Status';
import { useAsync } from '../lib/hooks';
import { errorMessage, mapFieldErrors } from '../lib/problem';
import {
  codeState, discountText, emptyPromoCodeForm, formToPromoCodeInput, listText, newPromoCodeBody, promoCodeChanges, promoCodeFields,
  promoCodeToForm, usesLeftText, usesText, validatePromoCode, validUntilText, type DiscountKind, type PromoCodeField,
  type PromoCodeFormValues,
} from '../lib/promo';
import type { Errors } from '../lib/validation';

const labels: Record<PromoCodeField, string> = {
  code: 'Code', percentOff: 'Percent off', amountOff: 'Amount off each seat', ticketTypeIds: 'Applies to',
  unlocks: 'Unlocks hidden types', maxUses: 'Most uses', validUntil: 'Valid until',
};

const stateLabels: Record<ReturnType<typeof codeState>, string> = {
  active: 'Enabled', disabled: 'Disabled', expired: 'Expired', 'used-up': 'Used up',
};

/** The organizer's list of an event's promo codes, with add, edit and disable. */
export function PromoCodesEditor({ event }: { event: EventItem }) {
  const list = useAsync((signal) => promoCodes(event.id, signal), [event.id]);
  const types = useAsync((signal) => ticketTypes(event.id, signal), [event.id]);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const codes = list.data?.items ?? [];
  const allTypes = types.data?.items ?? [];
  const currency = event.price?.currency ?? allTypes.find((t) => t.price)?.price?.currency ?? 'EUR';

  async function disable(code: PromoCode) {
    setBusyId(code.id);
    setMessage(null);
    try {
      await disablePromoCode(event.id, code.id);
      setMessage({ text: `${code.code} is disabled; bookings that used it keep their discount.`, tone: 'success' });
    } catch (err) {
      setMessage({ text: `${code.code} could not be disabled: ${errorMessage(err)}`, tone: 'error' });
    } finally {
      setBusyId(null);
      list.reload();
    }
  }

  async function enable(code: PromoCode) {
    setBusyId(code.id);
    setMessage(null);
    try {
      await updatePromoCode(event.id, code.id, { enabled: true });
      setMessage({ text: `${code.code} is enabled again.`, tone: 'success' });
    } catch (err) {
      setMessage({ text: `${code.code} could not be enabled: ${errorMessage(err)}`, tone: 'error' });
    } finally {
      setBusyId(null);
      list.reload();
    }
  }

  function saved(text: string) {
    setEditing(null);
    setMessage({ text, tone: 'success' });
    list.reload();
  }

  const names = (ids: readonly string[]) => listText(ids.map((id) => allTypes.find((t) => t.id === id)?.name ?? 'a removed type'));

  let body;
  if ((list.loading && !list.data) || (types.loading && !types.data)) body = <Loading label="Loading the promo codes…" />;
  else if (list.error && !list.data) body = <ErrorBox error={list.error} onRetry={list.reload} />;
  else if (types.error && !types.data) body = <ErrorBox error={types.error} onRetry={types.reload} />;
  else if (codes.length === 0) body = <Empty><p>No promo codes yet.</p></Empty>;
  else {
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid="promo-code-table">
          <caption className="visually-hidden">Promo codes of this event</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Discount</th>
              <th scope="col">Unlocks</th>
              <th scope="col">Uses</th>
              <th scope="col">Valid until</th>
              <th scope="col">State</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {codes.map((c) => {
              const state = codeState(c);
              return (
                <tr key={c.id} data-testid="promo-code-row" data-code={c.code}>
                  <th scope="row" className="code">{c.code}</th>
                  <td>{discountText(c, allTypes)}</td>
                  <td>{c.unlocks.length ? names(c.unlocks) : '—'}</td>
                  <td>{usesText(c)} · {usesLeftText(c)}</td>
                  <td>{validUntilText(c)}</td>
                  <td><span className={`tag ${state === 'active' ? 'tag-status-confirmed' : 'tag-muted'}`}>{stateLabels[state]}</span></td>
                  <td>
                    <div className="button-row">
                      <button type="button" className="button button-secondary button-small" onClick={() => { setMessage(null); setEditing(c.id); }}>
                        Edit<span className="visually-hidden"> {c.code}</span>
                      </button>
                      {c.enabled ? (
                        <ConfirmAction label="Disable" question={`Disable ${c.code}? Buyers can no longer use it.`}
                          confirmLabel={`Yes, disable ${c.code}`} cancelLabel="Keep it" onConfirm={() => disable(c)}
                          busy={busyId === c.id} busyLabel="Disabling…" />
                      ) : (
                        <button type="button" className="button button-secondary button-small" onClick={() => enable(c)}
                          disabled={busyId === c.id} aria-busy={busyId === c.id}>
                          Enable<span className="visually-hidden"> {c.code}</span>
                        </button>
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

  const current = editing && editing !== 'new' ? codes.find((c) => c.id === editing) : undefined;
  return (
    <section aria-labelledby="promo-codes-title" className="stack promo-codes-section">
      <h2 id="promo-codes-title">Promo codes</h2>
      <p className="muted">
        A code takes a percentage or an amount off the types it applies to, and may unlock hidden types for whoever gives it.
      </p>
      {body}
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      {editing === null ? (
        list.data && types.data && (
          <p><button type="button" className="button button-secondary" onClick={() => { setMessage(null); setEditing('new'); }}>Add promo code</button></p>
        )
      ) : (
        <PromoCodeForm key={editing} eventId={event.id} code={current} types={allTypes} currency={currency}
          onSaved={saved} onCancel={() => setEditing(null)} />
      )}
    </section>
  );
}

function PromoCodeForm({ eventId, code, types, currency, onSaved, onCancel }: {
  eventId: string;
  code?: PromoCode;
  types: OrganizerTicketType[];
  currency: string;
  onSaved: (message: string) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<PromoCodeFormValues>(() => (code ? promoCodeToForm(code) : emptyPromoCodeForm));
  const [errors, setErrors] = useState<Errors<PromoCodeField>>({});
  const [other, setOther] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const checkOptions = { currency, used: code?.used || undefined, isNew: !code };
  const hidden = types.filter((t) => t.hidden);

  function failed(found: Errors<PromoCodeField>, rest: string[] = []) {
    setErrors(found);
    setOther(rest);
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found = validatePromoCode(values, checkOptions);
    if (Object.keys(found).length) {
      failed(found);
      return;
    }
    setErrors({});
    setOther([]);
    const input = formToPromoCodeInput(values, currency);
    setBusy(true);
    try {
      if (!code) {
        const created = await createPromoCode(eventId, newPromoCodeBody(input));
        onSaved(`${created.code} is added.`);
        return;
      }
      const changes = promoCodeChanges(code, input);
      if (Object.keys(changes).length === 0) {
        onSaved('Nothing has changed.');
        return;
      }
      const updated = await updatePromoCode(eventId, code.id, changes);
      onSaved(`${updated.code} is saved.`);
    } catch (err) {
      if (err instanceof ApiError && err.hasFieldErrors) {
        const mapped = mapFieldErrors(err.fieldErrors, promoCodeFields);
        failed(mapped.fields as Errors<PromoCodeField>, mapped.rest);
      } else if (err instanceof ApiError && err.status === 409 && /taken/i.test(`${err.type ?? ''}`)) {
        failed({ code: err.detail ?? 'This event has a code with this name already.' });
      } else if (err instanceof ApiError && err.status === 409 && /max-uses/i.test(`${err.type ?? ''}`)) {
        failed({ maxUses: err.detail ?? 'More uses are taken already.' });
      } else {
        setFailure(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (id: 'code' | 'percentOff' | 'amountOff' | 'maxUses' | 'validUntil') => ({
    id: `pc-${id}`,
    value: values[id],
    error: errors[id],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [id]: e.target.value })),
  });
  const toggle = (key: 'ticketTypeIds' | 'unlocks', id: string, on: boolean) =>
    setValues((v) => ({ ...v, [key]: on ? [...v[key], id] : v[key].filter((x) => x !== id) }));
  const prefixed = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`pc-${k}`, v]));
  const prefixedLabels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [`pc-${k}`, v]));
  const kinds: { kind: DiscountKind; label: string }[] = [
    { kind: 'percent', label: 'Percent off' },
    { kind: 'amount', label: `Fixed amount off each seat (${currency})` },
    { kind: 'none', label: 'No discount (only unlocks hidden types)' },
  ];

  return (
    <form onSubmit={submit} noValidate className="stack promo-code-form" aria-labelledby="promo-code-form-title">
      <h3 id="promo-code-form-title">{code ? `Edit ${code.code}` : 'Add a promo code'}</h3>
      <ErrorSummary errors={prefixed} labels={prefixedLabels} other={other} summaryRef={summary} />
      {code ? (
        <p>Code: <strong className="code">{code.code}</strong> <span className="muted">(a code cannot be renamed)</span></p>
      ) : (
        <TextField label={labels.code} maxLength={32} autoCapitalize="characters" hint="3 to 32 letters, digits, - or _; buyers may type it in any case"
          {...field('code')} />
      )}
      <fieldset className="choice-group">
        <legend>Discount</legend>
        {kinds.map(({ kind, label }) => (
          <div className="checkbox-field" key={kind}>
            <input id={`pc-kind-${kind}`} name="pc-kind" type="radio" checked={values.kind === kind}
              onChange={() => setValues((v) => ({ ...v, kind }))} />
            <label htmlFor={`pc-kind-${kind}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      {values.kind === 'percent' && (
        <TextField label={labels.percentOff} type="number" inputMode="numeric" min={1} max={100} hint="1 to 100, off each line it applies to"
          {...field('percentOff')} />
      )}
      {values.kind === 'amount' && (
        <TextField label={`${labels.amountOff} (${currency})`} inputMode="decimal" hint="Never more than a seat costs"
          {...field('amountOff')} />
      )}
      <TypeChoices legend={labels.ticketTypeIds} hint="None ticked: every type" id="pc-ticketTypeIds" types={types}
        chosen={values.ticketTypeIds} error={errors.ticketTypeIds} onToggle={(id, on) => toggle('ticketTypeIds', id, on)} />
      {hidden.length > 0 ? (
        <TypeChoices legend={labels.unlocks} hint="Buyers who give the code may book these" id="pc-unlocks" types={hidden}
          chosen={values.unlocks} error={errors.unlocks} onToggle={(id, on) => toggle('unlocks', id, on)} />
      ) : (
        <p className="hint" id="pc-unlocks">
          This event has no hidden ticket types to unlock.
          {errors.unlocks && <span className="field-error"> {errors.unlocks}</span>}
        </p>
      )}
      <div className="row-2">
        <TextField label={labels.maxUses} type="number" inputMode="numeric" min={1} max={1000000} optional
          hint={code?.used ? `${code.used} used so far; leave empty for no limit` : 'Leave empty for no limit'} {...field('maxUses')} />
        <TextField label={labels.validUntil} type="datetime-local" optional hint="Leave empty to keep it valid until the event" {...field('validUntil')} />
      </div>
      {failure && <p className="notice notice-error" role="alert">{failure}</p>}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? 'Saving…' : code ? 'Save promo code' : 'Add promo code'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function TypeChoices({ legend, hint, id, types, chosen, error, onToggle }: {
  legend: string;
  hint: string;
  id: string;
  types: OrganizerTicketType[];
  chosen: string[];
  error?: string;
  onToggle: (id: string, on: boolean) => void;
}) {
  return (
    <fieldset id={id} tabIndex={-1} className={error ? 'choice-group field-invalid' : 'choice-group'} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>{legend}</legend>
      <p className="hint" id={`${id}-hint`}>{hint}</p>
      {types.map((t) => (
        <div className="checkbox-field" key={t.id}>
          <input id={`${id}-${t.id}`} type="checkbox" checked={chosen.includes(t.id)} onChange={(e) => onToggle(t.id, e.target.checked)} />
          <label htmlFor={`${id}-${t.id}`}>{t.name}{t.hidden ? ' (hidden)' : ''}</label>
        </div>
      ))}
      {error && <p className="field-error" id={`${id}-error`}><span aria-hidden="true">⚠ </span>{error}</p>}
    </fieldset>
  );
}
