// An event's waiting room as a buyer meets it: how often to ask for one's
// place, how far the line has moved, what to say about it, the API's
// refusals of a join, and the place and pass kept for the tab (a reload keeps
// both; the pass only until it runs out).

import type { QueueEntry } from '../api';
import { formatCountdown } from './countdown';
import { formatDateTime, type FormatOptions } from './format';
import { ApiError } from './problem';
import type { KeyValueStorage } from './session';

/** How long to wait between polls when the server does not say. */
export const DEFAULT_POLL_MS = 2_000;
export const MIN_POLL_MS = 1_000;
export const MAX_POLL_MS = 10_000;
/** How often the organizer's figures are renewed. */
export const ROOM_FIGURES_MS = 5_000;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Milliseconds until the next poll, from the `Retry-After` seconds given (default 2 s, kept within 1–10 s). */
export function pollDelayMs(retryAfterSeconds?: number | null): number {
  if (retryAfterSeconds == null || !Number.isFinite(retryAfterSeconds)) return DEFAULT_POLL_MS;
  return clamp(Math.round(retryAfterSeconds * 1000), MIN_POLL_MS, MAX_POLL_MS);
}

/**
 * Milliseconds before asking again after `failures` polls in a row failed:
 * the server's `Retry-After` when it gave one, else 2, 4, 8 s and then 10 s.
 */
export function retryDelayMs(failures: number, retryAfterSeconds?: number | null): number {
  if (retryAfterSeconds != null) return pollDelayMs(retryAfterSeconds);
  return clamp(DEFAULT_POLL_MS * 2 ** Math.max(0, failures - 1), MIN_POLL_MS, MAX_POLL_MS);
}

export interface QueueProgress {
  /** 0–100. */
  percent: number;
  /** What the bar measures, for its label. */
  label: string;
  /** Its value in words, for `aria-valuetext`. */
  text: string;
}

/**
 * How far along the wait is. With a place: how far the line has moved since
 * the first position seen, `(first - position) / first`. Before the opening
 * draw (no place yet): the time from joining to the opening that has passed.
 * Admitted: all the way. `null` when there is nothing to wait for (sold out,
 * pass ran out).
 */
export function queueProgress(
  entry: Pick<QueueEntry, 'state' | 'position' | 'joinedAt' | 'opensAt'>,
  firstPosition: number | null,
  nowMs: number = Date.now(),
): QueueProgress | null {
  if (entry.state === 'admitted') return { percent: 100, label: 'Progress in line', text: 'Your turn' };
  if (entry.state !== 'waiting') return null;
  if (entry.position != null) {
    const first = Math.max(firstPosition ?? entry.position, entry.position);
    const percent = first > 0 ? Math.round(((first - entry.position) / first) * 100) : 0;
    const bounded = clamp(percent, 0, 100);
    return { percent: bounded, label: 'Progress in line', text: `${bounded}% of the way to the front` };
  }
  const start = Date.parse(entry.joinedAt);
  const end = Date.parse(entry.opensAt);
  let percent = 100;
  if (!Number.isNaN(start) && !Number.isNaN(end) && end > start) percent = Math.round(((nowMs - start) / (end - start)) * 100);
  percent = clamp(percent, 0, 100);
  return { percent, label: 'Time until the sale opens', text: `${percent}% of the time until the sale opens has passed` };
}

/** "1 person is in the room", "1,200 people are in the room". */
export function peopleInRoomText(n: number, locale?: string): string {
  return n === 1 ? '1 person is in the room' : `${n.toLocaleString(locale)} people are in the room`;
}

/** The headline of a state: "You are in the waiting room", "It is your turn", …. */
export function stateTitle(state: QueueEntry['state']): string {
  switch (state) {
    case 'waiting': return 'You are in the waiting room';
    case 'admitted': return 'It is your turn';
    case 'expired': return 'Your pass ran out';
    case 'sold-out': return 'Sold out';
  }
}

/**
 * Where the buyer stands: "You are number 412 in line.", "You are next in
 * line.", or, before the opening draw, "Your place is drawn at random when
 * the sale opens at …, 1,200 people are in the room."
 */
