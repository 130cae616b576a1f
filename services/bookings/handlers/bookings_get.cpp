#include "bookings/handlers/context.hpp"
#include "eventbook/core/id.hpp"

#include <charconv>

namespace eventbook::bookings {

namespace {

int read_limit(const http::Request& request) {
  auto text = request.query("limit");
  if (!text) return 20;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > 100) {
    throw core::ApiError::validation({{"limit", "must be an integer from 1 to 100"}});
  }
  return limit;
}

}  // namespace

Booking visible_booking(BookingsContext& context, const service::Caller& caller, const std::string& id) {
  auto booking = core::looks_like_id(id) ? context.store.find(id) : std::nullopt;
  if (!booking || (booking->user_id != caller.id && booking->organizer_id != caller.id && !caller.is_admin())) {
    throw core::ApiError::not_found("No booking " + id + " of yours.");
  }
  return *booking;
}

// GET /api/bookings: the caller's bookings, newest first; with ?eventId= the
// bookings of an event the caller organizes.
http::Response get_bookings(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  int limit = read_limit(request);
  auto cursor = request.query("cursor");
  if (cursor && !core::looks_like_id(*cursor)) {
    throw core::ApiError::validation({{"cursor", "is not a cursor from a previous page"}});
  }
  auto event_id = request.query("eventId");
  auto rows = event_id ? context.store.list_event(*event_id, caller.is_admin() ? "" : caller.id, limit + 1, cursor)
                       : context.store.list_mine(caller.id, limit + 1, cursor);
  bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.pop_back();
  boost::json::array items;
  for (const auto& booking : rows) items.push_back(booking_json(booking));
  boost::json::object body{{"items", std::move(items)}};
  body["nextCursor"] = more ? boost::json::value(rows.back().id) : boost::json::value(nullptr);
  return http::Response::json(200, body);
}

http::Response get_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  return http::Response::json(200, booking_json(visible_booking(context, caller, request.param("id"))));
}

// DELETE /api/bookings/{id} and POST /api/bookings/{id}/cancel: the owner (or
// an admin) cancels; the seats come back once, a second cancel changes nothing.
http::Response cancel_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto booking = visible_booking(context, caller, request.param("id"));
  if (booking.user_id != caller.id && !caller.is_admin()) {
    throw core::ApiError::forbidden("Only the person who booked, or an administrator, cancels a booking.");
  }
  if (booking.status == "pending" || booking.status == "rejected") {
    throw core::ApiError::conflict("booking-" + booking.status, "A " + booking.status + " booking cannot be cancelled.");
  }
  if (booking.status == "confirmed") {
    booking = context.saga.cancel(booking, "cancelled-by-user", request.request_id);
  }
  return http::Response::json(200, booking_json(booking));
}

}  // namespace eventbook::bookings
