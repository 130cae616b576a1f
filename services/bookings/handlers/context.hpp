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

// The hold if the caller may act on it: the person who holds it, or an
// admin. Anyone else, like a missing hold (or a booking that is no hold), 404.
core::Task<Booking> visible_hold(BookingsContext& context, const service::Caller& caller, std::string id);
core::Task<http::Response> post_hold(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_hold(BookingsContext& context, http::Request& request);
core::Task<http::Response> confirm_hold(BookingsContext& context, http::Request& request);
core::Task<http::Response> delete_hold(BookingsContext& context, http::Request& request);

}  // namespace eventbook::bookings
