// Scans at the door while the network is gone: each is kept, in order, in
// localStorage until the server has answered it, and the ticket list loaded
// beforehand tells what it can about the code meanwhile.

import type { AttendeeRow } from '../api';
import type { KeyValueStorage } from './session';
import { normalizeCode } from './ticketcode';

/** A scan waiting to be sent. */
export interface QueuedScan {
  id: string;
  /** As the server compares it (see normalizeCode). */
  code: string;
  scannedAt: string;
}

/** What the ticket list loaded for offline use keeps of a ticket. */
export interface OfflineTicket {
  ticketId: string;
  code: string;
  status: 'valid' | 'void';
  attendeeName: string | null;
  ticketType: string;
  checkedInAt: string | null;
}

export interface OfflineList {
  loadedAt: string;
  tickets: OfflineTicket[];
}

/** What the device can say about a scan without the server. */
export type LocalCheck =
  | { kind: 'expected'; ticket: OfflineTicket }
  | { kind: 'scanned-before'; ticket: OfflineTicket | null; at: string }
  | { kind: 'checked-in'; ticket: OfflineTicket }
  | { kind: 'cancelled'; ticket: OfflineTicket }
  | { kind: 'unknown' }
  | { kind: 'no-list' };

const PREFIX = 'eventbook.door';
export const queueKey = (eventId: string) => `${PREFIX}.${eventId}.queue`;
export const listKey = (eventId: string) => `${PREFIX}.${eventId}.tickets`;

function readJson(storage: KeyValueStorage | null, key: string): unknown {
  if (!storage) return undefined;
  try {
    const raw = storage.getItem(key);
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `value`; false when the storage refused it (full, or disabled). */
function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function isQueuedScan(value: unknown): value is QueuedScan {
  const v = value as QueuedScan;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.code === 'string' && typeof v.scannedAt === 'string';
}

/**
 * The scans of one event still to be sent, oldest first. Every change is
 * written through to the storage, so that a reload or a closed tab loses
 * none; the copy in memory carries on if the storage refuses a write.
 */
export class ScanQueue {
  private items: QueuedScan[];
  private counter = 0;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly eventId: string,
  ) {
    const stored = readJson(storage, queueKey(eventId));
    this.items = Array.isArray(stored) ? stored.filter(isQueuedScan) : [];
  }

  list(): readonly QueuedScan[] {
    return this.items;
  }

  get size(): number {
    return this.items.length;
  }

  /** Queues a scan of `code` at the end. */
  add(code: string, now: Date = new Date()): QueuedScan {
    this.counter += 1;
    const scan = { id: `${now.getTime().toString(36)}-${this.counter}-${Math.random().toString(36).slice(2, 8)}`, code: normalizeCode(code), scannedAt: now.toISOString() };
    this.items = [...this.items, scan];
    this.save();
    return scan;
  }

  /** Drops a scan the server has answered. */
  remove(id: string): void {
    this.items = this.items.filter((s) => s.id !== id);
    this.save();
  }

  /** The first queued scan of `code`, if any. */
  find(code: string): QueuedScan | undefined {
    const wanted = normalizeCode(code);
    return this.items.find((s) => s.code === wanted);
  }

  private save(): void {
    if (this.items.length === 0) {
      try {
        this.storage?.removeItem(queueKey(this.eventId));
      } catch {
        // Nothing left to keep either way.
      }
      return;
    }
    writeJson(this.storage, queueKey(this.eventId), this.items);
  }
}

/** What sending one scan came to: answered (whatever the answer), or to be tried again later. */
export type SendOutcome<R> = { kind: 'answered'; result: R } | { kind: 'retry' };

/**
 * Sends the queued scans one by one, oldest first, calling `answered` for each
 * that the server answered and dropping it from the queue. It stops at the
 * first scan to be tried again (or whose sending threw), which stays queued
 * with every one after it. Scans added meanwhile are sent too.
 */
export async function flushQueue<R>(
  queue: ScanQueue,
  send: (scan: QueuedScan) => Promise<SendOutcome<R>>,
  answered: (scan: QueuedScan, result: R) => void,
): Promise<{ sent: number; complete: boolean }> {
  let sent = 0;
  for (;;) {
    const scan = queue.list()[0];
    if (!scan) return { sent, complete: true };
    let outcome: SendOutcome<R>;
    try {
      outcome = await send(scan);
    } catch {
      outcome = { kind: 'retry' };
    }
    if (outcome.kind === 'retry') return { sent, complete: false };
    queue.remove(scan.id);
    sent += 1;
    answered(scan, outcome.result);
  }
}

/** The ticket list kept for offline use from the attendee list's rows. */
export function toOfflineList(rows: readonly AttendeeRow[], now: Date = new Date()): OfflineList {
  return {
    loadedAt: now.toISOString(),
    tickets: rows.map((r) => ({
      ticketId: r.ticketId,
      code: normalizeCode(r.code),
      status: r.status,
      attendeeName: r.attendee?.name ?? null,
      ticketType: r.ticketType.name,
      checkedInAt: r.checkedInAt,
    })),
  };
}

export function loadOfflineList(storage: KeyValueStorage | null, eventId: string): OfflineList | null {
  const stored = readJson(storage, listKey(eventId)) as OfflineList | undefined;
  if (!stored || typeof stored.loadedAt !== 'string' || !Array.isArray(stored.tickets)) return null;
  return stored;
}

/** Keeps the list; false when the storage refused it (it then lasts as long as the page). */
export function saveOfflineList(storage: KeyValueStorage | null, eventId: string, list: OfflineList): boolean {
  return writeJson(storage, listKey(eventId), list);
}

/** The list with the ticket of `code` admitted at `at` (or no longer, for null). */
export function withCheckIn(list: OfflineList, code: string, at: string | null): OfflineList {
  const wanted = normalizeCode(code);
  return { ...list, tickets: list.tickets.map((t) => (t.code === wanted ? { ...t, checkedInAt: at } : t)) };
}

/**
 * What can be told of a scan of `code` offline: a code already waiting in the
 * queue comes first (the second scan of one ticket), then what the list says.
 */
export function checkLocally(code: string, list: OfflineList | null, queued: readonly QueuedScan[]): LocalCheck {
  const wanted = normalizeCode(code);
  const ticket = list?.tickets.find((t) => t.code === wanted) ?? null;
  const earlier = queued.find((s) => s.code === wanted);
  if (earlier) return { kind: 'scanned-before', ticket, at: earlier.scannedAt };
  if (!list) return { kind: 'no-list' };
  if (!ticket) return { kind: 'unknown' };
  if (ticket.status === 'void') return { kind: 'cancelled', ticket };
  if (ticket.checkedInAt) return { kind: 'checked-in', ticket };
  return { kind: 'expected', ticket };
}
