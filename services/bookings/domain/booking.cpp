#include "bookings/domain/booking.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"

#include <random>

namespace eventbook::bookings {

BookingRequest read_booking_request(const boost::json::object& body, std::int64_t max_seats) {
  core::FieldReader reader(body, {"userId", "eventId", "seats"});
  BookingRequest request;
  request.user_id = reader.string("userId", false);
  if (request.user_id && (request.user_id->empty() || request.user_id->size() > 64)) {
    reader.fail("userId", "must be a user id");
  }
  auto event_id = reader.string("eventId", true);
  if (event_id && (event_id->empty() || event_id->size() > 64)) reader.fail("eventId", "must be an event id");
  auto seats = reader.integer("seats", false);
  if (seats && (*seats < 1 || *seats > max_seats)) {
    reader.fail("seats", "must be from 1 to " + std::to_string(max_seats));
  }
  reader.finish();
  request.event_id = *event_id;
  request.seats = seats.value_or(1);
  return request;
}

std::optional<std::string> read_idempotency_key(const std::optional<std::string>& header) {
  if (!header) return std::nullopt;
  bool visible = !header->empty() && header->size() <= 128 &&
                 std::all_of(header->begin(), header->end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!visible) {
    throw core::ApiError::bad_request("Idempotency-Key must be 1 to 128 visible ASCII characters.");
  }
  return header;
}

boost::json::object booking_json(const Booking& b) {
  auto text = [](const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  return {{"id", b.id},
          {"userId", b.user_id},
          {"eventId", b.event_id},
          {"seats", b.seats},
          {"status", b.status},
          {"reason", text(b.reason)},
          {"ticketCode", b.status == "confirmed" ? text(b.ticket_code) : boost::json::value(nullptr)},
          {"event",
           boost::json::object{
               {"title", text(b.event_title)}, {"date", text(b.event_date)}, {"location", text(b.event_location)}}},
          {"createdAt", core::format_utc(b.created_at)},
          {"updatedAt", core::format_utc(b.updated_at)}};
}

std::string booking_owner(const BookingRequest& request, const std::string& caller_id, bool caller_is_admin) {
  auto owner = request.user_id.value_or(caller_id);
  if (owner != caller_id && !caller_is_admin) {
    throw core::ApiError::forbidden("userId must be your own id.");
  }
  return owner;
}

void check_same_request(const Booking& earlier, const BookingRequest& wanted) {
  if (earlier.event_id != wanted.event_id || earlier.seats != wanted.seats) {
    throw core::ApiError(422, "idempotency-key-reused",
                         "This Idempotency-Key was used for a different booking request.",
                         {{"Idempotency-Key", "belongs to booking " + earlier.id}});
  }
}

Settlement settlement_for(const std::string& answer_status, const std::optional<std::string>& answer_reason) {
  if (answer_status == "reserved") return {"confirmed", std::nullopt};
  return {"rejected", answer_reason ? answer_reason : std::optional<std::string>(answer_status)};
}

bool may_see(const Booking& booking, const std::string& caller_id, bool caller_is_admin) {
  return booking.user_id == caller_id || booking.organizer_id == caller_id || caller_is_admin;
}

bool may_cancel(const Booking& booking, const std::string& caller_id, bool caller_is_admin) {
  return booking.user_id == caller_id || caller_is_admin;
}

Cancellation cancellation_of(const Booking& booking) {
  if (booking.status == "pending" || booking.status == "rejected") {
    throw core::ApiError::conflict("booking-" + booking.status,
                                   "A " + booking.status + " booking cannot be cancelled.");
  }
  return booking.status == "confirmed" ? Cancellation::cancel : Cancellation::unchanged;
}

std::string event_bookings_organizer(const std::string& caller_id, bool caller_is_admin) {
  return caller_is_admin ? "" : caller_id;
}

void throw_for_refusal(const Booking& booking) {
  std::string reason = booking.reason.value_or("");
  if (reason == "not-found") {
    throw core::ApiError::not_found("No event " + booking.event_id + ".");
  }
  if (reason == "cancelled") {
    throw core::ApiError::conflict("event-cancelled", "The event has been cancelled.");
  }
  if (reason == "past") {
    throw core::ApiError::conflict("event-past", "The event has already taken place.");
  }
  if (reason == "too-many-seats") {
    throw core::ApiError::validation({{"seats", "is more than this event allows per booking"}});
  }
  if (reason == "sold-out") {
    throw core::ApiError::conflict("sold-out", "Not enough seats are left for " + std::to_string(booking.seats) +
                                                   (booking.seats == 1 ? " seat." : " seats."));
  }
  throw core::ApiError::conflict("booking-" + booking.status, "The booking is " + booking.status + ".");
}

std::string new_ticket_code() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string code;
  for (int i = 0; i < 12; ++i) {
    if (i == 4 || i == 8) code.push_back('-');
    code.push_back(kAlphabet[random() % (sizeof kAlphabet - 1)]);
  }
  return code;
}

}  // namespace eventbook::bookings
