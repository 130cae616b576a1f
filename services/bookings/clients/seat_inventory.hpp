#pragma once

#include "bookings/domain/booking.hpp"
#include "eventbook/core/task.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::bookings {

// What a booking asks the events service for: `seats` of the event's
// default ticket type, or the lines of `items`; with a promo code's discount.
struct SeatRequest {
  std::string booking_id;
  std::string event_id;
  std::int64_t seats = 0;
  std::vector<BookingLine> items = {};
  std::optional<std::string> promo_code = std::nullopt;
  bool queue_pass = false;      // the buyer showed a valid pass of the event's waiting room
  bool waitlist_offer = false;  // an offer to the waitlist: takes the seats owed to it
};

// What the events service answered for a booking's seats.
struct SeatAnswer {
  std::string status;  // reserved, refused, released
  std::optional<std::string> reason;
  std::optional<std::string> event_title;
  std::optional<std::string> event_date;
  std::optional<std::string> event_location;
  std::optional<std::string> organizer_id;
  std::optional<std::int64_t> hold_minutes = std::nullopt;      // how long the event lets a hold keep its seats
  std::optional<std::int64_t> offer_minutes = std::nullopt;     // how long a waitlist offer keeps its seats
  bool require_attendee_names = false;                          // a hold of the event is confirmed with names
  std::optional<std::int64_t> event_starts_at = std::nullopt;   // UTC ms
  std::optional<std::string> event_status = std::nullopt;       // scheduled, cancelled
  std::optional<std::int64_t> event_on_sale_at = std::nullopt;  // UTC ms: when its tickets go on sale
  std::vector<BookingLine> lines = {};                          // reserved: the lines, priced
  std::optional<std::string> ticket_type_id = std::nullopt;     // refused: the type it is about, if one is
};

// The events service could not be asked (down, timing out, circuit open).
class InventoryUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The seats of events, owned by the events service. Both calls are
// idempotent under the booking id, and throw InventoryUnavailable when the
// events service cannot be asked.
class SeatInventory {
 public:
  virtual ~SeatInventory() = default;
  virtual core::Task<SeatAnswer> reserve(SeatRequest wanted, std::string request_id) = 0;
  virtual core::Task<SeatAnswer> release(std::string booking_id, std::string request_id) = 0;
  // Tells the events service how many seats the event's waitlist wants now.
  virtual core::Task<void> set_waitlist_demand(std::string event_id, std::int64_t seats, std::string request_id) = 0;
};

}  // namespace eventbook::bookings
