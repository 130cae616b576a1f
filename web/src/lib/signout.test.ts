import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './problem';
import { SessionStore } from './session';
import {
  SIGNED_OUT_EVERYWHERE,
  signInPathAfterEnd,
  signOutEverywhere,
  signOutEverywhereFailure,
  watchSessionEnd,
} from './signout';
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
    const { store, location, moves, flush } = setup('/account');
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

describe('signOutEverywhere', () => {
  it('ends the session once the server has revoked the tokens, then shows the sign-in page', async () => {
    const store = new SessionStore(new MemoryStorage(), () => nowSec * 1000);
    store.set(token(), user);
    const steps: string[] = [];
    const revoke = vi.fn(async () => {
      steps.push(store.get() ? 'revoke while signed in' : 'revoke while signed out');
    });
    await signOutEverywhere(revoke, store, (to) => steps.push(`go ${to} ${store.get() ? 'signed in' : 'signed out'}`));
    expect(steps).toEqual(['revoke while signed in', 'go /signin signed out']);
    expect(store.get()).toBeNull();
    expect(store.endedReason).toBe(SIGNED_OUT_EVERYWHERE);
  });

  it('keeps the session when the server did not do it', async () => {
    const store = new SessionStore(new MemoryStorage(), () => nowSec * 1000);
    store.set(token(), user);
    const go = vi.fn();
    const failure = new ApiError({ status: 503, title: 'The service is busy right now. Please try again shortly.' });
    await expect(signOutEverywhere(async () => { throw failure; }, store, go)).rejects.toBe(failure);
    expect(store.get()?.user).toEqual(user);
    expect(store.endedReason).toBeNull();
    expect(go).not.toHaveBeenCalled();
  });
});

describe('signOutEverywhereFailure', () => {
  it('says that it did not work and why', () => {
    expect(signOutEverywhereFailure(new ApiError({ status: 0, title: 'x' })))
      .toBe('Signing out everywhere did not work. The server cannot be reached. Check your connection and try again.');
    expect(signOutEverywhereFailure(new ApiError({ status: 503, title: 'The service is busy right now. Please try again shortly.' })))
      .toBe('Signing out everywhere did not work. The service is busy right now. Please try again shortly.');
  });
});
