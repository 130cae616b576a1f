#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/service/context.hpp"
#include "events/domain/reservation.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

namespace {

boost::json::object reservation_json(const Reservation& reservation, const std::optional<Event>& event) {
  boost::json::object out{{"bookingId", reservation.booking_id},
                          {"eventId", reservation.event_id},
                          {"seats", reservation.seats},
                          {"status", reservation.status}};
  out["reason"] = reservation.reason ? boost::json::value(*reservation.reason) : boost::json::value(nullptr);
  out["items"] = lines_json(reservation.lines);
  if (reservation.refused_type_id) out["ticketTypeId"] = *reservation.refused_type_id;
  if (event) {
    out["event"] = boost::json::object{{"title", event->title},
                                       {"date", event->date},
                                       {"location", event->location},
                                       {"availableSeats", event->open_seats()},
                                       {"offerMinutes", event->offer_minutes},
                                       {"organizerId", event->organizer_id},
                                       {"holdMinutes", event->hold_minutes},
                                       {"requireAttendeeNames", event->require_attendee_names},
                                       {"startsAtMs", event->starts_at},
                                       {"status", event->status}};
    if (event->on_sale_at) out["event"].as_object()["onSaleAtMs"] = *event->on_sale_at;
  }
  return out;
}

// What a reservation that failed tells its caller: that it may try again;
// what went wrong inside stays in the log.
boost::json::object failed_reservation(const std::string& booking_id, const std::exception_ptr& error,
                                       const std::string& request_id) {
  core::log::warn("events", "reservation failed",
                  {{"bookingId", booking_id}, {"requestId", request_id}, {"error", core::describe(error)}});
  return {{"bookingId", booking_id}, {"error", "the reservation could not be made now; try again"}};
}

}  // namespace

// POST /internal/reservations {bookingId, eventId, seats} or {bookingId,
// eventId, items: [{ticketTypeId, quantity}]}: service callers only. Answers
// {bookingId, eventId, seats, status, reason, items: [{ticketTypeId, name,
// quantity, unitPriceMinor, currency}], ticketTypeId? (the type a refusal is
// about), event}.
core::Task<http::Response> post_reservation(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto body = request.json();
  auto wanted = read_reservation_request(body);
  auto reservation = co_await context.store.reserve(std::move(wanted), core::now_ms());
  co_return http::Response::json(200, reservation_json(reservation, reservation.event));
}

// POST /internal/reservations/batch {reservations: [{bookingId, eventId,
// seats}, ...]}: service callers only. Answers {reservations: [...]} in the
// same order, each as POST /internal/reservations answers it, or
// {bookingId, error} for one that could not be made now. The reservations
// are in flight together, so they share the database's group commits with
// each other and with every other reservation queued meanwhile.
core::Task<http::Response> post_reservations(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto body = request.json();
  auto wanted = read_reservation_batch(body);

  const auto now = core::now_ms();
  std::vector<core::Task<Reservation>> reserving;
  reserving.reserve(wanted.size());
  for (const auto& one : wanted) reserving.push_back(context.store.reserve(one, now));
  auto outcomes = co_await core::when_all(std::move(reserving));
  boost::json::array answers;
  answers.reserve(outcomes.size());
  for (std::size_t n = 0; n < outcomes.size(); ++n) {
    answers.push_back(outcomes[n].error
                          ? failed_reservation(wanted[n].booking_id, outcomes[n].error, request.request_id)
                          : reservation_json(*outcomes[n].value, outcomes[n].value->event));
  }
  co_return http::Response::json(200, boost::json::object{{"reservations", std::move(answers)}});
}

// POST /internal/reservations/{bookingId}/release: gives the seats back once.
core::Task<http::Response> post_release(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto reservation = co_await context.store.release(request.param("bookingId"), core::now_ms());
  co_return http::Response::json(200, reservation_json(reservation, std::nullopt));
}

core::Task<http::Response> get_internal_event(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto found = co_await context.store.find_with_ticket_types(request.param("id"));
  if (!found) throw core::ApiError::not_found("No event " + request.param("id") + ".");
  const auto& event = found->event;
  boost::json::object out{{"id", event.id},
                          {"organizerId", event.organizer_id},
                          {"title", event.title},
                          {"date", event.date},
                          {"status", event.status},
                          {"startsAtMs", event.starts_at},
                          {"capacity", event.capacity},
                          {"availableSeats", event.available_seats},
                          {"owedSeats", event.owed_seats},
                          {"waitlistDemand", event.waitlist_demand},
                          {"waitlistOrder", event.waitlist_order},
                          {"offerMinutes", event.offer_minutes},
                          {"waitingRoom", event.waiting_room},
                          {"passMinutes", event.pass_minutes},
                          {"maxPerBooking", event.max_per_booking ? boost::json::value(*event.max_per_booking)
                                                                  : boost::json::value(nullptr)}};
  if (event.on_sale_at) out["onSaleAtMs"] = *event.on_sale_at;
  if (event.admit_per_minute) out["admitPerMinute"] = *event.admit_per_minute;
  // What each type's quota leaves (none: no quota of its own), for the
  // waitlist's entries of one type.
  boost::json::array types;
  for (const auto& type : found->ticket_types) {
    types.push_back(boost::json::object{
        {"id", type.id},
        {"hidden", type.hidden},
        {"quotaLeft", type.quota ? boost::json::value(*type.quota - type.sold) : boost::json::value(nullptr)}});
  }
  out["ticketTypes"] = std::move(types);
  co_return http::Response::json(200, out);
}

// PUT /internal/events/{id}/waitlist {seats}: what the waitlist's waiting
// entries want now (the bookings service tells); the answer is the event's
// seats as they are after it.
core::Task<http::Response> put_waitlist_demand(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto body = request.json();
  core::FieldReader reader(body, {"seats"});
  auto seats = reader.integer("seats", true);
  if (seats && (*seats < 0 || *seats > kMaxCapacity * 1000)) reader.fail("seats", "must be from 0");
  reader.finish();
  auto event = co_await context.store.set_waitlist_demand(request.param("id"), *seats);
  if (!event) throw core::ApiError::not_found("No event " + request.param("id") + ".");
  co_return http::Response::json(200, boost::json::object{{"id", event->id},
                                                          {"availableSeats", event->available_seats},
                                                          {"owedSeats", event->owed_seats},
                                                          {"waitlistDemand", event->waitlist_demand}});
}

}  // namespace eventbook::events
