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

// What the client learns when the seats cannot be asked for now: the booking
// stays pending, and recovery settles it.
core::ApiError still_pending(const Booking& booking, const InventoryUnavailable& error) {
  return core::ApiError::unavailable(
      "Seats cannot be reserved right now. Booking " + booking.id +
          " is pending and will be settled shortly; retry with the same Idempotency-Key to learn the outcome.",
      error.what());
}

// A booking that is still pending is settled now if the events service
// answers; otherwise the client learns it may retry, and recovery settles it.
Booking settle_if_pending(BookingsContext& context, const Booking& booking, const std::string& request_id) {
  if (booking.status != "pending") return booking;
  try {
    return context.saga.settle(booking, request_id);
  } catch (const InventoryUnavailable& error) {
    throw still_pending(booking, error);
  }
}

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
    booking.idempotency_key = key;
    booking.created_at = booking.updated_at = core::now_ms();
    return booking;
  }
};

NewBooking read_new_booking(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  NewBooking out;
  out.input = read_booking_request(request.json(), context.max_seats);
  out.user_id = out.input.user_id.value_or(caller.id);
  if (out.user_id != caller.id && !caller.is_admin()) {
    throw core::ApiError::forbidden("userId must be your own id.");
  }
  out.key = read_idempotency_key(request.header("Idempotency-Key"));
  out.request_id = request.request_id;
  return out;
}

// The answer to a request repeated under its Idempotency-Key.
http::Response repeated(BookingsContext& context, const NewBooking& wanted, const Booking& existing) {
  if (existing.event_id != wanted.input.event_id || existing.seats != wanted.input.seats) {
    throw core::ApiError(422, "idempotency-key-reused", "This Idempotency-Key was used for a different booking request.",
                         {{"Idempotency-Key", "belongs to booking " + existing.id}});
  }
  return answer(settle_if_pending(context, existing, wanted.request_id));
}

// The same key arrived twice at once: the other request's booking answers.
http::Response lost_race(BookingsContext& context, const NewBooking& wanted) {
  return repeated(context, wanted, *context.store.find_by_key(wanted.user_id, *wanted.key));
}

std::optional<Booking> earlier(BookingsContext& context, const NewBooking& wanted) {
  if (!wanted.key) return std::nullopt;
  return context.store.find_by_key(wanted.user_id, *wanted.key);
}

// The asynchronous saga: queues the pending row; each durable step starts the
// next, and the last answers.
void book(BookingsContext& context, const NewBooking& wanted, const http::Reply& reply,
          const std::shared_ptr<void>& token) {
  auto booking = wanted.pending();
  context.store.insert_pending_async(booking, [&context, wanted, booking, reply, token](std::exception_ptr error,
                                                                                         bool inserted) {
    if (error) return reply.fail(error);
    if (!inserted) return reply.defer([&context, wanted, reply, token] { reply(lost_race(context, wanted)); });
    context.saga.settle_async(booking, wanted.request_id, [booking, reply, token](std::exception_ptr error,
                                                                                  Booking settled) {
      try {
        if (error) std::rethrow_exception(error);
        reply(answer(settled));
      } catch (const InventoryUnavailable& unavailable) {
        reply.fail(std::make_exception_ptr(still_pending(booking, unavailable)));
      } catch (...) {
        reply.fail(std::current_exception());
      }
    });
  });
}

}  // namespace

// POST /api/bookings {userId?, eventId, seats?}, optional Idempotency-Key.
// The 201 leaves only after the confirmed booking is committed, yet no thread
// waits for the three commits of the saga: each step starts the next from the
// thread that made the previous one durable. It starts on the I/O thread; a
// request with an Idempotency-Key, which needs a look at the database first,
// continues on the worker pool.
void post_booking(BookingsContext& context, http::Request& request, http::Reply reply) {
  auto wanted = read_new_booking(context, request);
  auto token = context.in_flight.enter();
  if (wanted.key) {
    return reply.defer([&context, wanted, reply, token] {
      if (auto existing = earlier(context, wanted)) return reply(repeated(context, wanted, *existing));
      book(context, wanted, reply, token);
    });
  }
  book(context, wanted, reply, token);
}

std::shared_ptr<void> InFlight::enter() {
  {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  return std::shared_ptr<void>(nullptr, [this](void*) {
    std::lock_guard lock(mutex_);
    if (--count_ == 0) idle_.notify_all();
  });
}

bool InFlight::wait_idle(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, limit, [this] { return count_ == 0; });
}

}  // namespace eventbook::bookings
