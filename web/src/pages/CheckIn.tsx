import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { attendees, checkIn, checkinStats, getEvent, undoCheckIn, type CheckinStats } from '../api';
import { Link } from '../components/Link';
import { hasCamera, QrScanner } from '../components/QrScanner';
import { ErrorBox, Loading } from '../components/Status';
import { admittedResult, checkInTime, failedResult, isProblem, resultText, sendOutcome, type ScanResult } from '../lib/checkin';
import { formatDateTime, formatEventDate, plural } from '../lib/format';
import { useAsync, useOnline, useSession, useTitle } from '../lib/hooks';
import { loadAll } from '../lib/pagination';
import { errorMessage } from '../lib/problem';
import {
  checkLocally, flushQueue, loadOfflineList, saveOfflineList, ScanQueue, toOfflineList, withCheckIn, type LocalCheck, type OfflineList,
  type QueuedScan,
} from '../lib/scanqueue';
import { browserStorage } from '../lib/session';
import { groupCode } from '../lib/ticketcode';

/** How often the admitted count is read again, for the other doors' scans. */
const STATS_INTERVAL_MS = 10_000;
/** How often queued scans are tried again while any wait (besides the browser's `online` event). */
const RETRY_INTERVAL_MS = 15_000;

type Shown =
  | ScanResult
  | { kind: 'queued'; code: string; local: LocalCheck }
  | { kind: 'undone'; name: string | null }
  /** Queued scans sent once back online. */
  | { kind: 'sent'; admitted: number; problems: number };

interface Admitted {
  ticketId: string;
  code: string;
  name: string | null;
}

