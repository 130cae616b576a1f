#pragma once

namespace eventbook::bookings::sql {

#define EVENTBOOK_BOOKING_COLUMNS                                                                                 \
  "id, user_id, event_id, seats, status, reason, idempotency_key, event_title, event_date, event_location, "      \
  "organizer_id, ticket_code, seats_released, created_at, updated_at, items, currency, total_minor, "             \
  "discount_minor, payment_status, refused_type_id, promo_code, hold, expires_at, require_attendees, attendees, " \
  "asked_items, opens_at, queue_pass, waitlist_offer"

inline constexpr const char* kInsertPending =
    "INSERT INTO bookings (id, user_id, event_id, seats, status, idempotency_key, created_at, updated_at, items, "
    "promo_code, hold, asked_items, queue_pass, waitlist_offer) "
    "VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT DO NOTHING";

inline constexpr const char* kFindBooking = "SELECT " EVENTBOOK_BOOKING_COLUMNS " FROM bookings WHERE id = $1";

inline constexpr const char* kPassedBooking =
    "SELECT 1 FROM bookings WHERE user_id = $1 AND event_id = $2 AND queue_pass = 1 "
    "AND status IN ('pending', 'held', 'confirmed') LIMIT 1";

inline constexpr const char* kFindByKey =
    "SELECT " EVENTBOOK_BOOKING_COLUMNS " FROM bookings WHERE user_id = $1 AND idempotency_key = $2";

// Only a pending booking is settled, so a repeated settle changes nothing.
inline constexpr const char* kSettle =
    "UPDATE bookings SET status = $2, reason = $3, event_title = $4, event_date = $5, event_location = $6, "
    "organizer_id = $7, ticket_code = $8, updated_at = $9, items = $10, currency = $11, total_minor = $12, "
    "discount_minor = $13, payment_status = $14, refused_type_id = $15, expires_at = $16, require_attendees = $17, "
    "tickets_issued = CASE WHEN $2 = 'confirmed' THEN 1 ELSE 0 END, opens_at = $18 "
    "WHERE id = $1 AND status = 'pending'";

// A hold is confirmed only while it is held and has not expired; the sweep
// expires it only once it has. Whichever comes first, the other changes nothing.
inline constexpr const char* kConfirmHold =
    "UPDATE bookings SET status = 'confirmed', ticket_code = $2, updated_at = $3, attendees = $4, tickets_issued = 1 "
    "WHERE id = $1 AND status = 'held' AND expires_at > $3";

inline constexpr const char* kExpireHolds =
    "UPDATE bookings SET status = 'expired', reason = 'hold-expired', updated_at = $1 "
    "WHERE id IN (SELECT id FROM bookings WHERE status = 'held' AND expires_at <= $1 ORDER BY expires_at LIMIT $2) "
    "AND status = 'held' AND expires_at <= $1";

inline constexpr const char* kLetGoOfHoldsOfEvent =
    "UPDATE bookings SET status = 'released', reason = 'event-cancelled', updated_at = $2 "
    "WHERE event_id = $1 AND status = 'held'";

inline constexpr const char* kLetGoOfHold =
    "UPDATE bookings SET status = 'released', reason = 'released-by-user', updated_at = $2 "
    "WHERE id = $1 AND status = 'held'";

// Only a confirmed booking with something to pay changes its payment status.
inline constexpr const char* kSetPaymentStatus =
    "UPDATE bookings SET payment_status = $2, updated_at = $3 "
    "WHERE id = $1 AND status = 'confirmed' AND payment_status <> 'none'";

inline constexpr const char* kCancel =
    "UPDATE bookings SET status = 'cancelled', reason = $2, updated_at = $3 WHERE id = $1 AND status = 'confirmed'";

inline constexpr const char* kConfirmedOfEvent =
    "SELECT " EVENTBOOK_BOOKING_COLUMNS " FROM bookings WHERE event_id = $1 AND status = 'confirmed'";

inline constexpr const char* kMarkReleased = "UPDATE bookings SET seats_released = 1 WHERE id = $1";

inline constexpr const char* kListMineFirst =
    "SELECT " EVENTBOOK_BOOKING_COLUMNS " FROM bookings WHERE user_id = $1 ORDER BY id DESC LIMIT $2";
inline constexpr const char* kListMineAfter =
    "SELECT " EVENTBOOK_BOOKING_COLUMNS " FROM bookings WHERE user_id = $1 AND id < $3 ORDER BY id DESC LIMIT $2";

// An organizer's view of one event (admins see every event's).
inline constexpr const char* kListEventFirst = "SELECT " EVENTBOOK_BOOKING_COLUMNS
                                               " FROM bookings WHERE event_id = $1 AND ($2 = '' OR organizer_id = $2) "
                                               "AND status IN ('confirmed', 'cancelled') ORDER BY id DESC LIMIT $3";
inline constexpr const char* kListEventAfter =
    "SELECT " EVENTBOOK_BOOKING_COLUMNS
    " FROM bookings WHERE event_id = $1 AND ($2 = '' OR organizer_id = $2) "
    "AND status IN ('confirmed', 'cancelled') AND id < $4 ORDER BY id DESC LIMIT $3";

inline constexpr const char* kPendingOlderThan = "SELECT " EVENTBOOK_BOOKING_COLUMNS
                                                 " FROM bookings WHERE status = 'pending' AND created_at < $1 "
                                                 "ORDER BY created_at LIMIT $2";

// Bookings whose seats are to go back: cancelled ones, expired holds, and
// holds let go of.
inline constexpr const char* kUnreleased =
    "SELECT " EVENTBOOK_BOOKING_COLUMNS
    " FROM bookings "
    "WHERE status IN ('cancelled', 'expired', 'released') AND seats_released = 0 LIMIT $1";

inline constexpr const char* kStatusCounts = "SELECT status, COUNT(*), SUM(seats) FROM bookings GROUP BY status";

#undef EVENTBOOK_BOOKING_COLUMNS

}  // namespace eventbook::bookings::sql