export function positionText(entry: Pick<QueueEntry, 'state' | 'position' | 'opensAt' | 'inRoom' | 'passExpiresAt'>, options: FormatOptions = {}): string {
  switch (entry.state) {
    case 'waiting':
      if (entry.position == null) {
        return `Your place is drawn at random when the sale opens at ${formatDateTime(entry.opensAt, options)}, ${peopleInRoomText(entry.inRoom, options.locale)}.`;
      }
      if (entry.position === 1) return 'You are next in line.';
      return `You are number ${entry.position.toLocaleString(options.locale)} in line.`;
    case 'admitted':
      return 'You have been let in: choose your tickets and book before your pass runs out.';
    case 'expired':
      return expiredText(entry.passExpiresAt ?? null, options);
    case 'sold-out':
      return 'Every seat was sold before your turn came.';
  }
}

/** Why an expired pass cannot be used again. */
export function expiredText(passExpiresAt: string | null, options: FormatOptions = {}): string {
  const when = passExpiresAt ? ` at ${formatDateTime(passExpiresAt, options)}` : '';
  return `Your pass out of the waiting room ran out${when}. A place in the waiting room gives one pass only, so joining again does not give another.`;
}

/** "less than a minute", "about 4 minutes", "about 1 hour 5 minutes". */
export function durationText(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `about ${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} minute${rest === 1 ? '' : 's'}` : ''}`;
}

/** "Estimated wait: about 4 minutes"; `null` when the server gave no estimate. */
export function waitText(entry: Pick<QueueEntry, 'state' | 'estimatedWaitSeconds'>): string | null {
  if (entry.state !== 'waiting' || entry.estimatedWaitSeconds == null) return null;
  return `Estimated wait: ${durationText(Math.max(0, entry.estimatedWaitSeconds))}`;
}

/** The time left as a countdown: "4:59", "23:59:59", or "2 days 3 hours" from a day on. */
export function countdownText(msLeft: number): string {
  const left = Math.max(0, msLeft);
  const day = 86_400_000;
  if (left < day) return formatCountdown(left);
  const days = Math.floor(left / day);
  const hours = Math.floor((left % day) / 3_600_000);
  return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} hour${hours === 1 ? '' : 's'}` : ''}`;
}

/** "The waiting room opens at 1 Jun 2030, 09:30 (in 4:59)." */
export function roomOpensText(opensAt: string, nowMs: number = Date.now(), options: FormatOptions = {}): string {
  const at = Date.parse(opensAt);
  const left = Number.isNaN(at) ? 0 : at - nowMs;
  const when = formatDateTime(opensAt, options);
  return left > 0 ? `The waiting room opens at ${when} (in ${countdownText(left)}).` : `The waiting room opens at ${when}: you can join now.`;
}

/** The room's status as its organizer reads it. */
export function roomStatusText(status: string): string {
  switch (status) {
    case 'open': return 'Open';
    case 'sold-out': return 'Sold out: nobody more is let in';
    case 'closed': return 'Closed: the event sells without a waiting room';
    default: return status;
  }
}

// The API's refusals of a join.

export type JoinRefusal =
  | { kind: 'not-open'; opensAt: string | null; detail: string }
  | { kind: 'sold-out'; detail: string }
  | { kind: 'no-waiting-room'; detail: string }
  | { kind: 'closed'; detail: string };

/** The code a problem's `type` ends in ("queue-not-open" of ".../problems/queue-not-open"). */
function problemCode(error: ApiError): string {
  return (error.type ?? '').split('/').pop() ?? '';
}

/** Reads a refused join: the room not open yet (and when it opens), sold out, no room, or an event past or cancelled. */
export function joinRefusal(error: unknown): JoinRefusal | null {
  if (!(error instanceof ApiError)) return null;
  const code = problemCode(error);
  const detail = error.detail ?? error.title;
  if (error.status === 409 && code === 'queue-not-open') {
    return { kind: 'not-open', opensAt: typeof error.body.opensAt === 'string' ? error.body.opensAt : null, detail };
  }
  if (error.status === 409 && code === 'sold-out') return { kind: 'sold-out', detail };
  if (error.status === 404 && code === 'no-waiting-room') return { kind: 'no-waiting-room', detail };
  if (error.status === 409 && (code === 'event-past' || code === 'event-cancelled')) return { kind: 'closed', detail };
  return null;
}

/** Whether a booking or hold was refused for want of a (valid) pass out of the waiting room. */
export function isPassRefused(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && problemCode(error) === 'queue-pass-required';
}

// What the tab keeps: the place (so that a reload keeps it) and the pass.

/** A place in an event's waiting room, as the tab keeps it. */
export interface KeptPlace {
  queueId: string;
  /** Whose it is: another account signed in on the tab does not see it. */
  userId: string;
  /** The first position seen, which the progress is measured from. */
  firstPosition: number | null;
}

export interface KeptPass {
  pass: string;
  expiresAt: string;
  userId: string;
}

const PREFIX = 'eventbook.queue';
export const placeKey = (eventId: string) => `${PREFIX}.${eventId}.place`;
export const passKey = (eventId: string) => `${PREFIX}.${eventId}.pass`;

/** The place with its first position filled in from the entry, once it has one. */
export function withFirstPosition(place: KeptPlace, entry: Pick<QueueEntry, 'position'>): KeptPlace {
  if (place.firstPosition != null || entry.position == null) return place;
  return { ...place, firstPosition: entry.position };
}

/**
 * The places and passes of the tab, by event: in `sessionStorage` when it
 * takes them (so they last a reload, not another tab), and in memory too, so
 * that they last the page when the storage refuses a write.
 */
export class QueueKeeper {
  private readonly memory = new Map<string, string>();

  constructor(private readonly storage: KeyValueStorage | null) {}

  private read(key: string): unknown {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(key) ?? null;
    } catch {
      raw = null;
    }
    raw ??= this.memory.get(key) ?? null;
    if (!raw) return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  }

  private write(key: string, value: unknown): void {
    const raw = JSON.stringify(value);
    this.memory.set(key, raw);
    try {
      this.storage?.setItem(key, raw);
    } catch {
      // The copy in memory lasts the page.
    }
  }

  private remove(key: string): void {
    this.memory.delete(key);
    try {
      this.storage?.removeItem(key);
    } catch {
      // Nothing to keep either way.
    }
  }

  /** The user's place in the event's room, if the tab has one. */
  place(eventId: string, userId: string): KeptPlace | null {
    const v = this.read(placeKey(eventId)) as Partial<KeptPlace> | undefined;
    if (!v || typeof v.queueId !== 'string' || v.userId !== userId) return null;
    return { queueId: v.queueId, userId, firstPosition: typeof v.firstPosition === 'number' ? v.firstPosition : null };
  }

  keepPlace(eventId: string, place: KeptPlace): void {
    this.write(placeKey(eventId), place);
  }

  forgetPlace(eventId: string): void {
    this.remove(placeKey(eventId));
  }

  /** The user's pass for the event while it is valid at `nowMs`; one that ran out is dropped. */
  pass(eventId: string, userId: string, nowMs: number = Date.now()): KeptPass | null {
    const v = this.read(passKey(eventId)) as Partial<KeptPass> | undefined;
    if (!v || typeof v.pass !== 'string' || typeof v.expiresAt !== 'string' || v.userId !== userId) return null;
    const until = Date.parse(v.expiresAt);
    if (Number.isNaN(until) || until <= nowMs) {
      this.remove(passKey(eventId));
      return null;
    }
    return { pass: v.pass, expiresAt: v.expiresAt, userId };
  }

  /** Keeps the pass of an admitted entry; false (nothing kept) when the entry has none. */
  keepPass(eventId: string, userId: string, entry: Pick<QueueEntry, 'pass' | 'passExpiresAt'>): boolean {
    if (!entry.pass || !entry.passExpiresAt) return false;
    this.write(passKey(eventId), { pass: entry.pass, expiresAt: entry.passExpiresAt, userId } satisfies KeptPass);
    return true;
  }

  forgetPass(eventId: string): void {
    this.remove(passKey(eventId));
  }
}

/** The tab's `sessionStorage`, or null where there is none (or it is disabled). */
export function browserSessionStorage(): KeyValueStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** The keeper of this tab. */
export const queueKeeper = new QueueKeeper(browserSessionStorage());
