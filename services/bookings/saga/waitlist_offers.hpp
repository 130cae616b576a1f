#pragma once

#include "bookings/clients/directory.hpp"
#include "bookings/clients/seat_inventory.hpp"
#include "bookings/saga/booking_saga.hpp"
#include "bookings/store/waitlist_store.hpp"
#include "eventbook/bus/outbox.hpp"

#include <mutex>
#include <set>
#include <string>

namespace eventbook::bookings {

// Offers the seats owed to waitlists (see docs/architecture.md). Each step,
// by the replica holding the lease: learns what became of each offer's hold
// (announces a new one with waitlist.offered; booked once confirmed; lapsed
// once it expired or was let go of), tells the events service what each
// waitlist wants, and offers the seats it owes them to the entries they
// fit, in the event's order, as holds of offerMinutes.
class WaitlistOffers {
 public:
  WaitlistOffers(db::Database& database, WaitlistStore& waitlist, BookingStore& store, BookingSaga& saga,
                 SeatInventory& inventory, Directory& directory, bus::Relay& relay);

  core::Task<void> step();
  // Tells the events service what the event's waiting entries want now
  // (after a join or a leave); a failure is left to the next step.
  core::Task<void> tell_demand(std::string event_id);

 private:
  core::Task<void> settle_offers(std::int64_t now);
  // Tells the events service what the event's waitlist can take; then, if
  // asked, offers what it owes. False when the event could not be asked.
  core::Task<bool> advance(const std::string& event_id, std::int64_t now, bool make_offers);
  core::Task<void> offer_owed_seats(const EventFacts& facts, std::int64_t now);
  core::Task<void> offer(const WaitlistEntry& entry, std::int64_t now);

  db::Database& database_;
  WaitlistStore& waitlist_;
  BookingStore& store_;
  BookingSaga& saga_;
  SeatInventory& inventory_;
  Directory& directory_;
  bus::Relay& relay_;
  const std::string owner_;  // this process, as a lease holder
  std::mutex mutex_;
  std::set<std::string> told_;  // events told of a demand, to be told when it is gone
};

}  // namespace eventbook::bookings