export function CheckInPage({ id }: { id: string }) {
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  useTitle(event.data ? `Check-in: ${event.data.title}` : 'Check-in');
  const current = useSession();
  const online = useOnline();
  const storage = useRef(browserStorage()).current;
  const queue = useRef<ScanQueue | null>(null);
  if (!queue.current) queue.current = new ScanQueue(storage, id);
  const [waiting, setWaiting] = useState(queue.current.size);
  const [list, setListState] = useState<OfflineList | null>(() => loadOfflineList(storage, id));
  const listRef = useRef(list);
  const [listState, setListLoad] = useState<{ busy: boolean; error: unknown; kept: boolean }>({ busy: false, error: null, kept: true });
  const [stats, setStats] = useState<CheckinStats | null>(null);
  const [statsError, setStatsError] = useState<unknown>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [lastAdmitted, setLastAdmitted] = useState<Admitted | null>(null);
  const [undoing, setUndoing] = useState(false);
  const [problems, setProblems] = useState<{ scan: QueuedScan; result: ScanResult }[]>([]);
  const [sendNote, setSendNote] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const scanCount = useRef(0);
  const flushing = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const setList = useCallback((update: (list: OfflineList) => OfflineList) => {
    const before = listRef.current;
    if (!before) return;
    const next = update(before);
    listRef.current = next;
    setListState(next);
    saveOfflineList(storage, id, next);
  }, [storage, id]);

  const refreshStats = useCallback(async () => {
    try {
      setStats(await checkinStats(id));
      setStatsError(null);
    } catch (err) {
      setStatsError(err);
    }
  }, [id]);

  useEffect(() => {
    void refreshStats();
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden' && navigator.onLine) void refreshStats();
    }, STATS_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [refreshStats]);

  const flush = useCallback(async () => {
    const q = queue.current!;
    if (flushing.current || q.size === 0 || !navigator.onLine) return;
    flushing.current = true;
    setSendNote(null);
    try {
      let stoppedBy: ScanResult | null = null;
      let admitted = 0;
      let refused = 0;
      const outcome = await flushQueue(q, async (scan) => {
        let result: ScanResult;
        try {
          result = admittedResult(await checkIn(id, scan.code), scan.code);
        } catch (err) {
          result = failedResult(err, scan.code);
        }
        const send = sendOutcome(result);
        if (send.kind === 'retry') stoppedBy = result;
        return send;
      }, (scan, result) => {
        setWaiting(q.size);
        if (result.kind === 'admitted') {
          admitted += 1;
          setList((l) => withCheckIn(l, scan.code, result.at));
        }
        if (isProblem(result)) {
          refused += 1;
          setProblems((p) => [...p, { scan, result }]);
        }
      });
      const stopped = stoppedBy as ScanResult | null;
      if (!outcome.complete && stopped?.kind === 'failed') setSendNote(`Queued scans could not be sent: ${stopped.message}`);
      if (outcome.sent > 0) {
        // The panel no longer shows a scan waiting; it says what became of them.
        setShown((shown) => (shown?.kind === 'queued' ? { kind: 'sent', admitted, problems: refused } : shown));
        void refreshStats();
      }
    } finally {
      flushing.current = false;
      setWaiting(q.size);
    }
  }, [id, refreshStats, setList]);

  useEffect(() => {
    void flush();
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => void flush(), RETRY_INTERVAL_MS);
    return () => {
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [flush]);

  function enqueue(text: string) {
    const q = queue.current!;
    const local = checkLocally(text, listRef.current, q.list());
    q.add(text);
    setWaiting(q.size);
    setShown({ kind: 'queued', code: text, local });
  }

  async function scan(text: string) {
    const typed = text.trim();
    if (!typed) return;
    const mine = ++scanCount.current;
    if (!navigator.onLine) {
      enqueue(typed);
      return;
    }
    let result: ScanResult;
    try {
      result = admittedResult(await checkIn(id, typed), typed);
    } catch (err) {
      result = failedResult(err, typed);
    }
    if (result.kind === 'unreachable') {
      enqueue(typed);
      return;
    }
    if (result.kind === 'admitted') {
      const admitted = result;
      setLastAdmitted({ ticketId: admitted.ticketId, code: typed, name: admitted.name });
      setList((l) => withCheckIn(l, typed, admitted.at));
      void flush();
    }
    if (mine === scanCount.current) setShown(result);
    void refreshStats();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const typed = code;
    setCode('');
    inputRef.current?.focus();
    void scan(typed);
  }

  async function undo() {
    if (!lastAdmitted) return;
    setUndoing(true);
    try {
      await undoCheckIn(id, lastAdmitted.ticketId);
      setList((l) => withCheckIn(l, lastAdmitted.code, null));
      setShown({ kind: 'undone', name: lastAdmitted.name });
      setLastAdmitted(null);
      void refreshStats();
    } catch (err) {
      setShown({ kind: 'failed', code: lastAdmitted.code, message: `The admission could not be undone: ${errorMessage(err)}` });
    } finally {
      setUndoing(false);
    }
  }

  async function loadList() {
    setListLoad({ busy: true, error: null, kept: true });
    try {
      const all = await loadAll(async (cursor) => {
        const page = await attendees(id, cursor, 500);
        return { items: page.items.map((row) => ({ ...row, id: row.ticketId })), nextCursor: page.nextCursor };
      }, 200);
      const next = toOfflineList(all.items);
      listRef.current = next;
      setListState(next);
      setListLoad({ busy: false, error: null, kept: saveOfflineList(storage, id, next) });
    } catch (err) {
      setListLoad({ busy: false, error: err, kept: true });
    }
  }

  const e = event.data;
  const organizer = Boolean(e && current && (e.organizerId === current.user.id || current.claims.role === 'admin'));
  return (
    <>
      <p className="breadcrumb no-print">
        {organizer ? <Link to="/my-events">← My events</Link> : <Link to="/door">← Door</Link>}
      </p>
      <h1 tabIndex={-1}>Check-in{e ? `: ${e.title}` : ''}</h1>
      {event.loading && !e ? (
        <Loading label="Loading the event…" />
      ) : event.error || !e ? (
        <ErrorBox error={event.error} onRetry={event.reload} />
      ) : (
        <p className="meta">
          <time dateTime={e.date}>{formatEventDate(e.date)}</time> · {e.location} ·{' '}
          <Link to={`/events/${encodeURIComponent(id)}/attendees`}>Attendee list</Link>
        </p>
      )}

      <div className="checkin-status">
        <CheckinCount stats={stats} error={statsError} onRetry={() => void refreshStats()} />
        <div className="checkin-connection">
          {!online && <span className="tag tag-cancelled" data-testid="offline-tag">Offline</span>}
          {waiting > 0 && (
            <span className="tag tag-status-pending queue-badge" data-testid="queue-badge">{plural(waiting, 'scan')} waiting</span>
          )}
        </div>
      </div>

      <div className="checkin-layout">
        <section aria-labelledby="scan-title" className="checkin-scan">
          <h2 id="scan-title">Scan a ticket</h2>
          {hasCamera() ? <QrScanner onCode={(text) => void scan(text)} /> : (
            <p className="muted">This browser has no camera to scan with: type the codes below.</p>
          )}
          <form onSubmit={submit} className="inline-form checkin-form" noValidate>
            <div className="field">
              <label htmlFor="checkin-code">Ticket code</label>
              <input id="checkin-code" ref={inputRef} value={code} onChange={(ev) => setCode(ev.target.value)} autoComplete="off"
                autoCapitalize="characters" spellCheck={false} className="code" aria-describedby="checkin-code-hint" />
              <p className="hint" id="checkin-code-hint">Type or paste it; spaces and dashes do not matter. Enter checks it.</p>
            </div>
            <button type="submit" className="button">Check in</button>
          </form>
        </section>

        <section aria-label="Result of the last scan" className="checkin-result-column">
          <ResultPanel shown={shown} />
          {lastAdmitted && (
            <p>
              <button type="button" className="button button-secondary" onClick={() => void undo()} disabled={undoing} aria-busy={undoing}>
                {undoing ? 'Undoing…' : `Undo admission of ${lastAdmitted.name ?? groupCode(lastAdmitted.code)}`}
              </button>
            </p>
          )}
        </section>
      </div>

      {(problems.length > 0 || sendNote) && (
        <section aria-labelledby="problems-title" className="checkin-problems" data-testid="reconnect-problems">
          <h2 id="problems-title">Problems found after reconnecting</h2>
          {sendNote && <p className="notice notice-error">{sendNote}</p>}
          {problems.length > 0 && (
            <>
              <ul className="stack-list">
                {problems.map(({ scan: s, result }) => {
                  const text = resultText(result);
                  return (
                    <li key={s.id} className="card problem-item" data-testid="reconnect-problem">
                      <strong>{text.title}</strong>
                      {text.detail && <> · {text.detail}</>}
                      <br />
                      <span className="code">{groupCode(s.code)}</span>{' '}
                      <span className="muted small">scanned offline at {checkInTime(s.scannedAt)}</span>
                    </li>
                  );
                })}
              </ul>
              <p><button type="button" className="button button-secondary" onClick={() => setProblems([])}>Clear the list</button></p>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="offline-title" className="checkin-offline">
        <h2 id="offline-title">Offline use</h2>
        <p className="muted">
          Without a connection, scans wait on this device and are sent once it is back. With the ticket list loaded beforehand,
          the page can still name the attendee of each code meanwhile.
        </p>
        {list ? (
          <p data-testid="offline-list">
            Ticket list for offline use: {plural(list.tickets.length, 'ticket')}, loaded{' '}
            <time dateTime={list.loadedAt}>{formatDateTime(list.loadedAt)}</time>.
          </p>
        ) : null}
        <button type="button" className="button button-secondary" onClick={() => void loadList()} disabled={listState.busy || !online}
          aria-busy={listState.busy}>
          {listState.busy ? 'Loading the ticket list…' : list ? 'Load the ticket list again' : 'Load ticket list for offline use'}
        </button>
        {listState.error ? <ErrorBox error={listState.error} /> : null}
        {!listState.kept && (
          <p className="notice notice-error">This browser would not keep the list: it lasts only while this page stays open.</p>
        )}
      </section>
    </>
  );
}

function CheckinCount({ stats, error, onRetry }: { stats: CheckinStats | null; error: unknown; onRetry: () => void }) {
  if (!stats) {
    if (error) return <ErrorBox error={error} onRetry={onRetry} />;
    return <Loading label="Loading the count…" />;
  }
  return (
    <div className="checkin-count" data-testid="checkin-count">
      <p className="checkin-count-number">
        <strong data-testid="admitted-count">{stats.admitted.toLocaleString()}</strong>
        <span aria-hidden="true"> / </span>
        <span className="visually-hidden"> of </span>
        <span data-testid="ticket-total">{stats.total.toLocaleString()}</span>
        <span className="checkin-count-label"> admitted</span>
      </p>
      {stats.ticketTypes.length > 1 && (
        <ul className="checkin-count-types">
          {stats.ticketTypes.map((t) => (
            <li key={t.id ?? t.name}>{t.name}: {t.admitted.toLocaleString()} / {t.total.toLocaleString()}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function localText(local: LocalCheck): { detail: string; warning: string | null } {
  const who = (t: { attendeeName: string | null; ticketType: string } | null) =>
    t ? `${t.attendeeName ?? 'No name given'} · ${t.ticketType}` : '';
  switch (local.kind) {
    case 'expected':
      return { detail: who(local.ticket), warning: null };
    case 'scanned-before':
      return { detail: who(local.ticket), warning: `Already scanned on this device at ${checkInTime(local.at)}` };
    case 'checked-in':
      return { detail: who(local.ticket), warning: `The ticket list says it was checked in at ${checkInTime(local.ticket.checkedInAt!)}` };
    case 'cancelled':
      return { detail: who(local.ticket), warning: 'The ticket list says this ticket is cancelled' };
    case 'unknown':
      return { detail: '', warning: 'This code is not in the ticket list loaded for offline use' };
    case 'no-list':
      return { detail: 'Load the ticket list while online to see names here when offline.', warning: null };
  }
}

/** The large panel that says at a glance whether to let the person in. */
function ResultPanel({ shown }: { shown: Shown | null }) {
  let tone = 'idle';
  let title = 'Ready';
  let detail = 'Scan a QR code or type a ticket code.';
  let warning: string | null = null;
  if (shown?.kind === 'queued') {
    const text = localText(shown.local);
    tone = text.warning ? 'warn' : 'queued';
    title = 'Queued – will be sent when back online';
    detail = text.detail;
    warning = text.warning;
  } else if (shown?.kind === 'sent') {
    tone = shown.problems > 0 ? 'warn' : 'ok';
    title = `Back online: ${plural(shown.admitted + shown.problems, 'queued scan')} sent`;
    detail = `${shown.admitted.toLocaleString()} admitted${shown.problems > 0 ? `, ${plural(shown.problems, 'problem')} listed below` : ''}.`;
  } else if (shown?.kind === 'undone') {
    tone = 'idle';
    title = 'Admission undone';
    detail = shown.name ? `${shown.name} is no longer checked in.` : 'The ticket is no longer checked in.';
  } else if (shown) {
    const text = resultText(shown);
    title = text.title;
    detail = text.detail;
    tone = shown.kind === 'admitted' ? 'ok' : shown.kind === 'already' || shown.kind === 'failed' ? 'warn' : 'bad';
  }
  return (
    <div className={`scan-result scan-result-${tone}`} data-testid="scan-result" data-kind={shown?.kind ?? 'none'} role="status"
      aria-live="assertive" aria-atomic="true">
      <p className="scan-result-title" data-testid="scan-result-title">{title}</p>
      {detail && <p className="scan-result-detail" data-testid="scan-result-detail">{detail}</p>}
      {warning && <p className="scan-result-warning" data-testid="scan-result-warning"><span aria-hidden="true">⚠ </span>{warning}</p>}
      {shown && 'code' in shown && <p className="scan-result-code code">{groupCode(shown.code)}</p>}
    </div>
  );
}
