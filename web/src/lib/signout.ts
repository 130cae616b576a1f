// Sessions that end without the user pressing "Sign out": a token the API
// refuses (revoked by "Sign out everywhere" or a password change, or past the
// sign-in's maximum age), one that expired, or "Sign out everywhere" itself.
// Each sends the browser to the sign-in page, which says why.

import { errorMessage } from './problem';
import type { SessionStore } from './session';

/** For a token the API refused: the server does not say why, so this names the usual causes. */
export const TOKEN_REFUSED =
  'You were signed out, for example by “Sign out everywhere” on another device or a password change. Please sign in again.';

export const SIGNED_OUT_EVERYWHERE = 'You have been signed out on every device.';

/**
 * Where to send someone whose session ended on its own while at `href`: the
 * sign-in page, returning to `href` afterwards; null when already signing in.
 */
export function signInPathAfterEnd(href: string): string | null {
  const path = href.split(/[?#]/)[0];
  if (path === '/signin' || path === '/signup') return null;
  return href === '/' ? '/signin' : `/signin?next=${encodeURIComponent(href)}`;
}

/**
 * Calls `go` with the sign-in page whenever the session of `store` ends with
 * a reason (see SessionStore.end), whichever page is open. The move waits for
 * a microtask (`defer`) so that it never happens while React renders (the
 * session can end on expiry when read) and so that a caller that already went
 * to the sign-in page is left there. Returns the function that stops it.
 */
export function watchSessionEnd(
  store: SessionStore,
  currentHref: () => string,
  go: (to: string) => void,
  defer: (task: () => void) => void = queueMicrotask,
): () => void {
  return store.subscribe(() => {
    // Every change but an ending with a reason clears endedReason: signing in,
    // renewing, signing out by hand, or another tab doing one of those.
    if (store.endedReason === null) return;
    defer(() => {
      if (store.get() !== null) return;
      const to = signInPathAfterEnd(currentHref());
      if (to) go(to);
    });
  });
}

/**
 * "Sign out everywhere": `revoke` asks the server to revoke every token of
 * the account; once it has, the session here ends and `go` shows the
 * sign-in page. When `revoke` fails the error is thrown and the session
 * stays (unless the API refused the token, which ends it anyway).
 */
export async function signOutEverywhere(
  revoke: () => Promise<unknown>,
  store: Pick<SessionStore, 'end'>,
  go: (to: string) => void,
): Promise<void> {
  await revoke();
  store.end(SIGNED_OUT_EVERYWHERE);
  go('/signin');
}

/** The message for a failed "Sign out everywhere". */
export function signOutEverywhereFailure(error: unknown): string {
  return `Signing out everywhere did not work. ${errorMessage(error)}`;
}
