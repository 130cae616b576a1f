#pragma once

#include "bookings/saga/booking_saga.hpp"
#include "eventbook/auth/jwt.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/router.hpp"
#include "eventbook/service/context.hpp"

namespace eventbook::bookings {

struct BookingsContext {
  BookingStore& store;
  BookingSaga& saga;
  const auth::Verifier& verifier;
  std::int64_t max_seats;
};

// The booking if the caller may see it: its owner, its event's organizer or
// an admin. Anyone else, like a missing booking, gets 404.
core::Task<Booking> visible_booking(BookingsContext& context, const service::Caller& caller, std::string id);

core::Task<http::Response> post_booking(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_bookings(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_booking(BookingsContext& context, http::Request& request);
core::Task<http::Response> cancel_booking(BookingsContext& context, http::Request& request);
core::Task<http::Response> post_payment(BookingsContext& context, http::Request& request);

}  // namespace eventbook::bookings
