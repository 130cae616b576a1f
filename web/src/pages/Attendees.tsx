import { useState } from 'react';
import { attendees, attendeesCsv, getEvent, type AttendeeRow, type PaymentStatus } from '../api';
import { Link } from '../components/Link';
import { Empty, ErrorBox, LiveMessage, LoadMore, Loading } from '../components/Status';
import { downloadName, saveBlob } from '../lib/download';
import { formatDateTime, formatEventDate } from '../lib/format';
import { useAsync, usePaged, useSession, useTitle } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { groupCode } from '../lib/ticketcode';

const PAGE_SIZE = 50;

const paymentLabels: Record<PaymentStatus, string> = { due: 'Due', paid: 'Paid', none: 'Nothing to pay' };

/** A booking id is long; its end tells bookings apart in a list and matches the organizer's bookings page. */
function shortId(id: string): string {
  return id.length > 8 ? `…${id.slice(-8)}` : id;
}

export function AttendeesPage({ id }: { id: string }) {
  const event = useAsync((signal) => getEvent(id, signal), [id]);
  useTitle(event.data ? `Attendees: ${event.data.title}` : 'Attendees');
  const current = useSession();
  const list = usePaged(async (cursor, signal) => {
    const page = await attendees(id, cursor, PAGE_SIZE, signal);
    return { items: page.items.map((row) => ({ ...row, id: row.ticketId })), nextCursor: page.nextCursor };
  }, [id]);
  const [downloading, setDownloading] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const e = event.data;
  const organizer = Boolean(e && current && (e.organizerId === current.user.id || current.claims.role === 'admin'));

  async function download() {
    setDownloading(true);
    setMessage(null);
    try {
      const blob = await attendeesCsv(id);
      saveBlob(blob, downloadName(e?.title ?? 'event', 'attendees', 'csv'));
    } catch (err) {
      setMessage(`The list could not be downloaded: ${errorMessage(err)}`);
    } finally {
      setDownloading(false);
    }
  }

  return (
    <>
      <p className="breadcrumb">
        {organizer ? <Link to="/my-events">← My events</Link> : <Link to="/door">← Door</Link>}
      </p>
      <div className="page-head">
        <h1 tabIndex={-1}>Attendees{e ? `: ${e.title}` : ''}</h1>
        <div className="button-row">
          <Link to={`/events/${encodeURIComponent(id)}/checkin`} className="button button-secondary">Check-in</Link>
          <button type="button" className="button" onClick={() => void download()} disabled={downloading} aria-busy={downloading}>
            {downloading ? 'Downloading…' : 'Download CSV'}
          </button>
        </div>
      </div>
      {e && (
        <p className="meta"><time dateTime={e.date}>{formatEventDate(e.date)}</time> · {e.location}</p>
      )}
      <LiveMessage message={message} tone="error" />
      {list.loading ? (
        <Loading label="Loading the attendees…" />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : list.items.length === 0 ? (
        <Empty><p>No tickets yet.</p></Empty>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table" data-testid="attendee-table">
              <caption className="visually-hidden">Tickets of this event with their attendees</caption>
              <thead>
                <tr>
                  <th scope="col">Ticket type</th>
                  <th scope="col">Attendee</th>
                  <th scope="col">Code</th>
                  <th scope="col">Booking</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Checked in</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((row) => <AttendeeTableRow key={row.id} row={row} />)}
              </tbody>
            </table>
          </div>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
        </>
      )}
    </>
  );
}

function AttendeeTableRow({ row }: { row: AttendeeRow }) {
  return (
    <tr data-testid="attendee-row" data-ticket-id={row.ticketId} className={row.status === 'void' ? 'row-void' : undefined}>
      <td>{row.ticketType.name}</td>
      <td>
        {row.attendee ? (
          <><span className="attendee-name">{row.attendee.name}</span><br /><span className="muted small">{row.attendee.email}</span></>
        ) : <span className="muted">Not named</span>}
      </td>
      <td className="code nowrap" data-testid="attendee-code">{groupCode(row.code)}</td>
      <td className="code" title={row.bookingId}>{shortId(row.bookingId)}</td>
      <td>{paymentLabels[row.paymentStatus] ?? row.paymentStatus}</td>
      <td data-testid="attendee-checked-in">
        {row.status === 'void' ? <span className="tag tag-cancelled">Cancelled</span>
          : row.checkedInAt ? <time dateTime={row.checkedInAt}>{formatDateTime(row.checkedInAt)}</time>
            : <span className="muted">Not yet</span>}
      </td>
    </tr>
  );
}
