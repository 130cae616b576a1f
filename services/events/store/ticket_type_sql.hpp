#pragma once

namespace eventbook::events::sql {

// The quota is checked against the seats sold in the same statement, so that
// a booking made meanwhile is never overtaken; no quota follows the capacity.
inline constexpr const char* kUpdateTicketType =
    "UPDATE ticket_types SET name = $3, description = $4, price_minor = $5, currency = $6, quota = $7, "
    "sales_start = $8, sales_end = $9, max_per_booking = $10, hidden = $11, updated_at = $12 "
    "WHERE id = $1 AND event_id = $2 AND sold <= COALESCE($7, sold)";

// Only a type no seat is held of, and never the event's last: reservations
// take their seats from the event's first type.
inline constexpr const char* kDeleteTicketType =
    "DELETE FROM ticket_types WHERE id = $1 AND event_id = $2 AND sold = 0 "
    "AND EXISTS (SELECT 1 FROM ticket_types AS other WHERE other.event_id = $2 AND other.id <> $1)";

}  // namespace eventbook::events::sql
