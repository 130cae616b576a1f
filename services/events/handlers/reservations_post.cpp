#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/service/context.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

namespace {

boost::json::object reservation_json(const Reservation& reservation, const std::optional<Event>& event) {
  boost::json::object out{{"bookingId", reservation.booking_id},
                          {"eventId", reservation.event_id},
                          {"seats", reservation.seats},
                          {"status", reservation.status}};
  out["reason"] = reservation.reason ? boost::json::value(*reservation.reason) : boost::json::value(nullptr);
  if (event) {
    out["event"] = boost::json::object{{"title", event->title},
                                       {"date", event->date},
                                       {"location", event->location},
                                       {"availableSeats", event->available_seats},
                                       {"organizerId", event->organizer_id}};
  }
  return out;
}

}  // namespace

// POST /internal/reservations {bookingId, eventId, seats}: service callers only.
http::Response post_reservation(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto body = request.json();
  core::FieldReader reader(body, {"bookingId", "eventId", "seats"});
  auto booking_id = reader.string("bookingId", true);
  auto event_id = reader.string("eventId", true);
  auto seats = reader.integer("seats", true);
  if (booking_id && (booking_id->empty() || booking_id->size() > 64)) reader.fail("bookingId", "must be 1 to 64 characters");
  if (event_id && (event_id->empty() || event_id->size() > 64)) reader.fail("eventId", "must be 1 to 64 characters");
  if (seats && (*seats < 1 || *seats > kMaxCapacity)) reader.fail("seats", "must be at least 1");
  reader.finish();
  auto reservation = context.store.reserve(*booking_id, *event_id, *seats, core::now_ms());
  return http::Response::json(200, reservation_json(reservation, reservation.event));
}

// POST /internal/reservations/{bookingId}/release: gives the seats back once.
http::Response post_release(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto reservation = context.store.release(request.param("bookingId"), core::now_ms());
  return http::Response::json(200, reservation_json(reservation, std::nullopt));
}

}  // namespace eventbook::events
