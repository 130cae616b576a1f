import { describe, expect, it } from 'vitest';
import type { AttendeeRow } from '../api';
import { MemoryStorage } from '../test/storage';
import {
  checkLocally, flushQueue, listKey, loadOfflineList, queueKey, saveOfflineList, ScanQueue, toOfflineList, withCheckIn,
  type QueuedScan, type SendOutcome,
} from './scanqueue';

const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 19, 0, s));

function row(code: string, extra: Partial<AttendeeRow> = {}): AttendeeRow {
  return {
    ticketId: `t-${code}`, code, status: 'valid', ticketType: { id: 'gt', name: 'General admission' },
    attendee: { name: `Guest ${code}`, email: `${code.toLowerCase()}@example.com` }, bookingId: 'b1', buyerId: 'u1',
    paymentStatus: 'none', checkedInAt: null, ...extra,
  };
}

describe('ScanQueue', () => {
  it('keeps scans in order, normalized, across a reload', () => {
    const storage = new MemoryStorage();
    const queue = new ScanQueue(storage, 'e1');
    queue.add('aaaa-bbbb', at(1));
    queue.add('CCCC DDDD', at(2));
    const again = new ScanQueue(storage, 'e1');
    expect(again.list().map((s) => [s.code, s.scannedAt])).toEqual([
      ['AAAABBBB', at(1).toISOString()],
      ['CCCCDDDD', at(2).toISOString()],
    ]);
    expect(new ScanQueue(storage, 'e2').size).toBe(0);
  });

  it('gives each scan its own id, even of one code at one moment', () => {
    const queue = new ScanQueue(null, 'e1');
    const a = queue.add('AAAA', at(1));
    const b = queue.add('AAAA', at(1));
    expect(a.id).not.toBe(b.id);
    queue.remove(a.id);
    expect(queue.list()).toEqual([b]);
  });

  it('removes its key once empty and ignores what it cannot read', () => {
    const storage = new MemoryStorage();
    const queue = new ScanQueue(storage, 'e1');
    const scan = queue.add('AAAA');
    queue.remove(scan.id);
    expect(storage.getItem(queueKey('e1'))).toBeNull();
    storage.setItem(queueKey('e1'), '{not json');
    expect(new ScanQueue(storage, 'e1').size).toBe(0);
    storage.setItem(queueKey('e1'), JSON.stringify([{ id: 'x', code: 'AAAA', scannedAt: 'now' }, { id: 1 }, null]));
    expect(new ScanQueue(storage, 'e1').list().map((s) => s.id)).toEqual(['x']);
  });

  it('carries on in memory when the storage refuses to write', () => {
    const storage = new MemoryStorage();
    storage.setItem = () => { throw new Error('QuotaExceededError'); };
    const queue = new ScanQueue(storage, 'e1');
    queue.add('AAAA');
    expect(queue.size).toBe(1);
  });
});

