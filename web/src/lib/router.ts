// A small history-based router: paths such as /events/:id, matched in order.
// The gateway answers unknown non-API paths with index.html, so deep links work.

import { useSyncExternalStore } from 'react';

export type Params = Record<string, string>;

/** The parameters of `path` for `pattern` (":name" segments), or null when it does not match. */
export function matchPath(pattern: string, path: string): Params | null {
  const clean = (p: string) => p.replace(/\/+$/, '').split('/').filter(Boolean);
  const want = clean(pattern);
  const have = clean(path);
  if (want.length !== have.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

/** A same-site path to return to after signing in; anything else becomes "/". */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

const NAVIGATE = 'eventbook:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATE, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATE, listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  const q = href.indexOf('?');
  return {
    href,
    path: q === -1 ? href : href.slice(0, q),
    search: new URLSearchParams(q === -1 ? '' : href.slice(q + 1)),
  };
}
