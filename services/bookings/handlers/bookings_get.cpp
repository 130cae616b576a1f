#include "bookings/handlers/context.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"

#include "eventbook/http/paging.hpp"

#include <algorithm>

namespace eventbook::bookings {

namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

}  // namespace

namespace {

// The booking with that id if `may` lets the caller act on it; a 404 naming
// `what` otherwise, as for a booking that does not exist.
core::Task<Booking> found_for(BookingsContext& context, const service::Caller& caller, std::string id,
                              bool (*may)(const Booking&, const std::string&, bool), const char* what) {
  std::optional<Booking> booking;
  if (core::looks_like_id(id)) {
    booking = co_await context.store.find(id);
  }
  if (!booking || !may(*booking, caller.id, caller.is_admin())) {
    throw core::ApiError::not_found(std::string("No ") + what + " " + id + " of yours.");
  }
  co_return *booking;
}

}  // namespace

core::Task<Booking> visible_booking(BookingsContext& context, const service::Caller& caller, std::string id) {
  co_return co_await found_for(context, caller, std::move(id), may_see, "booking");
}

core::Task<Booking> visible_hold(BookingsContext& context, const service::Caller& caller, std::string id) {
  co_return co_await found_for(context, caller, std::move(id), may_hold, "hold");
}

// GET /api/bookings: the caller's bookings, newest first; with ?eventId= the
// bookings of an event the caller organizes.
core::Task<http::Response> get_bookings(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  std::vector<core::FieldError> errors;
  int limit = http::read_limit(request, kDefaultLimit, kMaxLimit, errors);
  auto cursor = http::read_id_cursor(request, errors);
  if (!errors.empty()) throw core::ApiError::validation(std::move(errors));
  auto event_id = request.query("eventId");
  std::vector<Booking> rows;
  if (event_id) {
    std::string organizer_id = event_bookings_organizer(caller.id, caller.is_admin());
    rows = co_await context.store.list_event(*event_id, organizer_id, limit + 1, cursor);
  } else {
    rows = co_await context.store.list_mine(caller.id, limit + 1, cursor);
  }
  bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.pop_back();
  boost::json::array items;
  for (const auto& booking : rows) items.push_back(booking_json(booking));
  boost::json::object body{{"items", std::move(items)}};
  body["nextCursor"] = more ? boost::json::value(rows.back().id) : boost::json::value(nullptr);
  co_return http::Response::json(200, body);
}

core::Task<http::Response> get_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto booking = co_await visible_booking(context, caller, request.param("id"));
  co_return http::Response::json(200, booking_json(booking));
}

// DELETE /api/bookings/{id} and POST /api/bookings/{id}/cancel: the owner (or
// an admin) cancels; the seats come back once, a second cancel changes nothing.
core::Task<http::Response> cancel_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto booking = co_await visible_booking(context, caller, request.param("id"));
  if (!may_cancel(booking, caller.id, caller.is_admin())) {
    throw core::ApiError::forbidden("Only the person who booked, or an administrator, cancels a booking.");
  }
  const auto cancellation = cancellation_of(booking);
  if (cancellation == Cancellation::cancel && !caller.is_admin()) {
    // Someone was let in on it: its seats are in use, not free to sell again.
    auto tickets = co_await context.tickets.of_booking(booking.id);
    if (std::any_of(tickets.begin(), tickets.end(), [](const Ticket& ticket) { return ticket.check_in.has_value(); })) {
      throw core::ApiError::conflict("checked-in",
                                     "A ticket of this booking was checked in at the door, so it cannot be "
                                     "cancelled here; ask the organizer.");
    }
  }
  if (cancellation == Cancellation::cancel) {
    booking = co_await context.saga.cancel(booking, "cancelled-by-user", request.request_id);
  }
  co_return http::Response::json(200, booking_json(booking));
}

}  // namespace eventbook::bookings

namespace eventbook::bookings {

// POST /api/bookings/{id}/payment {status: "paid"|"due"}: the organizer of
// the booking's event (or an admin) records that it was paid, or undoes that.
core::Task<http::Response> post_payment(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto booking = co_await visible_booking(context, caller, request.param("id"));
  auto status = read_payment_change(request.json(), booking, caller.id, caller.is_admin());
  bool changed = co_await context.store.set_payment_status(booking.id, status, core::now_ms());
  auto stored = co_await context.store.find(booking.id);
  if (!changed) {  // cancelled meanwhile
    throw core::ApiError::conflict("booking-" + stored->status, "The booking is " + stored->status + ".");
  }
  co_return http::Response::json(200, booking_json(*stored));
}

}  // namespace eventbook::bookings
