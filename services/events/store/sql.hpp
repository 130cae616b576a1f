#pragma once

namespace eventbook::events::sql {

// price_cents holds the price in minor units of its currency (core::Money),
// whatever the currency's minor unit is.

#define EVENTBOOK_EVENT_COLUMNS                                                                                     \
  "id, organizer_id, title, description, date_text, starts_at, location, category, price_cents, currency, "         \
  "capacity, available_seats, max_per_booking, status, created_at, updated_at, hold_minutes, "                      \
  "require_attendee_names, on_sale_at, waiting_room, admit_per_minute, pass_minutes, waitlist_demand, owed_seats, " \
  "waitlist_order, offer_minutes"

inline constexpr const char* kInsertEvent =
    "INSERT INTO events (id, organizer_id, title, description, date_text, starts_at, location, location_key, "
    "category, price_cents, currency, capacity, available_seats, max_per_booking, status, created_at, updated_at, "
    "hold_minutes, require_attendee_names, on_sale_at, waiting_room, admit_per_minute, pass_minutes, waitlist_order, "
    "offer_minutes) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, 'scheduled', $14, $14, $15, $16, $17, $18, "
    "$19, $20, $21, $22)";

inline constexpr const char* kFindEvent = "SELECT " EVENTBOOK_EVENT_COLUMNS " FROM events WHERE id = $1";

// The seats owed to the waitlist when `given` seats come back (a release,
// a higher capacity): as many more as its waiting entries still want.
#define EVENTBOOK_OWED_AFTER_RETURN(GIVEN) \
  "CASE WHEN owed_seats + " GIVEN " < waitlist_demand THEN owed_seats + " GIVEN " ELSE waitlist_demand END"

// Seats left move by the change of capacity, in the same statement as the
// check, so that reservations made meanwhile are never overwritten. Seats
// added go to the waitlist first; seats taken away come out of what it is
// owed last.
inline constexpr const char* kUpdateEvent =
    "UPDATE events SET title = $2, description = $3, date_text = $4, starts_at = $5, location = $6, "
    "location_key = $7, category = $8, price_cents = $9, currency = $10, max_per_booking = $11, "
    "owed_seats = CASE WHEN $12 >= capacity THEN " EVENTBOOK_OWED_AFTER_RETURN("($12 - capacity)") " "
    "WHEN owed_seats < available_seats + ($12 - capacity) THEN owed_seats "
    "ELSE available_seats + ($12 - capacity) END, "
    "available_seats = available_seats + ($12 - capacity), capacity = $12, updated_at = $13, hold_minutes = $14, "
    "require_attendee_names = $15, on_sale_at = $16, waiting_room = $17, admit_per_minute = $18, pass_minutes = $19, "
    "waitlist_order = $20, offer_minutes = $21 "
    "WHERE id = $1 AND status = 'scheduled' AND capacity - available_seats <= $12";

// What the waitlist's waiting entries want now; what it is owed shrinks to that.
inline constexpr const char* kSetWaitlistDemand =
    "UPDATE events SET waitlist_demand = $2, owed_seats = CASE WHEN owed_seats > $2 THEN $2 ELSE owed_seats END "
    "WHERE id = $1 RETURNING " EVENTBOOK_EVENT_COLUMNS;

// Takes the event's row lock (PostgreSQL) and changes nothing: a change of
// its types or codes checked against the others is decided one at a time,
// whichever replica makes it.
inline constexpr const char* kLockEvent = "UPDATE events SET updated_at = updated_at WHERE id = $1";

inline constexpr const char* kCancelEvent =
    "UPDATE events SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'scheduled'";

inline constexpr const char* kListEvents = "SELECT " EVENTBOOK_EVENT_COLUMNS " FROM events WHERE 1 = 1";

inline constexpr const char* kTextFilterSqlite =
    " AND rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH $%)";
inline constexpr const char* kTextFilterPostgres =
    " AND to_tsvector('simple', title || ' ' || description || ' ' || location) @@ to_tsquery('simple', $%)";

// Reservations: the seats are taken first (the event's, then each line's
// type's), and the reservation is recorded last; a booking id recorded
// already keeps its first answer (the takes are given back).
inline constexpr const char* kTakeSeats =
    "UPDATE events SET available_seats = available_seats - $2, "
    "owed_seats = owed_seats - CASE WHEN $6 = 1 THEN $2 ELSE 0 END, updated_at = $4 "
    "WHERE id = $1 AND status = 'scheduled' AND starts_at >= $3 "
    "AND CASE WHEN $6 = 1 THEN owed_seats >= $2 ELSE available_seats - owed_seats >= $2 END "
    "AND (on_sale_at IS NULL OR on_sale_at <= $3) AND (waiting_room = 0 OR $5 = 1 OR $6 = 1) "
    "AND (max_per_booking IS NULL OR max_per_booking >= $2) RETURNING " EVENTBOOK_EVENT_COLUMNS;

#define EVENTBOOK_TICKET_TYPE_COLUMNS                                                                       \
  "id, event_id, position, name, description, price_minor, currency, quota, sold, sales_start, sales_end, " \
  "max_per_booking, hidden"

// A line's seats of its type: within its quota, its sales window and its
// most per booking.
#define EVENTBOOK_TAKE_TYPE_SEATS(WHICH)                                                      \
  "UPDATE ticket_types SET sold = sold + $2, updated_at = $3 "                                \
  "WHERE " WHICH                                                                              \
  " AND (quota IS NULL OR sold + $2 <= quota) "                                               \
  "AND (sales_start IS NULL OR sales_start <= $3) AND (sales_end IS NULL OR sales_end > $3) " \
  "AND (max_per_booking IS NULL OR max_per_booking >= $2) RETURNING " EVENTBOOK_TICKET_TYPE_COLUMNS

// The default type of event $1: its first public one.
#define EVENTBOOK_DEFAULT_TYPE \
  "id = (SELECT id FROM ticket_types WHERE event_id = $1 AND hidden = 0 ORDER BY position, id LIMIT 1)"

// A hidden type only when $5 is 1: a promo code of the reservation unlocks it.
inline constexpr const char* kTakeTypeSeats =
    EVENTBOOK_TAKE_TYPE_SEATS("event_id = $1 AND id = $4 AND (hidden = 0 OR $5 = 1)");
inline constexpr const char* kTakeDefaultTypeSeats = EVENTBOOK_TAKE_TYPE_SEATS(EVENTBOOK_DEFAULT_TYPE);

inline constexpr const char* kFindTicketType =
    "SELECT " EVENTBOOK_TICKET_TYPE_COLUMNS " FROM ticket_types WHERE event_id = $1 AND id = $2";
inline constexpr const char* kFindDefaultTicketType =
    "SELECT " EVENTBOOK_TICKET_TYPE_COLUMNS " FROM ticket_types WHERE " EVENTBOOK_DEFAULT_TYPE;

inline constexpr const char* kReturnTicketTypeSeats =
    "UPDATE ticket_types SET sold = sold - $2, updated_at = $3 WHERE id = $1";

inline constexpr const char* kRecordReservation =
    "INSERT INTO reservations (booking_id, event_id, seats, status, reason, lines, refused_type_id, promo_code_id, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT DO NOTHING";

inline constexpr const char* kFindReservation =
    "SELECT booking_id, event_id, seats, status, reason, lines, refused_type_id, promo_code_id FROM reservations "
    "WHERE booking_id = $1";

inline constexpr const char* kInsertTicketType =
    "INSERT INTO ticket_types (id, event_id, position, name, description, price_minor, currency, quota, sold, "
    "sales_start, sales_end, max_per_booking, hidden, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)";

inline constexpr const char* kListTicketTypes =
    "SELECT " EVENTBOOK_TICKET_TYPE_COLUMNS " FROM ticket_types WHERE event_id = $1 ORDER BY position, id";

inline constexpr const char* kReleaseReservation =
    "UPDATE reservations SET status = 'released', updated_at = $2 WHERE booking_id = $1 AND status = 'reserved'";

// A release that arrives before its reserve leaves a tombstone, so that the
// late reserve cannot take seats for a booking already given up.
inline constexpr const char* kReleaseTombstone =
    "INSERT INTO reservations (booking_id, event_id, seats, status, reason, created_at, updated_at) "
    "VALUES ($1, '', 0, 'released', 'released before reserved', $2, $2) ON CONFLICT DO NOTHING";

// Seats given back by a reservation refused while it was being made: free
// again as they were (to the waitlist, when $4 = 1: an offer's).
inline constexpr const char* kReturnSeats =
    "UPDATE events SET available_seats = available_seats + $2, "
    "owed_seats = owed_seats + CASE WHEN $4 = 1 THEN $2 ELSE 0 END, updated_at = $3 WHERE id = $1";

// Seats that come back (a cancellation, an expired hold or offer): to the
// waitlist first.
inline constexpr const char* kReleaseSeats =
    "UPDATE events SET owed_seats = " EVENTBOOK_OWED_AFTER_RETURN("$2") ", "
    "available_seats = available_seats + $2, updated_at = $3 WHERE id = $1";

#undef EVENTBOOK_OWED_AFTER_RETURN
#undef EVENTBOOK_DEFAULT_TYPE
#undef EVENTBOOK_TAKE_TYPE_SEATS
#undef EVENTBOOK_TICKET_TYPE_COLUMNS
#undef EVENTBOOK_EVENT_COLUMNS

}  // namespace eventbook::events::sql
