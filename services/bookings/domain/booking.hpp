#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace eventbook::bookings {

// pending → confirmed | rejected; confirmed → cancelled.
struct Booking {
  std::string id;
  std::string user_id;
  std::string event_id;
  std::int64_t seats = 1;
  std::string status = "pending";
  std::optional<std::string> reason;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> event_title;
  std::optional<std::string> event_date;
  std::optional<std::string> event_location;
  std::optional<std::string> organizer_id;
  std::optional<std::string> ticket_code;
  bool seats_released = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct BookingRequest {
  std::optional<std::string> user_id;
  std::string event_id;
  std::int64_t seats = 1;
};

// Reads {userId?, eventId, seats?}; throws a 422 naming each bad field.
BookingRequest read_booking_request(const boost::json::object& body, std::int64_t max_seats);

// The Idempotency-Key header: 1 to 128 visible ASCII characters.
std::optional<std::string> read_idempotency_key(const std::optional<std::string>& header);

boost::json::object booking_json(const Booking& booking);

// The answer to give for a booking that was not confirmed.
[[noreturn]] void throw_for_refusal(const Booking& booking);

// A ticket code for a confirmed booking: short, unguessable, easy to read out.
std::string new_ticket_code();

}  // namespace eventbook::bookings
