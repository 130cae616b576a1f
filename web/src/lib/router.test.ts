import { describe, expect, it } from 'vitest';
import { matchPath, safeNext } from './router';

describe('matchPath', () => {
  it('matches static paths and extracts parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/bookings', '/bookings/')).toEqual({});
    expect(matchPath('/events/:id', '/events/01a2-b3')).toEqual({ id: '01a2-b3' });
    expect(matchPath('/my-events/:id/edit', '/my-events/x%20y/edit')).toEqual({ id: 'x y' });
  });
  it('refuses other paths', () => {
    expect(matchPath('/events/:id', '/events')).toBeNull();
    expect(matchPath('/events/:id', '/events/1/extra')).toBeNull();
    expect(matchPath('/my-events/new', '/my-events/1')).toBeNull();
    expect(matchPath('/events/:id', '/events/%E0%A4%A')).toBeNull();
  });
});

describe('safeNext', () => {
  it('allows same-site paths only', () => {
    expect(safeNext('/events/1?x=2')).toBe('/events/1?x=2');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
