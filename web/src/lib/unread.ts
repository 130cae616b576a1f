// The number of unread notifications shown in the header, polled while
// signed in and refreshed at once when the notifications page changes it.

import { useEffect, useSyncExternalStore } from 'react';
import { notifications } from '../api';
import { session } from './session';

export const POLL_INTERVAL_MS = 15_000;

let count = 0;
const listeners = new Set<() => void>();

export function setUnread(n: number): void {
  if (n === count) return;
  count = n;
  for (const l of listeners) l();
}

export async function refreshUnread(): Promise<void> {
  if (!session.get()) {
    setUnread(0);
    return;
  }
  try {
    const page = await notifications(null, { unread: true, limit: 1 });
    setUnread(page.unreadCount);
  } catch {
    // Keep the last count; the next poll tries again.
  }
}

/** The unread count; polls every 15 s (and when the tab becomes visible) while `signedIn`. */
export function useUnreadCount(signedIn: boolean): number {
  useEffect(() => {
    if (!signedIn) {
      setUnread(0);
      return;
    }
    void refreshUnread();
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') void refreshUnread();
    }, POLL_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signedIn]);
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => count,
    () => 0,
  );
}
