#include "bookings/saga/booking_saga.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/log.hpp"

namespace eventbook::bookings {

boost::json::object booking_message(const Booking& b) {
  auto text = [](const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  return {{"bookingId", b.id},          {"userId", b.user_id},          {"eventId", b.event_id},
          {"seats", b.seats},           {"eventTitle", text(b.event_title)}, {"eventDate", text(b.event_date)},
          {"eventLocation", text(b.event_location)}, {"reason", text(b.reason)}};
}

namespace {

// The booking as the events service's answer settles it.
Booking settled_by(const Booking& pending, const SeatAnswer& answer) {
  Booking settled = pending;
  settled.updated_at = core::now_ms();
  settled.event_title = answer.event_title;
  settled.event_date = answer.event_date;
  settled.event_location = answer.event_location;
  settled.organizer_id = answer.organizer_id;
  if (answer.status == "reserved") {
    settled.status = "confirmed";
    settled.ticket_code = new_ticket_code();
  } else {
    settled.status = "rejected";
    settled.reason = answer.reason ? answer.reason : std::optional<std::string>(answer.status);
  }
  return settled;
}

// False when the booking was no longer pending (settled by another caller).
bool write_settled(db::Session& session, const Booking& settled, const std::string& request_id) {
  bool wrote = BookingStore::settle(session, settled);
  if (wrote && settled.status == "confirmed") {
    bus::add_to_outbox(session, "booking.confirmed", booking_message(settled), request_id);
  }
  return wrote;
}

}  // namespace

Booking BookingSaga::after_settling(const Booking& settled, bool wrote) {
  if (!wrote) return *store_.find(settled.id);
  if (settled.status == "confirmed") relay_.notify();
  return settled;
}

Booking BookingSaga::settle(const Booking& pending, const std::string& request_id) {
  auto settled = settled_by(pending, inventory_.reserve(pending.id, pending.event_id, pending.seats, request_id));
  bool wrote = false;
  database_.transaction([&](db::Session& session) { wrote = write_settled(session, settled, request_id); });
  return after_settling(settled, wrote);
}

void BookingSaga::settle_async(const Booking& pending, const std::string& request_id,
                               std::function<void(std::exception_ptr, Booking)> done) {
  inventory_.reserve_async(
      pending.id, pending.event_id, pending.seats, request_id,
      [this, pending, request_id, done = std::move(done)](std::exception_ptr error, SeatAnswer answer) {
        if (error) return done(error, pending);
        auto settled = settled_by(pending, answer);
        db::transaction_async(
            database_,
            [settled, request_id](db::Session& session) { return write_settled(session, settled, request_id); },
            [this, settled, done](std::exception_ptr error, bool wrote) {
              if (error) return done(error, settled);
              Booking after;
              try {
                after = after_settling(settled, wrote);
              } catch (...) {
                return done(std::current_exception(), settled);
              }
              done(nullptr, after);
            });
      });
}

Booking BookingSaga::cancel(const Booking& booking, const std::string& reason, const std::string& request_id) {
  bool cancelled = false;
  database_.transaction([&](db::Session& session) {
    cancelled = BookingStore::cancel(session, booking.id, reason, core::now_ms());
    if (cancelled) {
      Booking after = booking;
      after.status = "cancelled";
      after.reason = reason;
      bus::add_to_outbox(session, "booking.cancelled", booking_message(after), request_id);
    }
  });
  if (cancelled) {
    relay_.notify();
    release_seats(booking, request_id);
  }
  return *store_.find(booking.id);
}

int BookingSaga::cancel_event(db::Session& session, const std::string& event_id, const std::string& request_id) {
  int count = 0;
  auto now = core::now_ms();
  for (auto booking : BookingStore::confirmed_of_event(session, event_id)) {
    if (BookingStore::cancel(session, booking.id, "event-cancelled", now)) {
      booking.status = "cancelled";
      booking.reason = "event-cancelled";
      bus::add_to_outbox(session, "booking.cancelled", booking_message(booking), request_id);
      ++count;
    }
  }
  return count;
}

bool BookingSaga::release_seats(const Booking& booking, const std::string& request_id) {
  try {
    inventory_.release(booking.id, request_id);
    store_.mark_released(booking.id);
    return true;
  } catch (const InventoryUnavailable& error) {
    core::log::warn("bookings", "seats not released yet; recovery will retry",
                    {{"bookingId", booking.id}, {"requestId", request_id}, {"error", error.what()}});
    return false;
  }
}

int BookingSaga::recover(std::chrono::milliseconds older_than) {
  int handled = 0;
  try {
    for (;;) {
      auto pending = store_.pending_older_than(core::now_ms() - older_than.count(), 100);
      for (const auto& booking : pending) {
        auto settled = settle(booking, "recovery-" + booking.id);
        core::log::info("bookings", "pending booking settled by recovery",
                        {{"bookingId", booking.id}, {"status", settled.status}});
        ++handled;
      }
      if (pending.size() < 100) break;
    }
    for (const auto& booking : store_.unreleased(100)) {
      if (!release_seats(booking, "recovery-" + booking.id)) break;
      ++handled;
    }
  } catch (const InventoryUnavailable& error) {
    core::log::warn("bookings", "recovery waits for the events service", {{"error", error.what()}});
  }
  return handled;
}

}  // namespace eventbook::bookings
