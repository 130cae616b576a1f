#pragma once

#include "bookings/clients/seat_inventory.hpp"
#include "bookings/store/booking_store.hpp"
#include "bookings/store/ticket_store.hpp"
#include "eventbook/bus/outbox.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace eventbook::bookings {

// The booking saga (see docs/architecture.md): a pending booking is written,
// asks the events service for seats, and is settled as confirmed or
// rejected, with booking.confirmed in the same transaction; a cancellation
// gives the seats back. Each step is durable before the next starts, and
// every step can be repeated, which is what recovery does.
class BookingSaga {
 public:
  BookingSaga(db::Database& database, BookingStore& store, TicketStore& tickets, SeatInventory& inventory,
              bus::Relay& relay)
      : database_(database), store_(store), tickets_(tickets), inventory_(inventory), relay_(relay) {}

  // Writes the pending booking, then settles it; returns it as stored after,
  // or nothing when its user already has a booking under its idempotency
  // key. Throws InventoryUnavailable when the events service cannot be
  // asked: the booking stays pending and recovery settles it later.
  core::Task<std::optional<Booking>> book(Booking pending, std::string request_id);
  // Asks for the seats and settles a pending booking; returns it as stored
  // after. Throws as book() does.
  core::Task<Booking> settle(Booking pending, std::string request_id);

  // Cancels a confirmed booking (once) and gives its seats back.
  core::Task<Booking> cancel(Booking booking, std::string reason, std::string request_id);

  // Cancels, in the caller's transaction, every confirmed booking of a
  // cancelled event; recovery gives their seats back.
  static int cancel_event(db::Session& session, const std::string& event_id, const std::string& request_id);

  // Holds. Confirms a held hold before it expires (with booking.confirmed
  // and the attendees named), once; returns it as stored after, whichever
  // way it ended.
  core::Task<Booking> confirm_hold(Booking hold, std::vector<Attendee> attendees, std::string request_id);
  // Lets go of a held hold and gives its seats back.
  core::Task<Booking> let_go(Booking hold, std::string request_id);
  // Expires every held hold past its expiry and gives their seats back;
  // returns how many expired. Any number of replicas may run it at once:
  // each hold is expired by one conditional update, and the release is
  // idempotent.
  core::Task<int> expire_holds();

  // Writes the tickets of up to `limit` confirmed bookings that have none
  // (confirmed before tickets existed, or by a replica of the release
  // before); returns how many bookings. Any number of replicas may run it
  // at once: each booking's tickets are written by one conditional update.
  core::Task<int> issue_missing_tickets(int limit);

  // Settles pending bookings created before `older_than` ago and gives back
  // the seats of cancelled bookings; returns how many it handled. Stops early
  // while the events service is unavailable.
  core::Task<int> recover(std::chrono::milliseconds older_than);

 private:
  core::Task<bool> release_seats(const Booking& booking, const std::string& request_id);
  // Gives back the seats of up to a page of cancelled bookings and ended
  // holds whose seats are still out; returns how many.
  core::Task<int> release_unreleased();

  db::Database& database_;
  BookingStore& store_;
  TicketStore& tickets_;
  SeatInventory& inventory_;
  bus::Relay& relay_;
};

boost::json::object booking_message(const Booking& booking);
// booking.confirmed: the booking's message with its tickets.
boost::json::object confirmed_message(const Booking& booking, const std::vector<Ticket>& tickets);

}  // namespace eventbook::bookings
