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

// Whom a booking request books for: the userId given, or the caller when
// none is. Only an administrator books for someone else: 403 otherwise.
std::string booking_owner(const BookingRequest& request, const std::string& caller_id, bool caller_is_admin);

// A request repeated under an Idempotency-Key asks for what the first one
// did (the same event and seats); throws a 422 otherwise.
void check_same_request(const Booking& earlier, const BookingRequest& wanted);

// What the events service's answer for the seats makes of a pending booking:
// confirmed when they are reserved; otherwise rejected, for the reason the
// answer gives (or, without one, for the answer itself).
struct Settlement {
  std::string status;
  std::optional<std::string> reason;
};
Settlement settlement_for(const std::string& answer_status, const std::optional<std::string>& answer_reason);

// Who sees a booking: the person who booked, the organizer of its event, an
// administrator.
bool may_see(const Booking& booking, const std::string& caller_id, bool caller_is_admin);

// Who cancels a booking: the person who booked, or an administrator.
bool may_cancel(const Booking& booking, const std::string& caller_id, bool caller_is_admin);

// What cancelling does to a booking in its status: a confirmed one is
// cancelled, a cancelled one stays as it is. A pending or rejected one
// cannot be cancelled: throws a 409.
enum class Cancellation { cancel, unchanged };
Cancellation cancellation_of(const Booking& booking);

// The organizer whose events' bookings ?eventId= may list: the caller, or
// anyone's ("") for an administrator.
std::string event_bookings_organizer(const std::string& caller_id, bool caller_is_admin);

// The answer to give for a booking that was not confirmed.
[[noreturn]] void throw_for_refusal(const Booking& booking);

// A ticket code for a confirmed booking: short, unguessable, easy to read out.
std::string new_ticket_code();

}  // namespace eventbook::bookings
