#pragma once

#include <cstdint>
#include <exception>
#include <functional>
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
// idempotent under the booking id.
class SeatInventory {
 public:
  virtual ~SeatInventory() = default;
  virtual SeatAnswer reserve(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                             const std::string& request_id) = 0;
  virtual SeatAnswer release(const std::string& booking_id, const std::string& request_id) = 0;

  // reserve(), with the answer (or what reserve would have thrown) passed to
  // done once known, typically from another thread after this returns. By
  // default done is called before this returns.
  virtual void reserve_async(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                             const std::string& request_id,
                             std::function<void(std::exception_ptr, SeatAnswer)> done) {
    SeatAnswer answer;
    std::exception_ptr error;
    try {
      answer = reserve(booking_id, event_id, seats, request_id);
    } catch (...) {
      error = std::current_exception();
    }
    done(error, std::move(answer));
  }
};

}  // namespace eventbook::bookings
