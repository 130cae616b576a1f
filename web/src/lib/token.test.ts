import { describe, expect, it } from 'vitest';
import { decodeToken, isExpired, refreshDelay } from './token';
import { base64UrlOf, makeToken } from '../test/jwt';

describe('decodeToken', () => {
  it('reads sub, role and exp', () => {
    const token = makeToken({ sub: 'user-1', role: 'organizer', iat: 100, exp: 3700 });
    expect(decodeToken(token)).toEqual({ sub: 'user-1', role: 'organizer', iat: 100, exp: 3700 });
  });

  it('decodes non-ASCII claims', () => {
    expect(decodeToken(makeToken({ sub: 'jürgen-ü', exp: 1 }))?.sub).toBe('jürgen-ü');
  });

  it('defaults the role', () => {
    expect(decodeToken(makeToken({ sub: 'u', exp: 1 }))?.role).toBe('attendee');
  });

  it('refuses what is not a usable JWT', () => {
    expect(decodeToken('abc')).toBeNull();
    expect(decodeToken('a.%%%.c')).toBeNull();
    expect(decodeToken(makeToken({ sub: 'u' }))).toBeNull();
    expect(decodeToken(makeToken({ exp: 5 }))).toBeNull();
    expect(decodeToken(`x.${base64UrlOf('"text"')}.y`)).toBeNull();
  });
});

describe('expiry', () => {
  const claims = { sub: 'u', role: 'attendee', exp: 10_000 };
  it('counts a token as expired shortly before exp', () => {
    expect(isExpired(claims, 9_000_000)).toBe(false);
    expect(isExpired(claims, 9_980_000)).toBe(true); // within the 30 s margin
    expect(isExpired(claims, 9_980_000, 0)).toBe(false);
    expect(isExpired(claims, 10_000_000, 0)).toBe(true);
  });

  it('schedules the refresh five minutes ahead, never in the past', () => {
    expect(refreshDelay(claims, 9_000_000)).toBe(700_000);
    expect(refreshDelay(claims, 9_800_000)).toBe(0);
  });
});
