import { useEffect, useState } from 'react';
import { ApiError, bookingTickets, ticketQrPng, type Booking, type TicketWithQr } from '../api';
import { ErrorBox, Loading } from './Status';
import { blobToDataUrl } from '../lib/download';
import { formatDateTime, formatEventDate } from '../lib/format';
import { useAsync } from '../lib/hooks';
import { groupCode, svgImageSource } from '../lib/ticketcode';

/** Every ticket of a booking as a card of its own, to show at the door or print one per page. */
export function TicketCards({ booking }: { booking: Booking }) {
  const tickets = useAsync((signal) => bookingTickets(booking.id, signal), [booking.id, booking.status]);
  if (tickets.loading && !tickets.data) return <Loading label="Loading the tickets…" />;
  const none = tickets.error instanceof ApiError && tickets.error.status === 404;
  if (!none && (tickets.error || !tickets.data)) return <ErrorBox error={tickets.error} onRetry={tickets.reload} />;
  const items = none ? [] : tickets.data?.items ?? [];
  if (items.length === 0) return <p className="muted">This booking has no tickets.</p>;
  return (
    <>
      <ol className="ticket-cards" data-testid="ticket-cards">
        {items.map((t, n) => (
          <li key={t.id}>
            <TicketCard ticket={t} booking={booking} seat={n + 1} of={items.length} />
          </li>
        ))}
      </ol>
      {items.some((t) => t.status === 'valid') && (
        <p className="no-print">
          <button type="button" className="button" onClick={() => window.print()}>Print</button>{' '}
          <span className="muted small">One ticket per page.</span>
        </p>
      )}
    </>
  );
}

function TicketCard({ ticket: t, booking, seat, of }: { ticket: TicketWithQr; booking: Booking; seat: number; of: number }) {
  const headingId = `ticket-${t.id}`;
  const grouped = groupCode(t.code);
  const event = booking.event;
  return (
    <article className={`ticket-card ticket-card-${t.status}`} aria-labelledby={headingId} data-testid="ticket-card"
      data-ticket-id={t.id} data-status={t.status}>
      <div className="ticket-card-text">
        <p className="ticket-label">Ticket {seat} of {of}</p>
        <h3 id={headingId}>{event?.title ?? 'Event'}</h3>
        {event && (
          <p className="meta"><time dateTime={event.date}>{formatEventDate(event.date)}</time> · {event.location}</p>
        )}
        <dl className="ticket-facts">
          <div><dt>Ticket type</dt><dd data-testid="ticket-card-type">{t.ticketType.name}</dd></div>
          <div><dt>Attendee</dt><dd data-testid="ticket-card-attendee">{t.attendee?.name ?? <span className="muted">Not named</span>}</dd></div>
          <div>
            <dt>Code</dt>
            <dd className="ticket-card-code" data-testid="ticket-card-code">{grouped}</dd>
          </div>
        </dl>
        {t.status === 'void' ? (
          <p className="ticket-void-note" data-testid="ticket-card-void">Cancelled: this ticket is not valid for entry.</p>
        ) : t.checkedInAt ? (
          <p className="muted small">Checked in <time dateTime={t.checkedInAt}>{formatDateTime(t.checkedInAt)}</time></p>
        ) : null}
      </div>
      {t.status === 'valid' && <TicketQr ticket={t} label={`QR code of ticket ${seat}`} />}
    </article>
  );
}

/** The ticket's QR code: the SVG the tickets came with, or else the PNG the server draws. */
function TicketQr({ ticket, label }: { ticket: TicketWithQr; label: string }) {
  const fromSvg = svgImageSource(ticket.qrSvg ?? '');
  const [png, setPng] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (fromSvg) return;
    const controller = new AbortController();
    ticketQrPng(ticket.id, controller.signal)
      .then(blobToDataUrl)
      .then((url) => { if (!controller.signal.aborted) setPng(url); })
      .catch(() => { if (!controller.signal.aborted) setFailed(true); });
    return () => controller.abort();
  }, [fromSvg, ticket.id]);

  const source = fromSvg ?? png;
  if (failed) return <p className="ticket-qr muted small">The QR code could not be loaded; the code above works at the door too.</p>;
  if (!source) return <div className="ticket-qr"><Loading label="Loading the QR code…" /></div>;
  return <img className="ticket-qr" src={source} alt={label} width={200} height={200} data-testid="ticket-qr" />;
}
