import { describe, expect, it } from 'vitest';
import type { QueueEntry } from '../api';
import { MemoryStorage } from '../test/storage';
import { ApiError, problemToError } from './problem';
import {
  countdownText, DEFAULT_POLL_MS, durationText, expiredText, isPassRefused, joinRefusal, passKey, peopleInRoomText, placeKey, pollDelayMs,
  positionText, QueueKeeper, queueProgress, retryDelayMs, roomOpensText, roomStatusText, stateTitle, waitText, withFirstPosition,
} from './queue';

const utc = { locale: 'en-GB', timeZone: 'UTC' };
const now = Date.parse('2030-06-01T09:50:00Z');

function entry(over: Partial<QueueEntry> = {}): QueueEntry {
  return {
    queueId: 'q1', eventId: 'e1', state: 'waiting', opensAt: '2030-06-01T10:00:00Z', joinedAt: '2030-06-01T09:40:00Z',
    position: null, inRoom: 1200, estimatedWaitSeconds: 600, ...over,
  };
}

describe('pollDelayMs', () => {
  it('follows Retry-After within 1 to 10 seconds', () => {
    expect(pollDelayMs(3)).toBe(3000);
    expect(pollDelayMs(1)).toBe(1000);
    expect(pollDelayMs(0)).toBe(1000);
    expect(pollDelayMs(60)).toBe(10_000);
    expect(pollDelayMs(10)).toBe(10_000);
  });
  it('polls every 2 seconds when the server does not say', () => {
    expect(pollDelayMs(undefined)).toBe(DEFAULT_POLL_MS);
    expect(pollDelayMs(null)).toBe(2000);
    expect(pollDelayMs(Number.NaN)).toBe(2000);
  });
});

describe('retryDelayMs', () => {
  it('backs off after failures, up to 10 seconds', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n))).toEqual([2000, 4000, 8000, 10_000, 10_000]);
  });
  it('takes the server\'s Retry-After when it gave one', () => {
    expect(retryDelayMs(5, 3)).toBe(3000);
    expect(retryDelayMs(1, 120)).toBe(10_000);
  });
});

describe('queueProgress', () => {
  it('measures how far the line has moved since the first position', () => {
    expect(queueProgress(entry({ position: 412 }), 412)).toMatchObject({ percent: 0, label: 'Progress in line' });
    expect(queueProgress(entry({ position: 103 }), 412)?.percent).toBe(75);
    expect(queueProgress(entry({ position: 1 }), 412)?.percent).toBe(100);
    expect(queueProgress(entry({ position: 206 }), 412)?.text).toBe('50% of the way to the front');
  });
  it('starts from the position itself when none was seen before, and never goes backwards below 0', () => {
    expect(queueProgress(entry({ position: 50 }), null)?.percent).toBe(0);
    expect(queueProgress(entry({ position: 80 }), 50)?.percent).toBe(0);
  });
  it('goes by the time to the opening before the draw', () => {
    const before = queueProgress(entry(), null, now);
    expect(before).toMatchObject({ percent: 50, label: 'Time until the sale opens' });
    expect(queueProgress(entry(), null, Date.parse('2030-06-01T09:40:00Z'))?.percent).toBe(0);
    expect(queueProgress(entry(), null, Date.parse('2030-06-01T10:05:00Z'))?.percent).toBe(100);
    // Joined at the very opening: nothing to wait for.
    expect(queueProgress(entry({ joinedAt: '2030-06-01T10:00:00Z' }), null, now)?.percent).toBe(100);
  });
  it('is full once admitted and absent when there is nothing to wait for', () => {
    expect(queueProgress(entry({ state: 'admitted' }), 10)?.percent).toBe(100);
    expect(queueProgress(entry({ state: 'expired' }), 10)).toBeNull();
    expect(queueProgress(entry({ state: 'sold-out' }), 10)).toBeNull();
  });
});

