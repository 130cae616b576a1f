// The signed-in user, kept in localStorage so that it survives reloads and is
// shared by every tab.

import { decodeToken, isExpired, type TokenClaims } from './token';

export interface SessionUser {
  id: string;
  username: string;
  email: string;
}

export interface Session {
  token: string;
  user: SessionUser;
  claims: TokenClaims;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const STORAGE_KEY = 'eventbook.session';
/** Why the last session ended on its own, so that the other tabs can say it too. */
export const ENDED_KEY = 'eventbook.session-ended';

type Listener = () => void;

export class SessionStore {
  private current: Session | null = null;
  private readonly listeners = new Set<Listener>();
  /** Why the last session ended on its own (expired or refused, here or in another tab), for the sign-in page. */
  endedReason: string | null = null;

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly now: () => number = Date.now,
  ) {
    this.current = this.read();
  }

  private read(): Session | null {
    if (!this.storage) return null;
    let raw: string | null;
    try {
      raw = this.storage.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as { token?: unknown; user?: unknown };
      if (typeof parsed.token !== 'string' || typeof parsed.user !== 'object' || parsed.user === null) return null;
      const claims = decodeToken(parsed.token);
      if (!claims || isExpired(claims, this.now())) {
        this.storage.removeItem(STORAGE_KEY);
        return null;
      }
      const user = parsed.user as Partial<SessionUser>;
      if (typeof user.id !== 'string' || typeof user.username !== 'string') return null;
      return { token: parsed.token, claims, user: { id: user.id, username: user.username, email: user.email ?? '' } };
    } catch {
      return null;
    }
  }

  /** The session, or null when signed out or when the token has expired meanwhile. */
  get(): Session | null {
    if (this.current && isExpired(this.current.claims, this.now())) {
      this.end('Your session has expired. Please sign in again.');
    }
    return this.current;
  }

  /** Starts (or renews) a session; throws when the token cannot be read. */
  set(token: string, user: SessionUser): Session {
    const claims = decodeToken(token);
    if (!claims) throw new Error('The server sent an unreadable token.');
    this.current = { token, user, claims };
    this.endedReason = null;
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify({ token, user }));
      this.storage?.removeItem(ENDED_KEY);
    } catch {
      // Storage may be full or disabled; the session then lasts for this page only.
    }
    this.emit();
    return this.current;
  }

  /** Replaces the token of the current session, keeping the user. */
  renew(token: string): void {
    if (this.current) this.set(token, this.current.user);
  }

  /** Ends the session; `reason` is shown on the sign-in page when it ended on its own. */
  end(reason: string | null = null): void {
    const had = this.current !== null;
    this.current = null;
    this.endedReason = reason;
    try {
      // The reason first: the other tabs read it when they see the session go.
      if (reason) this.storage?.setItem(ENDED_KEY, reason);
      else this.storage?.removeItem(ENDED_KEY);
    } catch {
      // Storage may be full or disabled: the other tabs then give no reason.
    }
    try {
      this.storage?.removeItem(STORAGE_KEY);
    } catch {
      // ignore
    }
    if (had) this.emit();
  }

  /** Picks up a change another tab made, with its reason when the session ended there on its own. */
  reload(): void {
    const next = this.read();
    if (next?.token !== this.current?.token) {
      this.endedReason = next === null && this.current !== null ? this.readEndedReason() : null;
      this.current = next;
      this.emit();
    }
  }

  private readEndedReason(): string | null {
    try {
      return this.storage?.getItem(ENDED_KEY) || null;
    } catch {
      return null;
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The browser's localStorage, or null where it cannot be used. */
export function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const session = new SessionStore(browserStorage());

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY || e.key === null) session.reload();
  });
}