describe('flushQueue', () => {
  const answer = (result: string): SendOutcome<string> => ({ kind: 'answered', result });

  it('sends in the order scanned and empties the queue', async () => {
    const queue = new ScanQueue(new MemoryStorage(), 'e1');
    for (const code of ['AAAA', 'BBBB', 'CCCC']) queue.add(code);
    const sent: string[] = [];
    const answered: string[] = [];
    const result = await flushQueue(queue, async (s) => { sent.push(s.code); return answer(`ok ${s.code}`); }, (_s, r) => answered.push(r));
    expect(sent).toEqual(['AAAA', 'BBBB', 'CCCC']);
    expect(answered).toEqual(['ok AAAA', 'ok BBBB', 'ok CCCC']);
    expect(result).toEqual({ sent: 3, complete: true });
    expect(queue.size).toBe(0);
  });

  it('loses nothing when a send fails: that scan and the later ones stay, in order', async () => {
    const storage = new MemoryStorage();
    const queue = new ScanQueue(storage, 'e1');
    for (const code of ['AAAA', 'BBBB', 'CCCC']) queue.add(code);
    const failing = async (s: QueuedScan): Promise<SendOutcome<string>> => (s.code === 'BBBB' ? { kind: 'retry' } : answer(s.code));
    expect(await flushQueue(queue, failing, () => {})).toEqual({ sent: 1, complete: false });
    expect(new ScanQueue(storage, 'e1').list().map((s) => s.code)).toEqual(['BBBB', 'CCCC']);

    const throwing = async (): Promise<SendOutcome<string>> => { throw new TypeError('Failed to fetch'); };
    expect(await flushQueue(queue, throwing, () => {})).toEqual({ sent: 0, complete: false });
    expect(queue.list().map((s) => s.code)).toEqual(['BBBB', 'CCCC']);

    expect(await flushQueue(queue, async (s) => answer(s.code), () => {})).toEqual({ sent: 2, complete: true });
  });

  it('also sends scans queued while it runs', async () => {
    const queue = new ScanQueue(null, 'e1');
    queue.add('AAAA');
    const sent: string[] = [];
    await flushQueue(queue, async (s) => {
      sent.push(s.code);
      if (s.code === 'AAAA') queue.add('BBBB');
      return answer(s.code);
    }, () => {});
    expect(sent).toEqual(['AAAA', 'BBBB']);
  });

  it('sends a code scanned twice twice, so that the server can say so', async () => {
    const queue = new ScanQueue(null, 'e1');
    queue.add('AAAA');
    queue.add('aaaa');
    const admitted = new Set<string>();
    const answers: string[] = [];
    await flushQueue(queue, async (s) => {
      const first = !admitted.has(s.code);
      admitted.add(s.code);
      return answer(first ? 'admitted' : 'already checked in');
    }, (_s, r) => answers.push(r));
    expect(answers).toEqual(['admitted', 'already checked in']);
  });
});

describe('checkLocally', () => {
  const list = toOfflineList([
    row('AAAA'),
    row('BBBB', { status: 'void' }),
    row('CCCC', { checkedInAt: at(0).toISOString() }),
    row('DDDD', { attendee: null }),
  ], at(0));

  it('tells the attendee of a known code', () => {
    const check = checkLocally('aaaa', list, []);
    expect(check).toMatchObject({ kind: 'expected', ticket: { attendeeName: 'Guest AAAA', ticketType: 'General admission' } });
    expect(checkLocally('DDDD', list, [])).toMatchObject({ kind: 'expected', ticket: { attendeeName: null } });
  });

  it('flags a code already waiting in the queue', () => {
    const queue = new ScanQueue(null, 'e1');
    queue.add('AAAA', at(5));
    expect(checkLocally('AA-AA', list, queue.list())).toMatchObject({ kind: 'scanned-before', at: at(5).toISOString(), ticket: { ticketId: 't-AAAA' } });
    queue.add('ZZZZ', at(6));
    expect(checkLocally('ZZZZ', null, queue.list())).toMatchObject({ kind: 'scanned-before', ticket: null });
  });

  it('warns of cancelled, admitted and unknown codes, and without a list', () => {
    expect(checkLocally('BBBB', list, []).kind).toBe('cancelled');
    expect(checkLocally('CCCC', list, []).kind).toBe('checked-in');
    expect(checkLocally('EEEE', list, []).kind).toBe('unknown');
    expect(checkLocally('AAAA', null, []).kind).toBe('no-list');
  });
});

describe('offline list', () => {
  it('is kept per event and notes admissions', () => {
    const storage = new MemoryStorage();
    const list = toOfflineList([row('aaaa-bbbb')], at(0));
    expect(list.tickets[0].code).toBe('AAAABBBB');
    expect(saveOfflineList(storage, 'e1', list)).toBe(true);
    expect(loadOfflineList(storage, 'e1')).toEqual(list);
    expect(loadOfflineList(storage, 'e2')).toBeNull();
    const admitted = withCheckIn(list, 'AAAA BBBB', at(9).toISOString());
    expect(admitted.tickets[0].checkedInAt).toBe(at(9).toISOString());
    expect(list.tickets[0].checkedInAt).toBeNull();
    expect(withCheckIn(admitted, 'AAAABBBB', null).tickets[0].checkedInAt).toBeNull();
    storage.setItem(listKey('e3'), '[]');
    expect(loadOfflineList(storage, 'e3')).toBeNull();
  });
});
