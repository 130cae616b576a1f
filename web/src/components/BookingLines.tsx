import type { Booking } from '../api';
import { plural } from '../lib/format';
import { hasPrices, lineText, paymentText } from '../lib/tickets';

/** A booking's lines: "VIP: 1 × €25.00 = €25.00"; its seats when it has no lines. */
export function BookingLines({ booking: b }: { booking: Pick<Booking, 'seats' | 'items' | 'status'> }) {
  if (!b.items?.length) return <>{plural(b.seats, 'seat')}</>;
  return (
    <ul className="booking-lines" data-testid="booking-lines">
      {b.items.map((line) => (
        <li key={line.ticketTypeId}>
          {line.name || 'Tickets'}: {hasPrices(b) ? lineText(line) : plural(line.quantity, 'seat')}
        </li>
      ))}
    </ul>
  );
}

/** What is left to pay, or "Paid", or "Free"; nothing for a booking that is not confirmed. */
export function PaymentNote({ booking }: { booking: Pick<Booking, 'status' | 'total' | 'paymentStatus'> }) {
  const text = paymentText(booking);
  if (!text) return null;
  const tone = text === 'Paid' ? 'payment-paid' : text === 'Free' ? 'muted' : 'payment-due';
  return <span className={tone} data-testid="payment-note">{text}</span>;
}
