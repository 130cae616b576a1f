import { describe, expect, it, vi } from 'vitest';
import { ENDED_KEY, SessionStore, STORAGE_KEY } from './session';
import { makeToken } from '../test/jwt';
import { MemoryStorage } from '../test/storage';

const user = { id: 'u1', username: 'alice', email: 'alice@example.com' };
const nowSec = 1_900_000_000;

describe('SessionStore', () => {
  it('keeps a session in storage and restores it', () => {
    const storage = new MemoryStorage();
    const token = makeToken({ sub: 'u1', role: 'attendee', exp: nowSec + 3600 });
    const first = new SessionStore(storage, () => nowSec * 1000);
    first.set(token, user);
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!)).toEqual({ token, user });

    const second = new SessionStore(storage, () => nowSec * 1000);
    expect(second.get()?.user).toEqual(user);
    expect(second.get()?.claims.exp).toBe(nowSec + 3600);
  });

  it('drops an expired session on load', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, JSON.stringify({ token: makeToken({ sub: 'u1', exp: nowSec - 1 }), user }));
    const store = new SessionStore(storage, () => nowSec * 1000);
    expect(store.get()).toBeNull();
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('ends the session once the token expires, telling why', () => {
    let now = nowSec * 1000;
    const store = new SessionStore(new MemoryStorage(), () => now);
    store.set(makeToken({ sub: 'u1', exp: nowSec + 60 }), user);
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.get()).not.toBeNull();
    now += 60_000;
    expect(store.get()).toBeNull();
    expect(store.endedReason).toMatch(/expired/);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignores garbage in storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, '{not json');
    expect(new SessionStore(storage).get()).toBeNull();
    storage.setItem(STORAGE_KEY, JSON.stringify({ token: 'x.y.z', user }));
    expect(new SessionStore(storage).get()).toBeNull();
  });

  it('renews the token and keeps the user', () => {
    const store = new SessionStore(new MemoryStorage(), () => nowSec * 1000);
    store.set(makeToken({ sub: 'u1', exp: nowSec + 60 }), user);
    const fresh = makeToken({ sub: 'u1', exp: nowSec + 3600 });
    store.renew(fresh);
    expect(store.get()?.token).toBe(fresh);
    expect(store.get()?.user).toEqual(user);
  });

  it('refuses an unreadable token', () => {
    const store = new SessionStore(new MemoryStorage());
    expect(() => store.set('nonsense', user)).toThrow();
    expect(store.get()).toBeNull();
  });

  it('tells the other tabs why the session ended', () => {
    const storage = new MemoryStorage();
    const now = () => nowSec * 1000;
    const here = new SessionStore(storage, now);
    here.set(makeToken({ sub: 'u1', exp: nowSec + 3600 }), user);
    const there = new SessionStore(storage, now);
    const listener = vi.fn();
    there.subscribe(listener);

    here.end('Signed out everywhere.');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    there.reload(); // what the storage event does
    expect(there.get()).toBeNull();
    expect(there.endedReason).toBe('Signed out everywhere.');
    expect(listener).toHaveBeenCalledTimes(1);

    // Signing in again clears the reason, for every tab.
    here.set(makeToken({ sub: 'u1', exp: nowSec + 3600 }), user);
    expect(storage.getItem(ENDED_KEY)).toBeNull();
    there.reload();
    expect(there.get()?.user).toEqual(user);
    expect(there.endedReason).toBeNull();
  });

  it('gives no reason to the other tabs for signing out by hand', () => {
    const storage = new MemoryStorage();
    const now = () => nowSec * 1000;
    const here = new SessionStore(storage, now);
    here.set(makeToken({ sub: 'u1', exp: nowSec + 3600 }), user);
    const there = new SessionStore(storage, now);
    here.end('Expired.');
    here.set(makeToken({ sub: 'u1', exp: nowSec + 3600 }), user);
    there.reload();
    here.end();
    expect(storage.getItem(ENDED_KEY)).toBeNull();
    there.reload();
    expect(there.get()).toBeNull();
    expect(there.endedReason).toBeNull();
  });

  it('removes the token even when storage refuses to keep the reason', () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, () => nowSec * 1000);
    store.set(makeToken({ sub: 'u1', exp: nowSec + 3600 }), user);
    storage.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    store.end('Refused.');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(store.get()).toBeNull();
    expect(store.endedReason).toBe('Refused.');
  });
});
