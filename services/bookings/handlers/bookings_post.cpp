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
  bool queue_pass = false;  // may buy while the event's waiting room admits buyers
  bool by_pass = false;     // ... because of the pass it showed

  Booking pending() const {
    Booking booking;
    booking.id = core::new_id();
    booking.user_id = user_id;
    booking.event_id = input.event_id;
    booking.seats = input.seats;
    booking.items = input.items;
    booking.asked_items = !input.items.empty();
    booking.promo_code = input.promo_code;
    booking.queue_pass = queue_pass;
    booking.hold = input.hold;
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
  // Admins sell at the box office without queueing.
  out.queue_pass = caller.is_admin();
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

// What a request repeated under its Idempotency-Key made: the booking,
// settled now if it is still pending and the events service answers.
core::Task<Booking> repeated(BookingsContext& context, const NewBooking& wanted, Booking earlier) {
  check_same_request(earlier, wanted.input);
  if (earlier.status == "pending") {
    earlier = co_await or_still_pending(context.saga.settle(earlier, wanted.request_id), earlier);
  }
  co_return earlier;
}

// The saga's steps in order, each durable before the next: the pending
// booking, the seats from the events service, the booking settled (held,
// for a hold). Returns the booking as settled, or the one made earlier under
// the request's Idempotency-Key.
core::Task<Booking> place(BookingsContext& context, http::Request& request, bool hold) {
  auto wanted = read_new_booking(context, request);
  wanted.input.hold = hold;
  if (auto pass = request.header("Queue-Pass"); pass && !wanted.queue_pass) {
    wanted.queue_pass = co_await context.passes.admits(std::string(*pass), wanted.user_id, wanted.input.event_id);
    wanted.by_pass = wanted.queue_pass;
  }
  std::optional<Booking> earlier;
  if (wanted.key) {
    earlier = co_await context.store.find_by_key(wanted.user_id, *wanted.key);
  }
  if (earlier) co_return co_await repeated(context, wanted, *earlier);
  // One purchase per admission: a pass whose booking or hold stands is spent
  // (one whose hold expired or was let go of may try again). Admins are not held.
  if (wanted.by_pass && co_await context.store.has_passed_booking(wanted.user_id, wanted.input.event_id)) {
    throw core::ApiError::conflict("queue-pass-used",
                                   "Your pass from the waiting room has bought already: one booking (or hold) per "
                                   "admission.");
  }
  auto pending = wanted.pending();
  auto booking = co_await or_still_pending(context.saga.book(pending, wanted.request_id), pending);
  if (!booking) {
    // The same key arrived twice at once: the other request's booking answers.
    auto other = co_await context.store.find_by_key(wanted.user_id, *wanted.key);
    co_return co_await repeated(context, wanted, *other);
  }
  co_return *booking;
}

}  // namespace

// POST /api/bookings {userId?, eventId, seats?, promoCode?} or {userId?,
// eventId, items: [{ticketTypeId, quantity}], promoCode?}, optional
// Idempotency-Key. The 201 leaves only once the confirmed booking is
// committed.
core::Task<http::Response> post_booking(BookingsContext& context, http::Request& request) {
  auto booking = co_await place(context, request, false);
  co_return created(booking);
}

// POST /api/holds: the same body as a booking; the seats are taken at once
// and kept for the event's holdMinutes while the buyer checks out.
core::Task<http::Response> post_hold(BookingsContext& context, http::Request& request) {
  auto hold = co_await place(context, request, true);
  if (hold.status == "rejected") throw_for_refusal(hold);
  auto response = http::Response::json(201, hold_json(hold));
  response.set_header("Location", "/api/holds/" + hold.id);
  co_return response;
}

// POST /api/holds/{id}/confirm: the hold becomes a confirmed booking, the
// same 201 as POST /api/bookings; confirmed twice, the same booking. After
// its expiry (or once let go of): 410, and nothing booked.
core::Task<http::Response> confirm_hold(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto hold = co_await visible_hold(context, caller, request.param("id"));
  std::vector<Attendee> attendees;
  if (hold.status == "held") {
    auto body = request.body.empty() ? boost::json::object() : request.json();
    attendees = read_confirmation(body, hold);
  }
  if (hold.status == "held") hold = co_await context.saga.confirm_hold(hold, std::move(attendees), request.request_id);
  if (hold.status == "confirmed" || hold.status == "cancelled") co_return created(hold);
  throw_for_ended_hold(hold);
}

// GET /api/holds/{id}: its owner (or an admin); anyone else 404.
core::Task<http::Response> get_hold(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto hold = co_await visible_hold(context, caller, request.param("id"));
  co_return http::Response::json(200, hold_json(hold));
}

// DELETE /api/holds/{id}: lets go of a held hold, its seats back at once; a
// hold that has ended already stays as it is. A confirmed one: 409.
core::Task<http::Response> delete_hold(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto hold = co_await visible_hold(context, caller, request.param("id"));
  if (hold.status == "held") hold = co_await context.saga.let_go(hold, request.request_id);
  if (hold.status == "confirmed" || hold.status == "cancelled") {
    throw core::ApiError::conflict("hold-confirmed",
                                   "This hold is a confirmed booking now; cancel the booking instead.");
  }
  co_return http::Response::json(200, hold_json(hold));
}

}  // namespace eventbook::bookings
