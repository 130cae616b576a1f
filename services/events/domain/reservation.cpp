#include "events/domain/reservation.hpp"

#include "events/domain/event.hpp"

namespace eventbook::events {

std::optional<ReservationRequest> read_reservation(core::FieldReader& reader) {
  auto booking_id = reader.string("bookingId", true);
  auto event_id = reader.string("eventId", true);
  auto seats = reader.integer("seats", true);
  if (booking_id && (booking_id->empty() || booking_id->size() > 64))
    reader.fail("bookingId", "must be 1 to 64 characters");
  if (event_id && (event_id->empty() || event_id->size() > 64)) reader.fail("eventId", "must be 1 to 64 characters");
  if (seats && (*seats < 1 || *seats > kMaxCapacity)) reader.fail("seats", "must be at least 1");
  if (!reader.ok()) return std::nullopt;
  return ReservationRequest{*booking_id, *event_id, *seats};
}

ReservationRequest read_reservation_request(const boost::json::object& body) {
  core::FieldReader reader(body, {"bookingId", "eventId", "seats"});
  auto wanted = read_reservation(reader);
  reader.finish();
  return *wanted;
}

std::vector<ReservationRequest> read_reservation_batch(const boost::json::object& body) {
  core::FieldReader reader(body, {"reservations"});
  std::vector<ReservationRequest> wanted;
  if (const auto* list = body.if_contains("reservations"); list == nullptr || !list->is_array()) {
    if (list == nullptr || !list->is_null()) reader.fail("reservations", "must be an array");  // null: refused already
  } else if (list->as_array().empty() || list->as_array().size() > kMaxReservationBatch) {
    reader.fail("reservations", "must hold 1 to " + std::to_string(kMaxReservationBatch) + " reservations");
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
  return wanted;
}

}  // namespace eventbook::events
