#pragma once

#include "eventbook/core/json.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

// What a reservation asks for: {bookingId, eventId, seats}.
struct ReservationRequest {
  std::string booking_id;
  std::string event_id;
  std::int64_t seats = 0;
};

// The most reservations one batch request carries.
inline constexpr std::size_t kMaxReservationBatch = 256;

// Reads one reservation request: ids of 1 to 64 characters, 1 to
// kMaxCapacity seats. Nothing if the reader found a problem (the reader
// holds it).
std::optional<ReservationRequest> read_reservation(core::FieldReader& reader);

// POST /internal/reservations: one request; throws a 422 naming each bad field.
ReservationRequest read_reservation_request(const boost::json::object& body);

// POST /internal/reservations/batch {reservations: [...]}: 1 to
// kMaxReservationBatch requests, in order; throws a 422 naming each bad one.
std::vector<ReservationRequest> read_reservation_batch(const boost::json::object& body);

}  // namespace eventbook::events
