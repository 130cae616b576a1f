#include "bookings/handlers/context.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"

namespace eventbook::bookings {

namespace {

// A POST /api/bookings after its checks: who books what, under which key.
struct NewBooking {
  BookingRequest input;
  std::string user_id;
  std::optional<std::string> key;
  std::string request_id;

  Booking pending() const {
    Booking booking;
    booking.id = core::new_id();
    booking.user_id = user_id;
    booking.event_id = input.event_id;
    booking.seats = input.seats;
    booking.items = input.items;
    booking.promo_code = input.promo_code;
    booking.idempotency_key = key;
    booking.created_at = booking.updated_at = core::now_ms();
    return booking;
  }
};

NewBooking read_new_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  NewBooking out;
  out.input = read_booking_request(request.json(), context.max_seats);
  out.user_id = booking_owner(out.input, caller.id, caller.is_admin());
  out.key = read_idempotency_key(request.header("Idempotency-Key"));
  out.request_id = request.request_id;
  return out;
}

// 201 for a confirmed booking; the refusal's problem otherwise.
http::Response created(const Booking& booking) {
  if (booking.status != "confirmed") throw_for_refusal(booking);
  auto response =
      http::Response::json(201, boost::json::object{{"message", "Booking confirmed!"}, {"bookingId", booking.id}});
  response.set_header("Location", "/api/bookings/" + booking.id);
  return response;
}

// What the client learns when the seats cannot be asked for now: the booking
// stays pending, and recovery settles it.
core::ApiError still_pending(const Booking& booking, const InventoryUnavailable& error) {
  return core::ApiError::unavailable(
      "Seats cannot be reserved right now. Booking " + booking.id +
          " is pending and will be settled shortly; retry with the same Idempotency-Key to learn the outcome.",
      error.what());
}

// A step of the saga for booking, or the 503 that says it is still pending.
template <class T>
core::Task<T> or_still_pending(core::Task<T> step, const Booking& booking) {
  try {
    co_return co_await std::move(step);
  } catch (const InventoryUnavailable& error) {
    throw still_pending(booking, error);
  }
}

// The answer to a request repeated under its Idempotency-Key: the booking it
// made, settled now if it is still pending and the events service answers.
core::Task<http::Response> repeated(BookingsContext& context, const NewBooking& wanted, Booking earlier) {
  check_same_request(earlier, wanted.input);
  if (earlier.status == "pending") {
    earlier = co_await or_still_pending(context.saga.settle(earlier, wanted.request_id), earlier);
  }
  co_return created(earlier);
}

}  // namespace

// POST /api/bookings {userId?, eventId, seats?} or {userId?, eventId, items:
// [{ticketTypeId, quantity}]}, optional Idempotency-Key.
// The saga's steps in order, each durable before the next: the pending
// booking, the seats from the events service, the booking settled. The 201
// leaves only once the confirmed booking is committed.
core::Task<http::Response> post_booking(BookingsContext& context, http::Request& request) {
  auto wanted = read_new_booking(context, request);
  std::optional<Booking> earlier;
  if (wanted.key) {
    earlier = co_await context.store.find_by_key(wanted.user_id, *wanted.key);
  }
  if (earlier) {
    auto response = co_await repeated(context, wanted, *earlier);
    co_return response;
  }
  auto pending = wanted.pending();
  auto booking = co_await or_still_pending(context.saga.book(pending, wanted.request_id), pending);
  if (!booking) {
    // The same key arrived twice at once: the other request's booking answers.
    auto other = co_await context.store.find_by_key(wanted.user_id, *wanted.key);
    co_return co_await repeated(context, wanted, *other);
  }
  co_return created(*booking);
}

}  // namespace eventbook::bookings
