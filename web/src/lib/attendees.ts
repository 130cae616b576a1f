// Who each seat of a hold is for: the checkout's name and e-mail per seat,
// checked as the bookings service checks them (docs/api.md, "Holds"), and
// the service's answers placed next to the same inputs.

import type { Attendee } from '../api';
import { sentence } from './problem';
import type { SessionUser } from './session';
import { validateEmail } from './validation';

/** The longest name the bookings service takes, after trimming. */
export const MAX_ATTENDEE_NAME = 100;

export type AttendeePart = 'name' | 'email';

/** Messages by input id (see `attendeeInputId`); `attendees` for the list as a whole. */
export type AttendeeErrors = Record<string, string>;

/** The key of a message about the list as a whole, such as a missing list. */
export const ATTENDEES_FIELD = 'attendees';

/** The id of a seat's input, counting seats from 1 as their labels do: `seat-1-name`. */
export function attendeeInputId(index: number, part: AttendeePart): string {
  return `seat-${index + 1}-${part}`;
}

/** One empty row per seat, the first one the buyer's own when the app knows their name and e-mail. */
export function initialAttendees(seats: number, buyer?: Pick<SessionUser, 'username' | 'email'> | null): Attendee[] {
  return Array.from({ length: Math.max(0, seats) }, (_, n) =>
    n === 0 && buyer ? { name: buyer.username, email: buyer.email } : { name: '', email: '' });
}

/** Whether nothing was typed for any seat. */
export function allBlank(rows: readonly Attendee[]): boolean {
  return rows.every((row) => !row.name.trim() && !row.email.trim());
}

/** Checks every seat's name (1 to 100 characters after trimming) and e-mail address. */
export function validateAttendees(rows: readonly Attendee[]): AttendeeErrors {
  const errors: AttendeeErrors = {};
  rows.forEach((row, n) => {
    const name = row.name.trim();
    if (!name) errors[attendeeInputId(n, 'name')] = `Enter the name of the person on seat ${n + 1}.`;
    else if ([...name].length > MAX_ATTENDEE_NAME) errors[attendeeInputId(n, 'name')] = `Use at most ${MAX_ATTENDEE_NAME} characters.`;
    const email = row.email.trim();
    if (!email) errors[attendeeInputId(n, 'email')] = `Enter the e-mail address of the person on seat ${n + 1}.`;
    else {
      const problem = validateEmail(email);
      if (problem) errors[attendeeInputId(n, 'email')] = problem;
    }
  });
  return errors;
}

/**
 * What to send with the confirmation. Required names must be valid for
 * every seat; optional ones are sent only when given for every seat, and
 * left out when every field is empty. A list begun but not finished is
 * shown as errors rather than dropped, so that nothing typed is lost.
 */
export function attendeesToSend(
  rows: readonly Attendee[],
  required: boolean,
): { attendees: Attendee[] | undefined; errors: AttendeeErrors } {
  if (!required && allBlank(rows)) return { attendees: undefined, errors: {} };
  const errors = validateAttendees(rows);
  if (Object.keys(errors).length) return { attendees: undefined, errors };
  return { attendees: rows.map((row) => ({ name: row.name.trim(), email: row.email.trim() })), errors: {} };
}

const ENTRY = /^attendees\[(\d+)\](?:\.(name|email))?$/;

/**
 * The bookings service's messages on the attendees, keyed as the inputs
 * are: `attendees[N].name` and `.email` go next to that input, a whole
 * entry's next to its name, and `attendees` to the list.
 */
export function attendeeErrorsFromServer(fieldErrors: Record<string, string>): AttendeeErrors {
  const errors: AttendeeErrors = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const entry = ENTRY.exec(field);
    const key = field === ATTENDEES_FIELD ? ATTENDEES_FIELD
      : entry ? attendeeInputId(Number(entry[1]), (entry[2] as AttendeePart | undefined) ?? 'name') : null;
    if (key && !(key in errors)) errors[key] = sentence(message);
  }
  return errors;
}

/** Labels for the error summary: "Seat 1, name". */
export function attendeeLabels(seats: number): Record<string, string> {
  const labels: Record<string, string> = { [ATTENDEES_FIELD]: 'Attendees' };
  for (let n = 0; n < seats; n += 1) {
    labels[attendeeInputId(n, 'name')] = `Seat ${n + 1}, name`;
    labels[attendeeInputId(n, 'email')] = `Seat ${n + 1}, e-mail`;
  }
  return labels;
}
