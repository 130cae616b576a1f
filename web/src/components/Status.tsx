import type { ReactNode } from 'react';
import { errorMessage } from '../lib/problem';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorBox({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorMessage(error)}</p>
      {children}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A region that screen readers announce when its text changes; it is always in the page so changes are heard. */
export function LiveMessage({ message, tone = 'info' }: { message: string | null; tone?: 'info' | 'success' | 'error' }) {
  return (
    <div className="live" role="status" aria-live="polite" aria-atomic="true">
      {message && <p className={`notice notice-${tone}`}>{message}</p>}
    </div>
  );
}

export function LoadMore({ hasMore, loading, error, onMore, label = 'Load more' }: {
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  onMore: () => void;
  label?: string;
}) {
  if (!hasMore && !error) return null;
  return (
    <div className="load-more">
      {error ? <ErrorBox error={error} /> : null}
      <button type="button" className="button button-secondary" onClick={onMore} disabled={loading} aria-busy={loading}>
        {loading ? 'Loading…' : error ? 'Try again' : label}
      </button>
    </div>
  );
}
