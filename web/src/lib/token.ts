// Reading the claims of the JSON Web Tokens the users service issues. The
// signature is checked by the services; the UI only needs the expiry, the
// user id and the role.

export interface TokenClaims {
  sub: string;
  role: string;
  /** Seconds since the epoch. */
  exp: number;
  iat?: number;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a token, or null when it is not a readable JWT with `sub` and `exp`. */
export function decodeToken(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1]));
    if (typeof payload !== 'object' || payload === null) return null;
    const claims = payload as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
    return {
      sub: claims.sub,
      role: typeof claims.role === 'string' ? claims.role : 'attendee',
      exp: claims.exp,
      iat: typeof claims.iat === 'number' ? claims.iat : undefined,
    };
  } catch {
    return null;
  }
}

/** Whether the token has expired at `nowMs`, counting `skewSeconds` of clock difference as expired. */
export function isExpired(claims: TokenClaims, nowMs: number = Date.now(), skewSeconds = 30): boolean {
  return claims.exp * 1000 - skewSeconds * 1000 <= nowMs;
}

/** Milliseconds until the token should be refreshed: `beforeSeconds` ahead of its expiry, never negative. */
export function refreshDelay(claims: TokenClaims, nowMs: number = Date.now(), beforeSeconds = 300): number {
  return Math.max(0, claims.exp * 1000 - beforeSeconds * 1000 - nowMs);
}
