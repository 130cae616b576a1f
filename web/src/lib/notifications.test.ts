import { describe, expect, it } from 'vitest';
import { notificationDeadline, notificationLink } from './notifications';

describe('notification links', () => {
  it('lead from seats offered on the waitlist to the event page, where they are confirmed', () => {
    const offered = { type: 'waitlist.offered', data: { eventId: 'e 1', holdId: 'h1', seats: 2, expiresAt: '2030-06-01T18:15:00Z' } };
    expect(notificationLink(offered)).toEqual({ to: '/events/e%201', label: 'Confirm your seats', action: true });
    expect(notificationDeadline(offered, { timeZone: 'UTC', locale: 'en-GB' })).toBe('Held for you until 1 Jun 2030, 18:15');
  });

  it('lead to the event of anything else about one, and nowhere without one', () => {
    expect(notificationLink({ type: 'booking.confirmed', data: { eventId: 'e1', bookingId: 'b1' } }))
      .toEqual({ to: '/events/e1', label: 'View event', action: false });
    expect(notificationLink({ type: 'user.registered', data: null })).toBeNull();
    expect(notificationLink({ type: 'waitlist.offered', data: { eventId: 42 } })).toBeNull();
    expect(notificationDeadline({ type: 'booking.confirmed', data: { expiresAt: '2030-06-01T18:15:00Z' } })).toBeNull();
    expect(notificationDeadline({ type: 'waitlist.offered', data: { eventId: 'e1' } })).toBeNull();
  });
});
