#pragma once

#include "bookings/domain/seat_inventory.hpp"
#include "bookings/store/booking_store.hpp"
#include "eventbook/bus/outbox.hpp"

#include <chrono>
#include <exception>
#include <functional>

namespace eventbook::bookings {

// The booking saga (see docs/architecture.md): a pending booking asks the
// events service for seats and is settled as confirmed or rejected, with
// booking.confirmed in the same transaction; a cancellation gives the seats
// back. Every step can be repeated, which is what recovery does.
class BookingSaga {
 public:
  BookingSaga(db::Database& database, BookingStore& store, SeatInventory& inventory, bus::Relay& relay)
      : database_(database), store_(store), inventory_(inventory), relay_(relay) {}

  // Asks for the seats and settles the booking; returns it as stored after.
  // Throws InventoryUnavailable when the events service cannot be asked: the
  // booking stays pending and recovery settles it later.
  Booking settle(const Booking& pending, const std::string& request_id);
  // settle() without waiting, when the inventory answers asynchronously:
  // done gets the booking as stored after, or the error settle would have
  // thrown. It is called on a thread of the databases (see
  // db::Database::transaction_async): it must not wait on them.
  void settle_async(const Booking& pending, const std::string& request_id,
                    std::function<void(std::exception_ptr, Booking)> done);

  // Cancels a confirmed booking (once) and gives its seats back.
  Booking cancel(const Booking& booking, const std::string& reason, const std::string& request_id);

  // Cancels, in the caller's transaction, every confirmed booking of a
  // cancelled event; recovery gives their seats back.
  static int cancel_event(db::Session& session, const std::string& event_id, const std::string& request_id);

  // Settles pending bookings created before `older_than` ago and gives back
  // the seats of cancelled bookings; returns how many it handled. Stops early
  // while the events service is unavailable.
  int recover(std::chrono::milliseconds older_than);

 private:
  Booking after_settling(const Booking& settled, bool wrote);
  bool release_seats(const Booking& booking, const std::string& request_id);

  db::Database& database_;
  BookingStore& store_;
  SeatInventory& inventory_;
  bus::Relay& relay_;
};

boost::json::object booking_message(const Booking& booking);

}  // namespace eventbook::bookings
