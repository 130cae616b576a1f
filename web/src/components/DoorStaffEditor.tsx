import { useState, type FormEvent } from 'react';
import { addStaff, eventStaff, removeStaff, ApiError, type EventItem, type StaffMember } from '../api';
import { ConfirmAction } from './ConfirmAction';
import { TextField } from './Field';
import { Link } from './Link';
import { Empty, ErrorBox, LiveMessage, Loading } from './Status';
import { formatDateTime } from '../lib/format';
import { useAsync } from '../lib/hooks';
import { errorMessage, sentence } from '../lib/problem';
import { validateEmail } from '../lib/validation';

/** The organizer's list of who may check people in at the event's door, with add by e-mail and remove. */
export function DoorStaffEditor({ event }: { event: EventItem }) {
  const list = useAsync((signal) => eventStaff(event.id, signal), [event.id]);
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const staff = list.data?.items ?? [];

  async function add(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const problem = email.trim() ? validateEmail(email) : 'Enter the e-mail address of their account.';
    if (problem) {
      setEmailError(problem);
      return;
    }
    setEmailError(undefined);
    setBusy(true);
    try {
      const known = staff.some((m) => m.email.toLowerCase() === email.trim().toLowerCase());
      const added = await addStaff(event.id, email.trim());
      setEmail('');
      setMessage({ text: known ? `${added.email} is door staff already.` : `${added.email} can now check people in.`, tone: 'success' });
      list.setData((data) => (data ? { items: [...data.items.filter((m) => m.userId !== added.userId), added] } : data));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setEmailError(sentence(err.fieldErrors.email ?? err.detail ?? err.title));
      } else {
        setMessage({ text: `The account could not be added: ${errorMessage(err)}`, tone: 'error' });
      }
    } finally {
      setBusy(false);
    }
  }

  async function remove(member: StaffMember) {
    setBusyId(member.userId);
    setMessage(null);
    try {
      await removeStaff(event.id, member.userId);
      list.setData((data) => (data ? { items: data.items.filter((m) => m.userId !== member.userId) } : data));
      setMessage({ text: `${member.email} can no longer check people in.`, tone: 'success' });
    } catch (err) {
      setMessage({ text: `${member.email} could not be removed: ${errorMessage(err)}`, tone: 'error' });
    } finally {
      setBusyId(null);
    }
  }

  let body;
  if (list.loading && !list.data) body = <Loading label="Loading the door staff…" />;
  else if (list.error && !list.data) body = <ErrorBox error={list.error} onRetry={list.reload} />;
  else if (staff.length === 0) body = <Empty><p>No door staff yet: only you can check people in.</p></Empty>;
  else {
    body = (
      <div className="table-scroll">
        <table className="data-table" data-testid="door-staff-table">
          <caption className="visually-hidden">Door staff of this event</caption>
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Added</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {staff.map((m) => (
              <tr key={m.userId} data-testid="door-staff-row" data-email={m.email}>
                <th scope="row">{m.email}</th>
                <td><time dateTime={m.addedAt}>{formatDateTime(m.addedAt)}</time></td>
                <td>
                  <ConfirmAction label="Remove" question={`Remove ${m.email} from the door staff?`} confirmLabel={`Yes, remove ${m.email}`}
                    cancelLabel="Keep" onConfirm={() => remove(m)} busy={busyId === m.userId} busyLabel="Removing…" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <section aria-labelledby="door-staff-title" className="stack door-staff-section">
      <h2 id="door-staff-title">Door staff</h2>
      <p className="muted">
        People with an account who may check tickets at the door and see the attendee list, on the{' '}
        <Link to={`/events/${encodeURIComponent(event.id)}/checkin`}>check-in page</Link>.
      </p>
      {body}
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      <form onSubmit={add} noValidate className="inline-form" aria-label="Add door staff">
        <TextField id="staff-email" label="E-mail of their account" type="email" autoComplete="off" value={email} error={emailError}
          onChange={(e) => { setEmail(e.target.value); setEmailError(undefined); }} />
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>{busy ? 'Adding…' : 'Add door staff'}</button>
      </form>
    </section>
  );
}