describe('texts', () => {
  it('says where the buyer stands', () => {
    expect(positionText(entry({ position: 412 }), utc)).toBe('You are number 412 in line.');
    expect(positionText(entry({ position: 1412 }), utc)).toBe('You are number 1,412 in line.');
    expect(positionText(entry({ position: 1 }), utc)).toBe('You are next in line.');
  });
  it('says that places are drawn at the opening', () => {
    expect(positionText(entry(), utc)).toBe('Your place is drawn at random when the sale opens at 1 Jun 2030, 10:00, 1,200 people are in the room.');
    expect(positionText(entry({ inRoom: 1 }), utc)).toMatch(/, 1 person is in the room\.$/);
    expect(peopleInRoomText(0, 'en')).toBe('0 people are in the room');
  });
  it('explains a pass that ran out and a sale that sold out', () => {
    expect(expiredText('2030-06-01T10:12:00Z', utc)).toBe(
      'Your pass out of the waiting room ran out at 1 Jun 2030, 10:12. A place in the waiting room gives one pass only, so joining again does not give another.',
    );
    expect(positionText(entry({ state: 'expired', passExpiresAt: '2030-06-01T10:12:00Z' }), utc)).toMatch(/^Your pass out of the waiting room ran out at 1 Jun 2030, 10:12/);
    expect(positionText(entry({ state: 'sold-out' }), utc)).toBe('Every seat was sold before your turn came.');
    expect(stateTitle('sold-out')).toBe('Sold out');
    expect(stateTitle('admitted')).toBe('It is your turn');
  });
  it('estimates the wait in words', () => {
    expect(durationText(20)).toBe('less than a minute');
    expect(durationText(60)).toBe('about 1 minute');
    expect(durationText(206)).toBe('about 4 minutes');
    expect(durationText(3600)).toBe('about 1 hour');
    expect(durationText(3900)).toBe('about 1 hour 5 minutes');
    expect(durationText(7260)).toBe('about 2 hours 1 minute');
    expect(waitText(entry({ position: 3, estimatedWaitSeconds: 206 }))).toBe('Estimated wait: about 4 minutes');
    expect(waitText(entry({ estimatedWaitSeconds: null }))).toBeNull();
    expect(waitText(entry({ state: 'admitted' }))).toBeNull();
  });
  it('counts down to the room\'s opening', () => {
    expect(countdownText(299_000)).toBe('4:59');
    expect(countdownText(86_399_000)).toBe('23:59:59');
    expect(countdownText(2 * 86_400_000 + 3 * 3_600_000)).toBe('2 days 3 hours');
    expect(countdownText(86_400_000)).toBe('1 day');
    expect(countdownText(-5)).toBe('0:00');
    expect(roomOpensText('2030-06-01T09:30:00Z', Date.parse('2030-06-01T09:25:01Z'), utc)).toBe('The waiting room opens at 1 Jun 2030, 09:30 (in 4:59).');
    expect(roomOpensText('2030-06-01T09:30:00Z', Date.parse('2030-06-01T09:30:00Z'), utc)).toBe('The waiting room opens at 1 Jun 2030, 09:30: you can join now.');
  });
  it('names the room\'s status for its organizer', () => {
    expect(roomStatusText('open')).toBe('Open');
    expect(roomStatusText('sold-out')).toMatch(/^Sold out/);
    expect(roomStatusText('closed')).toMatch(/^Closed/);
  });
});

describe('joinRefusal', () => {
  const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
    problemToError(status, { type: `https://eventbook.dev/problems/${code}`, title: code, status, detail: `Because ${code}.`, ...extra });

  it('reads a room not open yet with when it opens', () => {
    expect(joinRefusal(problem(409, 'queue-not-open', { opensAt: '2030-06-01T09:30:00Z' }))).toEqual({
      kind: 'not-open', opensAt: '2030-06-01T09:30:00Z', detail: 'Because queue-not-open.',
    });
    expect(joinRefusal(problem(409, 'queue-not-open'))).toMatchObject({ kind: 'not-open', opensAt: null });
  });
  it('reads sold out, no room, and an event past or cancelled', () => {
    expect(joinRefusal(problem(409, 'sold-out'))).toMatchObject({ kind: 'sold-out' });
    expect(joinRefusal(problem(404, 'no-waiting-room'))).toMatchObject({ kind: 'no-waiting-room' });
    expect(joinRefusal(problem(409, 'event-past'))).toMatchObject({ kind: 'closed', detail: 'Because event-past.' });
    expect(joinRefusal(problem(409, 'event-cancelled'))).toMatchObject({ kind: 'closed' });
  });
  it('leaves other errors alone', () => {
    expect(joinRefusal(problem(404, 'not-found'))).toBeNull();
    expect(joinRefusal(new ApiError({ status: 0, title: 'offline' }))).toBeNull();
    expect(joinRefusal(new Error('boom'))).toBeNull();
  });
  it('tells a refused pass', () => {
    expect(isPassRefused(problem(403, 'queue-pass-required'))).toBe(true);
    expect(isPassRefused(problem(403, 'forbidden'))).toBe(false);
    expect(isPassRefused(problem(409, 'queue-pass-required'))).toBe(false);
  });
});

