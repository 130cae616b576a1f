#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/core/log.hpp"
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

// What a reservation asks for: {bookingId, eventId, seats}.
struct ReservationRequest {
  std::string booking_id;
  std::string event_id;
  std::int64_t seats = 0;
};

// Reads one reservation request; nothing if the reader found a problem.
std::optional<ReservationRequest> read_reservation(core::FieldReader& reader) {
  auto booking_id = reader.string("bookingId", true);
  auto event_id = reader.string("eventId", true);
  auto seats = reader.integer("seats", true);
  if (booking_id && (booking_id->empty() || booking_id->size() > 64)) reader.fail("bookingId", "must be 1 to 64 characters");
  if (event_id && (event_id->empty() || event_id->size() > 64)) reader.fail("eventId", "must be 1 to 64 characters");
  if (seats && (*seats < 1 || *seats > kMaxCapacity)) reader.fail("seats", "must be at least 1");
  if (!reader.ok()) return std::nullopt;
  return ReservationRequest{*booking_id, *event_id, *seats};
}

constexpr std::size_t kMaxBatch = 256;

// What a reservation that failed tells its caller: that it may try again;
// what went wrong inside stays in the log.
boost::json::object failed_reservation(const std::string& booking_id, const std::exception_ptr& error,
                                       const std::string& request_id) {
  core::log::warn("events", "reservation failed",
                  {{"bookingId", booking_id}, {"requestId", request_id}, {"error", core::describe(error)}});
  return {{"bookingId", booking_id}, {"error", "the reservation could not be made now; try again"}};
}

}  // namespace

// POST /internal/reservations {bookingId, eventId, seats}: service callers only.
core::Task<http::Response> post_reservation(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto body = request.json();
  core::FieldReader reader(body, {"bookingId", "eventId", "seats"});
  auto wanted = read_reservation(reader);
  reader.finish();
  auto reservation =
      co_await context.store.reserve(wanted->booking_id, wanted->event_id, wanted->seats, core::now_ms());
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
  core::FieldReader reader(body, {"reservations"});
  std::vector<ReservationRequest> wanted;
  if (const auto* list = body.if_contains("reservations"); list == nullptr || !list->is_array()) {
    reader.fail("reservations", "must be an array");
  } else if (list->as_array().empty() || list->as_array().size() > kMaxBatch) {
    reader.fail("reservations", "must hold 1 to " + std::to_string(kMaxBatch) + " reservations");
  } else {
    for (std::size_t n = 0; n < list->as_array().size(); ++n) {
      const auto& item = list->as_array()[n];
      const auto prefix = "reservations[" + std::to_string(n) + "]";
      if (!item.is_object()) {
        reader.fail(prefix, "must be an object");
        continue;
      }
      core::FieldReader item_reader(item.as_object(), {"bookingId", "eventId", "seats"});
      if (auto one = read_reservation(item_reader)) {
        wanted.push_back(std::move(*one));
      } else {
        reader.fail(prefix, "must be {bookingId, eventId, seats}: ids of 1 to 64 characters, at least 1 seat");
      }
    }
  }
  reader.finish();

  const auto now = core::now_ms();
  std::vector<core::Task<Reservation>> reserving;
  reserving.reserve(wanted.size());
  for (const auto& one : wanted) reserving.push_back(context.store.reserve(one.booking_id, one.event_id, one.seats, now));
  auto outcomes = co_await core::when_all(std::move(reserving));
  boost::json::array answers;
  answers.reserve(outcomes.size());
  for (std::size_t n = 0; n < outcomes.size(); ++n) {
    answers.push_back(outcomes[n].error ? failed_reservation(wanted[n].booking_id, outcomes[n].error, request.request_id)
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

}  // namespace eventbook::events
