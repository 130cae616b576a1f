#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/service/context.hpp"
#include "events/handlers/context.hpp"

#include <mutex>

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

// What a reservation that failed tells its caller (and the log).
boost::json::object failed_reservation(const std::string& booking_id, const std::exception_ptr& error,
                                       const std::string& request_id) {
  const auto reason = core::describe(error);
  core::log::warn("events", "reservation failed", {{"bookingId", booking_id}, {"requestId", request_id}, {"error", reason}});
  return {{"bookingId", booking_id}, {"error", reason}};
}

}  // namespace

// POST /internal/reservations {bookingId, eventId, seats}: service callers only.
http::Response post_reservation(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto body = request.json();
  core::FieldReader reader(body, {"bookingId", "eventId", "seats"});
  auto wanted = read_reservation(reader);
  reader.finish();
  auto reservation = context.store.reserve(wanted->booking_id, wanted->event_id, wanted->seats, core::now_ms());
  return http::Response::json(200, reservation_json(reservation, reservation.event));
}

// POST /internal/reservations/batch {reservations: [{bookingId, eventId,
// seats}, ...]}: service callers only. Answers {reservations: [...]} in the
// same order, each as POST /internal/reservations answers it, or
// {bookingId, error} for one that could not be made now. The reservations
// are queued for the database's group commit together: no thread waits for
// them, and they share commits with every other reservation queued meanwhile.
void post_reservations(EventsContext& context, http::Request& request, http::Reply reply) {
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

  struct Batch {
    std::mutex mutex;
    boost::json::array answers;
    std::size_t left;
  };
  auto batch = std::make_shared<Batch>();
  batch->answers.resize(wanted.size());
  batch->left = wanted.size();
  const auto now = core::now_ms();
  for (std::size_t n = 0; n < wanted.size(); ++n) {
    context.store.reserve_async(
        wanted[n].booking_id, wanted[n].event_id, wanted[n].seats, now,
        [batch, reply, n, booking_id = wanted[n].booking_id, request_id = request.request_id](
            std::exception_ptr error, Reservation reservation) {
          auto answer = error ? failed_reservation(booking_id, error, request_id)
                              : reservation_json(reservation, reservation.event);
          std::lock_guard lock(batch->mutex);
          batch->answers[n] = std::move(answer);
          if (--batch->left == 0) reply(http::Response::json(200, boost::json::object{{"reservations", batch->answers}}));
        });
  }
}

// POST /internal/reservations/{bookingId}/release: gives the seats back once.
http::Response post_release(EventsContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto reservation = context.store.release(request.param("bookingId"), core::now_ms());
  return http::Response::json(200, reservation_json(reservation, std::nullopt));
}

}  // namespace eventbook::events
