#include "bookings/handlers/context.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"

namespace eventbook::bookings {

namespace {

http::Response answer(const Booking& booking) {
  if (booking.status != "confirmed") {
    throw_for_refusal(booking);
  }
  auto response = http::Response::json(
      201, boost::json::object{{"message", "Booking confirmed!"}, {"bookingId", booking.id}});
  response.set_header("Location", "/api/bookings/" + booking.id);
  return response;
}

// A booking that is still pending is settled now if the events service
// answers; otherwise the client learns it may retry, and recovery settles it.
Booking settle_if_pending(BookingsContext& context, const Booking& booking, const std::string& request_id) {
  if (booking.status != "pending") return booking;
  try {
    return context.saga.settle(booking, request_id);
  } catch (const InventoryUnavailable& error) {
    auto problem = core::ApiError::unavailable(
        "Seats cannot be reserved right now. Booking " + booking.id +
            " is pending and will be settled shortly; retry with the same Idempotency-Key to learn the outcome.",
        error.what());
    throw problem;
  }
}

}  // namespace

// POST /api/bookings {userId?, eventId, seats?}, optional Idempotency-Key.
// The 201 leaves only after the confirmed booking is committed.
http::Response post_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto input = read_booking_request(request.json(), context.max_seats);
  std::string user_id = input.user_id.value_or(caller.id);
  if (user_id != caller.id && !caller.is_admin()) {
    throw core::ApiError::forbidden("userId must be your own id.");
  }
  auto key = read_idempotency_key(request.header("Idempotency-Key"));
  auto same_request = [&](const Booking& existing) {
    if (existing.event_id != input.event_id || existing.seats != input.seats) {
      throw core::ApiError(422, "idempotency-key-reused",
                           "This Idempotency-Key was used for a different booking request.",
                           {{"Idempotency-Key", "belongs to booking " + existing.id}});
    }
    return answer(settle_if_pending(context, existing, request.request_id));
  };
  if (key) {
    if (auto existing = context.store.find_by_key(user_id, *key)) return same_request(*existing);
  }
  Booking booking;
  booking.id = core::new_id();
  booking.user_id = user_id;
  booking.event_id = input.event_id;
  booking.seats = input.seats;
  booking.idempotency_key = key;
  booking.created_at = booking.updated_at = core::now_ms();
  if (!context.store.insert_pending(booking)) {
    // The same key arrived twice at once: the other request's booking answers.
    return same_request(*context.store.find_by_key(user_id, *key));
  }
  return answer(settle_if_pending(context, booking, request.request_id));
}

}  // namespace eventbook::bookings
