#pragma once

namespace eventbook::events::sql {

// price_cents holds the price in minor units of its currency (core::Money),
// whatever the currency's minor unit is.

#define EVENTBOOK_EVENT_COLUMNS                                                                             \
  "id, organizer_id, title, description, date_text, starts_at, location, category, price_cents, currency, " \
  "capacity, available_seats, max_per_booking, status, created_at, updated_at"

inline constexpr const char* kInsertEvent =
    "INSERT INTO events (id, organizer_id, title, description, date_text, starts_at, location, location_key, "
    "category, price_cents, currency, capacity, available_seats, max_per_booking, status, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, 'scheduled', $14, $14)";

inline constexpr const char* kFindEvent = "SELECT " EVENTBOOK_EVENT_COLUMNS " FROM events WHERE id = $1";

// Seats left move by the change of capacity, in the same statement as the
// check, so that reservations made meanwhile are never overwritten.
inline constexpr const char* kUpdateEvent =
    "UPDATE events SET title = $2, description = $3, date_text = $4, starts_at = $5, location = $6, "
    "location_key = $7, category = $8, price_cents = $9, currency = $10, max_per_booking = $11, "
    "available_seats = available_seats + ($12 - capacity), capacity = $12, updated_at = $13 "
    "WHERE id = $1 AND status = 'scheduled' AND capacity - available_seats <= $12";

inline constexpr const char* kCancelEvent =
    "UPDATE events SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'scheduled'";

inline constexpr const char* kListEvents = "SELECT " EVENTBOOK_EVENT_COLUMNS " FROM events WHERE 1 = 1";

inline constexpr const char* kTextFilterSqlite =
    " AND rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH $%)";
inline constexpr const char* kTextFilterPostgres =
    " AND to_tsvector('simple', title || ' ' || description || ' ' || location) @@ to_tsquery('simple', $%)";

// Reservations: the first answer for a booking id is kept and returned again.
// The claim records the type the seats come from: the event's first.
inline constexpr const char* kClaimReservation =
    "INSERT INTO reservations (booking_id, event_id, seats, status, created_at, updated_at, ticket_type_id) "
    "VALUES ($1, $2, $3, 'reserved', $4, $4, "
    "(SELECT id FROM ticket_types WHERE event_id = $2 ORDER BY position, id LIMIT 1)) ON CONFLICT DO NOTHING";

inline constexpr const char* kTakeSeats =
    "UPDATE events SET available_seats = available_seats - $2, updated_at = $4 "
    "WHERE id = $1 AND status = 'scheduled' AND available_seats >= $2 AND starts_at >= $3 "
    "AND (max_per_booking IS NULL OR max_per_booking >= $2) RETURNING " EVENTBOOK_EVENT_COLUMNS;

inline constexpr const char* kSettleReservation =
    "UPDATE reservations SET status = $2, reason = $3, updated_at = $4 WHERE booking_id = $1";

inline constexpr const char* kFindReservation =
    "SELECT booking_id, event_id, seats, status, reason, ticket_type_id FROM reservations WHERE booking_id = $1";

// The seats of the reservation's type, within its quota; in the same
// transaction as the event's seats.
inline constexpr const char* kTakeTicketTypeSeats =
    "UPDATE ticket_types SET sold = sold + $2, updated_at = $3 "
    "WHERE id = (SELECT ticket_type_id FROM reservations WHERE booking_id = $1) "
    "AND (quota IS NULL OR sold + $2 <= quota)";

inline constexpr const char* kReturnTicketTypeSeats =
    "UPDATE ticket_types SET sold = sold - $2, updated_at = $3 WHERE id = $1";

inline constexpr const char* kInsertTicketType =
    "INSERT INTO ticket_types (id, event_id, position, name, description, price_minor, currency, quota, sold, "
    "sales_start, sales_end, max_per_booking, hidden, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)";

inline constexpr const char* kListTicketTypes =
    "SELECT id, event_id, position, name, description, price_minor, currency, quota, sold, sales_start, sales_end, "
    "max_per_booking, hidden FROM ticket_types WHERE event_id = $1 ORDER BY position, id";

inline constexpr const char* kReleaseReservation =
    "UPDATE reservations SET status = 'released', updated_at = $2 WHERE booking_id = $1 AND status = 'reserved'";

// A release that arrives before its reserve leaves a tombstone, so that the
// late reserve cannot take seats for a booking already given up.
inline constexpr const char* kReleaseTombstone =
    "INSERT INTO reservations (booking_id, event_id, seats, status, reason, created_at, updated_at) "
    "VALUES ($1, '', 0, 'released', 'released before reserved', $2, $2) ON CONFLICT DO NOTHING";

inline constexpr const char* kReturnSeats =
    "UPDATE events SET available_seats = available_seats + $2, updated_at = $3 WHERE id = $1";

#undef EVENTBOOK_EVENT_COLUMNS

}  // namespace eventbook::events::sql
