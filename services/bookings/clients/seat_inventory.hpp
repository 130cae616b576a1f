#pragma once

#include "eventbook/core/task.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace eventbook::bookings {

// What the events service answered for a booking's seats.
struct SeatAnswer {
  std::string status;  // reserved, refused, released
  std::optional<std::string> reason;
  std::optional<std::string> event_title;
  std::optional<std::string> event_date;
  std::optional<std::string> event_location;
  std::optional<std::string> organizer_id;
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
  virtual core::Task<SeatAnswer> reserve(std::string booking_id, std::string event_id, std::int64_t seats,
                                         std::string request_id) = 0;
  virtual core::Task<SeatAnswer> release(std::string booking_id, std::string request_id) = 0;
};

}  // namespace eventbook::bookings
