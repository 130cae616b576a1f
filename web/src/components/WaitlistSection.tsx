import { useEffect, useState } from 'react';
import { eventWaitlist, ApiError, type WaitlistPage } from '../api';
import { formatDateTime } from '../lib/format';
import { usePageVisible } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import {
  offerExpiryText, pageRangeText, previousOffset, stateLabel, waitlistCounts, WAITLIST_FIGURES_MS, WAITLIST_PAGE_SIZE,
} from '../lib/waitlist';

/**
 * An event's waitlist as its organizer sees it: how many wait and for how
 * many seats, what was offered, booked and lapsed, and the entries in order
 * of joining, a page at a time; renewed every 5 s while the page is in view.
 */
export function WaitlistSection({ eventId, typeNames = {} }: {
  eventId: string;
  /** Ticket type names by id, for entries that asked for one. */
  typeNames?: Record<string, string>;
}) {
  const visible = usePageVisible();
  const [offset, setOffset] = useState(0);
  /** The page shown, with the offset it was asked for at. */
  const [shown, setShown] = useState<{ offset: number; page: WaitlistPage } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [hidden, setHidden] = useState(false);

  useEffect(() => {
    if (!visible) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const load = async () => {
      try {
        const next = await eventWaitlist(eventId, { limit: WAITLIST_PAGE_SIZE, offset }, controller.signal);
        if (controller.signal.aborted) return;
        setShown({ offset, page: next });
        setError(null);
      } catch (err) {
        if (controller.signal.aborted) return;
        // Door staff (403) and anyone else (404) do not see the waitlist.
        if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
          setHidden(true);
          return;
        }
        setError(err);
      }
      timer = window.setTimeout(load, WAITLIST_FIGURES_MS);
    };
    void load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [eventId, offset, visible]);

  if (hidden) return null;
  const page = shown?.page ?? null;
  const shownOffset = shown?.offset ?? 0;
  const before = previousOffset(shownOffset, WAITLIST_PAGE_SIZE);

  return (
    <section className="waitlist-figures" aria-labelledby="waitlist-title" data-testid="waitlist-section">
      <h2 id="waitlist-title">Waitlist</h2>
      {page ? (
        <>
          <dl className="facts facts-inline" data-testid="waitlist-counts">
            {waitlistCounts(page).map((c) => (
              <div key={c.key}><dt>{c.label}</dt><dd data-testid={`waitlist-${c.key}`}>{c.value.toLocaleString()}</dd></div>
            ))}
          </dl>
          {page.items.length === 0 && shownOffset === 0 ? (
            <p className="muted" data-testid="waitlist-empty">Nobody has joined the waitlist.</p>
          ) : (
            <>
              <div className="table-scroll">
                <table className="data-table" data-testid="waitlist-entries">
                  <caption className="visually-hidden">Waitlist entries in order of joining: {pageRangeText(shownOffset, page.items.length)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Order</th>
                      <th scope="col">Place in line</th>
                      <th scope="col">State</th>
                      <th scope="col">Seats</th>
                      <th scope="col">Joined</th>
                      <th scope="col">Offer</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((entry, n) => (
                      <tr key={entry.id} data-testid="waitlist-entry" data-state={entry.state}>
                        <th scope="row">#{(shownOffset + n + 1).toLocaleString()}</th>
                        <td>{entry.position == null ? '—' : entry.position.toLocaleString()}</td>
                        <td><span className={`tag tag-waitlist-${entry.state}`} data-testid="waitlist-entry-state">{stateLabel(entry.state)}</span></td>
                        <td>
                          {entry.seats.toLocaleString()}
                          {entry.ticketTypeId && <span className="muted"> · {typeNames[entry.ticketTypeId] ?? 'a ticket type'}</span>}
                        </td>
                        <td><time dateTime={entry.joinedAt}>{formatDateTime(entry.joinedAt)}</time></td>
                        <td>{offerExpiryText(entry)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="button-row pager" aria-label="Waitlist pages">
                <span className="meta" data-testid="waitlist-range">{pageRangeText(shownOffset, page.items.length)}</span>
                <button type="button" className="button button-secondary button-small" disabled={before === null}
                  onClick={() => before !== null && setOffset(before)}>
                  Previous<span className="visually-hidden"> waitlist entries</span>
                </button>
                <button type="button" className="button button-secondary button-small" disabled={page.nextOffset === null}
                  onClick={() => page.nextOffset !== null && setOffset(page.nextOffset)}>
                  Next<span className="visually-hidden"> waitlist entries</span>
                </button>
              </nav>
            </>
          )}
        </>
      ) : error === null ? (
        <p className="loading"><span className="spinner" aria-hidden="true" />Loading the waitlist…</p>
      ) : null}
      {error !== null && <p className="notice notice-error" role="alert">The waitlist could not be loaded: {errorMessage(error)}</p>}
    </section>
  );
}
