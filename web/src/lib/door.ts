// The events the signed-in user works the door of: the header shows "Door"
// while there are any. Loaded on signing in, again when the tab comes back
// into view, and when the Door page opens.

import { useEffect, useSyncExternalStore } from 'react';
import { staffEvents, type StaffEvent } from '../api';
import { session } from './session';

let events: StaffEvent[] = [];
let loadedFor: string | null = null;
const listeners = new Set<() => void>();

function set(next: StaffEvent[], userId: string | null): void {
  events = next;
  loadedFor = userId;
  for (const l of listeners) l();
}

/** Loads the list again (a failure leaves the one shown and is thrown). */
export async function refreshDoorEvents(): Promise<StaffEvent[]> {
  const current = session.get();
  if (!current) {
    set([], null);
    return [];
  }
  const page = await staffEvents();
  if (session.get()?.user.id === current.user.id) set(page.items, current.user.id);
  return page.items;
}

function refreshQuietly(): void {
  // A failure keeps what is shown; the next refresh tries again.
  refreshDoorEvents().catch(() => {});
}

/** The door staff events of `userId` (none while signed out). */
export function useDoorEvents(userId: string | null): StaffEvent[] {
  useEffect(() => {
    if (!userId) {
      set([], null);
      return;
    }
    if (loadedFor !== userId) set([], null);
    refreshQuietly();
    const onVisible = () => {
      if (document.visibilityState === 'visible') refreshQuietly();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [userId]);
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => events,
    () => events,
  );
}
