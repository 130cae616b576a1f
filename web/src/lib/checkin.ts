// What a scan at the door came to, from the server's answer, and how the
// result panel says it.

import { ApiError, type Admission, type CheckedInBy, type Ticket } from '../api';
import { errorMessage } from './problem';
import type { SendOutcome } from './scanqueue';
import { formatDateTime, type FormatOptions } from './format';

export type ScanResult =
  | { kind: 'admitted'; code: string; ticketId: string; name: string | null; ticketType: string; at: string }
  | { kind: 'already'; code: string; name: string | null; ticketType: string | null; at: string | null; by: string | null }
  | { kind: 'cancelled'; code: string; name: string | null; ticketType: string | null }
  | { kind: 'unknown'; code: string }
  /** The code was refused as it was typed (422). */
  | { kind: 'invalid'; code: string; message: string }
  /** The server could not be reached, or could not answer now: the scan is to be queued or tried again. */
  | { kind: 'unreachable'; code: string }
  /** Anything else, such as a session that ended: not the ticket's fault. */
  | { kind: 'failed'; code: string; message: string };

export function admittedResult(answer: Admission, code: string): ScanResult {
  return {
    kind: 'admitted',
    code,
    ticketId: answer.ticket.id,
    name: answer.attendee?.name ?? answer.ticket.attendee?.name ?? null,
    ticketType: answer.ticketType?.name ?? answer.ticket.ticketType.name,
    at: answer.checkedInAt,
  };
}

function isTicket(value: unknown): value is Ticket {
  return typeof value === 'object' && value !== null && typeof (value as Ticket).id === 'string';
}

function isCheckedInBy(value: unknown): value is CheckedInBy {
  return typeof value === 'object' && value !== null && typeof (value as CheckedInBy).label === 'string';
}

/** Statuses after which the same scan may well succeed later. */
const RETRYABLE = new Set([0, 408, 429, 502, 503, 504]);

export function failedResult(error: unknown, code: string): ScanResult {
  if (!(error instanceof ApiError)) return { kind: 'failed', code, message: errorMessage(error) };
  if (RETRYABLE.has(error.status)) return { kind: 'unreachable', code };
  const ticket = isTicket(error.body.ticket) ? error.body.ticket : null;
  const name = ticket?.attendee?.name ?? null;
  const ticketType = ticket?.ticketType?.name ?? null;
  if (error.status === 409 && /already-checked-in/.test(error.type ?? '')) {
    const at = typeof error.body.checkedInAt === 'string' ? error.body.checkedInAt : ticket?.checkedInAt ?? null;
    const by = isCheckedInBy(error.body.checkedInBy) ? error.body.checkedInBy : ticket?.checkedInBy ?? null;
    return { kind: 'already', code, name, ticketType, at, by: by?.label ?? null };
  }
  if (error.status === 409 && /ticket-cancelled/.test(error.type ?? '')) return { kind: 'cancelled', code, name, ticketType };
  if (error.status === 404) return { kind: 'unknown', code };
  if (error.status === 422) return { kind: 'invalid', code, message: error.fieldErrors.code ?? errorMessage(error) };
  return { kind: 'failed', code, message: errorMessage(error) };
}

/**
 * For sending a queued scan: an answer about the ticket (admitted, already
 * in, cancelled, unknown, refused as typed) takes it off the queue; anything
 * else leaves it there to be tried again.
 */
export function sendOutcome(result: ScanResult): SendOutcome<ScanResult> {
  return result.kind === 'unreachable' || result.kind === 'failed' ? { kind: 'retry' } : { kind: 'answered', result };
}

/** Whether a result should stop the person at the door. */
export function isProblem(result: ScanResult): boolean {
  return result.kind !== 'admitted';
}

/** "19:42:05" for a time today, the date and time otherwise. */
export function checkInTime(value: string, now: Date = new Date(), options: FormatOptions = {}): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const day = (d: Date) => new Intl.DateTimeFormat(options.locale, { dateStyle: 'short', timeZone: options.timeZone }).format(d);
  if (day(new Date(ms)) !== day(now)) return formatDateTime(value, options);
  return new Intl.DateTimeFormat(options.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: options.timeZone }).format(new Date(ms));
}

/** The panel's headline and the line below it. */
export function resultText(result: ScanResult, now: Date = new Date(), options: FormatOptions = {}): { title: string; detail: string } {
  const who = (name: string | null, type: string | null) => [name ?? (type ? 'No name given' : null), type].filter(Boolean).join(' · ');
  switch (result.kind) {
    case 'admitted':
      return { title: 'Admitted', detail: who(result.name, result.ticketType) };
    case 'already': {
      const when = result.at ? ` at ${checkInTime(result.at, now, options)}` : '';
      const by = result.by ? ` by ${result.by}` : '';
      return { title: `Already checked in${when}${by}`, detail: who(result.name, result.ticketType) };
    }
    case 'cancelled':
      return { title: 'Cancelled ticket', detail: who(result.name, result.ticketType) || 'Its booking was cancelled.' };
    case 'unknown':
      return { title: 'Unknown code', detail: 'No ticket of this event has this code.' };
    case 'invalid':
      return { title: 'Not a ticket code', detail: result.message };
    case 'unreachable':
      return { title: 'Not sent', detail: 'The server cannot be reached.' };
    case 'failed':
      return { title: 'Not checked', detail: result.message };
  }
}
