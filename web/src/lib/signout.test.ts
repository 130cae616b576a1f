import { describe, expect, it } from 'vitest';
import { SessionStore } from './session';
import { signInPathAfterEnd, watchSessionEnd } from './signout';
import { makeToken } from '../test/jwt';
import { MemoryStorage } from '../test/storage';

const user = { id: 'u1', username: 'alice', email: 'alice@example.com' };
const nowSec = 1_900_000_000;
const token = (exp = nowSec + 3600) => makeToken({ sub: 'u1', role: 'attendee', exp });

describe('signInPathAfterEnd', () => {
  it('returns to the page afterwards', () => {
    expect(signInPathAfterEnd('/bookings')).toBe('/signin?next=%2Fbookings');
    expect(signInPathAfterEnd('/events/e1?x=1')).toBe('/signin?next=%2Fevents%2Fe1%3Fx%3D1');
    expect(signInPathAfterEnd('/')).toBe('/signin');
  });

  it('stays on the sign-in and sign-up pages', () => {
    expect(signInPathAfterEnd('/signin')).toBeNull();
    expect(signInPathAfterEnd('/signin?next=%2Fbookings')).toBeNull();
    expect(signInPathAfterEnd('/signup')).toBeNull();
  });
});

/** A store, a page address, the moves made, and the deferred tasks to run by hand. */
function setup(href = '/bookings', storage = new MemoryStorage()) {
  let now = nowSec * 1000;
  const store = new SessionStore(storage, () => now);
  const location = { href };
  const moves: string[] = [];
  const tasks: (() => void)[] = [];
  const stop = watchSessionEnd(store, () => location.href, (to) => {
    moves.push(to);
    location.href = to;
  }, (task) => tasks.push(task));
  const flush = () => tasks.splice(0).forEach((task) => task());
  return { store, location, moves, flush, stop, storage, advance: (ms: number) => { now += ms; } };
}

describe('watchSessionEnd', () => {
  it('shows the sign-in page when the session ends with a reason', () => {
    const { store, moves, flush } = setup('/bookings');
    store.set(token(), user);
    store.end('The token was refused.');
    expect(moves).toEqual([]); // not before the deferred task runs
    flush();
    expect(moves).toEqual(['/signin?next=%2Fbookings']);
  });

  it('does so when the token expires too', () => {
    const { store, moves, flush, advance } = setup('/events/e1');
    store.set(token(nowSec + 60), user);
    advance(60_000);
    expect(store.get()).toBeNull();
    flush();
    expect(moves).toEqual(['/signin?next=%2Fevents%2Fe1']);
  });

  it('leaves signing in, renewing and signing out by hand alone', () => {
    const { store, moves, flush } = setup('/bookings');
    store.set(token(), user);
    store.renew(token(nowSec + 7200));
    store.end();
    flush();
    expect(moves).toEqual([]);
  });

  it('leaves a caller that already went to the sign-in page there', () => {
    const { store, location, moves, flush } = setup('/notifications');
    store.set(token(), user);
    store.end('Signed out everywhere.');
    location.href = '/signin';
    flush();
    expect(moves).toEqual([]);
  });

  it('follows a session that another tab ended', () => {
    const storage = new MemoryStorage();
    const other = new SessionStore(storage, () => nowSec * 1000);
    other.set(token(), user);
    const { store, moves, flush } = setup('/notifications', storage);
    expect(store.get()).not.toBeNull();
    other.end('Signed out everywhere.');
    store.reload();
    flush();
    expect(moves).toEqual(['/signin?next=%2Fnotifications']);
    expect(store.endedReason).toBe('Signed out everywhere.');
  });

  it('stops when asked', () => {
    const { store, moves, flush, stop } = setup('/bookings');
    store.set(token(), user);
    stop();
    store.end('The token was refused.');
    flush();
    expect(moves).toEqual([]);
  });
});
