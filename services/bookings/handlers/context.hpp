#pragma once

#include "bookings/saga/booking_saga.hpp"
#include "eventbook/auth/jwt.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/router.hpp"
#include "eventbook/service/context.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace eventbook::bookings {

// Bookings whose saga runs with no thread waiting on it (post_booking):
// each step holds a token, and the service's stop() waits until every token
// is gone, so that no step runs while the service is taken apart.
class InFlight {
 public:
  std::shared_ptr<void> enter();
  // Whether every booking ended within `limit`.
  bool wait_idle(std::chrono::milliseconds limit);

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int count_ = 0;
};

struct BookingsContext {
  BookingStore& store;
  BookingSaga& saga;
  const auth::Verifier& verifier;
  std::int64_t max_seats;
  InFlight in_flight{};
};

// The booking if the caller may see it: its owner, its event's organizer or
// an admin. Anyone else, like a missing booking, gets 404.
Booking visible_booking(BookingsContext& context, const service::Caller& caller, const std::string& id);

void post_booking(BookingsContext& context, http::Request& request, http::Reply reply);
http::Response get_bookings(BookingsContext& context, http::Request& request);
http::Response get_booking(BookingsContext& context, http::Request& request);
http::Response cancel_booking(BookingsContext& context, http::Request& request);

}  // namespace eventbook::bookings
