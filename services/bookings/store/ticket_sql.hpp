#pragma once

namespace eventbook::bookings::sql {

// A ticket is valid only while its booking is confirmed too: a replica of
// the release before tickets cancels a booking without voiding them.
#define EVENTBOOK_TICKET_VALID "t.status = 'valid' AND b.status = 'confirmed'"
#define EVENTBOOK_TICKET_COLUMNS                                                                               \
  "t.id, t.booking_id, t.event_id, t.seat_no, t.ticket_type_id, t.ticket_type_name, t.code, t.attendee_name, " \
  "t.attendee_email, CASE WHEN " EVENTBOOK_TICKET_VALID                                                        \
  " THEN 'valid' ELSE 'void' END, t.checked_in_at, "                                                           \
  "t.checked_in_by, t.checked_in_label, t.created_at"
#define EVENTBOOK_TICKETS_OF_BOOKINGS " FROM tickets t JOIN bookings b ON b.id = t.booking_id "

// A booking's tickets go in with one statement: the ten columns named here
// for each ticket ($1 to $10 for the first, $11 to $20 for the second, ...).
inline constexpr const char* kInsertTicketsHead =
    "INSERT INTO tickets (id, booking_id, event_id, seat_no, ticket_type_id, ticket_type_name, code, attendee_name, "
    "attendee_email, created_at) VALUES ";
inline constexpr int kTicketInsertColumns = 10;  // valid, and not checked in: the defaults

// Bookings confirmed without tickets (before tickets existed, or by a
// replica of the release before): their tickets are written by recovery.
inline constexpr const char* kWithoutTickets =
    "SELECT id FROM bookings WHERE status = 'confirmed' AND tickets_issued = 0 ORDER BY id LIMIT $1";
inline constexpr const char* kMarkTicketsIssued =
    "UPDATE bookings SET tickets_issued = 1, ticket_code = $2 "
    "WHERE id = $1 AND status = 'confirmed' AND tickets_issued = 0";

inline constexpr const char* kVoidTickets = "UPDATE tickets SET status = 'void' WHERE booking_id = $1";

inline constexpr const char* kTicketsOfBooking =
    "SELECT " EVENTBOOK_TICKET_COLUMNS EVENTBOOK_TICKETS_OF_BOOKINGS "WHERE t.booking_id = $1 ORDER BY t.seat_no";
inline constexpr const char* kFindTicket =
    "SELECT " EVENTBOOK_TICKET_COLUMNS EVENTBOOK_TICKETS_OF_BOOKINGS "WHERE t.id = $1";
inline constexpr const char* kFindTicketByCode =
    "SELECT " EVENTBOOK_TICKET_COLUMNS EVENTBOOK_TICKETS_OF_BOOKINGS "WHERE t.code = $1";

// Admits a valid ticket of a confirmed booking once: of scanners racing on
// one code, one changes the row.
inline constexpr const char* kCheckIn =
    "UPDATE tickets SET checked_in_at = $2, checked_in_by = $3, checked_in_label = $4 "
    "WHERE id = $1 AND status = 'valid' AND checked_in_at IS NULL "
    "AND EXISTS (SELECT 1 FROM bookings b WHERE b.id = tickets.booking_id AND b.status = 'confirmed')";
inline constexpr const char* kUndoCheckIn =
    "UPDATE tickets SET checked_in_at = NULL, checked_in_by = NULL, checked_in_label = NULL WHERE id = $1";

inline constexpr const char* kCheckInStats =
    "SELECT t.ticket_type_id, t.ticket_type_name, COUNT(t.checked_in_at), COUNT(*)" EVENTBOOK_TICKETS_OF_BOOKINGS
    "WHERE t.event_id = $1 AND " EVENTBOOK_TICKET_VALID
    " GROUP BY t.ticket_type_id, t.ticket_type_name "
    "ORDER BY t.ticket_type_name, t.ticket_type_id";

// The attendee list: an event's tickets in the order they were issued, with
// their booking's buyer and payment status.
inline constexpr const char* kAttendeesFirst =
    "SELECT " EVENTBOOK_TICKET_COLUMNS ", b.user_id, b.payment_status" EVENTBOOK_TICKETS_OF_BOOKINGS
    "WHERE t.event_id = $1 ORDER BY t.id LIMIT $2";
inline constexpr const char* kAttendeesAfter =
    "SELECT " EVENTBOOK_TICKET_COLUMNS ", b.user_id, b.payment_status" EVENTBOOK_TICKETS_OF_BOOKINGS
    "WHERE t.event_id = $1 AND t.id > $3 ORDER BY t.id LIMIT $2";

#undef EVENTBOOK_TICKETS_OF_BOOKINGS
#undef EVENTBOOK_TICKET_COLUMNS
#undef EVENTBOOK_TICKET_VALID

#define EVENTBOOK_STAFF_COLUMNS "event_id, user_id, email, username, event_title, event_date, added_by, added_at"

inline constexpr const char* kAddStaff = "INSERT INTO event_staff (" EVENTBOOK_STAFF_COLUMNS
                                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";
inline constexpr const char* kStaffOfEvent =
    "SELECT " EVENTBOOK_STAFF_COLUMNS " FROM event_staff WHERE event_id = $1 ORDER BY added_at, user_id";
inline constexpr const char* kFindStaff =
    "SELECT " EVENTBOOK_STAFF_COLUMNS " FROM event_staff WHERE event_id = $1 AND user_id = $2";
inline constexpr const char* kCountStaff = "SELECT COUNT(*) FROM event_staff WHERE event_id = $1";
inline constexpr const char* kRemoveStaff = "DELETE FROM event_staff WHERE event_id = $1 AND user_id = $2";
inline constexpr const char* kEventsOfStaff =
    "SELECT " EVENTBOOK_STAFF_COLUMNS " FROM event_staff WHERE user_id = $1 ORDER BY added_at DESC LIMIT $2";

#undef EVENTBOOK_STAFF_COLUMNS

}  // namespace eventbook::bookings::sql