describe('QueueKeeper', () => {
  it('keeps the place per event and user, so that a reload finds it', () => {
    const storage = new MemoryStorage();
    new QueueKeeper(storage).keepPlace('e1', { queueId: 'q1', userId: 'u1', firstPosition: null });
    const again = new QueueKeeper(storage);
    expect(again.place('e1', 'u1')).toEqual({ queueId: 'q1', userId: 'u1', firstPosition: null });
    expect(again.place('e1', 'u2')).toBeNull();
    expect(again.place('e2', 'u1')).toBeNull();
    again.forgetPlace('e1');
    expect(storage.data.has(placeKey('e1'))).toBe(false);
    expect(again.place('e1', 'u1')).toBeNull();
  });

  it('notes the first position seen once, for the progress', () => {
    const place = { queueId: 'q1', userId: 'u1', firstPosition: null };
    const placed = withFirstPosition(place, { position: 412 });
    expect(placed.firstPosition).toBe(412);
    expect(withFirstPosition(placed, { position: 300 })).toBe(placed);
    expect(withFirstPosition(place, { position: null })).toBe(place);
  });

  it('keeps a pass until it runs out', () => {
    const storage = new MemoryStorage();
    const keeper = new QueueKeeper(storage);
    expect(keeper.keepPass('e1', 'u1', { pass: 'p1', passExpiresAt: '2030-06-01T10:10:00Z' })).toBe(true);
    expect(keeper.pass('e1', 'u1', Date.parse('2030-06-01T10:09:59Z'))).toEqual({ pass: 'p1', expiresAt: '2030-06-01T10:10:00Z', userId: 'u1' });
    expect(keeper.pass('e1', 'u2', Date.parse('2030-06-01T10:09:59Z'))).toBeNull();
    expect(keeper.pass('e1', 'u1', Date.parse('2030-06-01T10:10:00Z'))).toBeNull();
    expect(storage.data.has(passKey('e1'))).toBe(false);
  });

  it('keeps nothing for an entry without a pass, and drops what it cannot read', () => {
    const storage = new MemoryStorage();
    const keeper = new QueueKeeper(storage);
    expect(keeper.keepPass('e1', 'u1', {})).toBe(false);
    storage.setItem(passKey('e1'), '{not json');
    storage.setItem(placeKey('e1'), JSON.stringify({ queueId: 7, userId: 'u1' }));
    expect(keeper.pass('e1', 'u1', now)).toBeNull();
    expect(keeper.place('e1', 'u1')).toBeNull();
  });

  it('keeps them in memory when the storage refuses, or there is none', () => {
    const refusing = new MemoryStorage();
    refusing.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    for (const keeper of [new QueueKeeper(refusing), new QueueKeeper(null)]) {
      keeper.keepPlace('e1', { queueId: 'q1', userId: 'u1', firstPosition: 3 });
      keeper.keepPass('e1', 'u1', { pass: 'p1', passExpiresAt: '2030-06-01T10:10:00Z' });
      expect(keeper.place('e1', 'u1')?.firstPosition).toBe(3);
      expect(keeper.pass('e1', 'u1', now)?.pass).toBe('p1');
      keeper.forgetPass('e1');
      expect(keeper.pass('e1', 'u1', now)).toBeNull();
    }
  });
});
