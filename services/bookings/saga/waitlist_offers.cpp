#include "bookings/saga/waitlist_offers.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/service/lease.hpp"

#include <map>

namespace eventbook::bookings {

namespace {

constexpr int kOffersPerStep = 500;
constexpr int kInLine = 200;  // waiting entries looked at per event and step
constexpr std::int64_t kLeaseMs = 5000;

boost::json::object offered_message(const WaitlistStore::Offer& offer, std::int64_t expires_at) {
  return {{"userId", offer.entry.user_id},
          {"eventId", offer.entry.event_id},
          {"eventTitle", offer.event_title ? boost::json::value(*offer.event_title) : nullptr},
          {"holdId", *offer.entry.hold_id},
          {"seats", offer.entry.seats},
          {"expiresAt", core::format_utc(expires_at)}};
}

}  // namespace

WaitlistOffers::WaitlistOffers(db::Database& database, WaitlistStore& waitlist, BookingSaga& saga,
                               SeatInventory& inventory, Directory& directory, bus::Relay& relay)
    : database_(database),
      waitlist_(waitlist),
      saga_(saga),
      inventory_(inventory),
      directory_(directory),
      relay_(relay),
      owner_(core::new_id()) {}

core::Task<void> WaitlistOffers::step() {
  const auto now = core::now_ms();
  if (!co_await service::take_lease(database_, "waitlist", owner_, now, now + kLeaseMs)) co_return;
  co_await settle_offers(now);
  auto demands = co_await waitlist_.demands();
  std::map<std::string, std::int64_t> wanted(demands.begin(), demands.end());
  {
    std::lock_guard lock(mutex_);
    for (const auto& event_id : told_) wanted.try_emplace(event_id, 0);
  }
  for (const auto& [event_id, seats] : wanted) {
    try {
      co_await inventory_.set_waitlist_demand(event_id, seats, "waitlist-" + owner_);
    } catch (const InventoryUnavailable& error) {
      core::log::warn("bookings", "waitlist demand not told", {{"eventId", event_id}, {"error", error.what()}});
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      if (seats > 0) {
        told_.insert(event_id);
      } else {
        told_.erase(event_id);
      }
    }
    if (seats > 0) co_await offer_owed_seats(event_id, now);
  }
}

core::Task<void> WaitlistOffers::tell_demand(std::string event_id) {
  auto counts = co_await waitlist_.counts(event_id);
  try {
    co_await inventory_.set_waitlist_demand(event_id, counts.waiting_seats, "waitlist-" + owner_);
    std::lock_guard lock(mutex_);
    if (counts.waiting_seats > 0) told_.insert(event_id);
  } catch (const InventoryUnavailable& error) {
    core::log::warn("bookings", "waitlist demand not told; the next step tells it",
                    {{"eventId", event_id}, {"error", error.what()}});
  }
}

// What became of each offer's hold.
core::Task<void> WaitlistOffers::settle_offers(std::int64_t now) {
  auto offers = co_await waitlist_.offers(kOffersPerStep);
  bool announced = false;
  for (const auto& offer : offers) {
    const auto& status = offer.hold_status;
    const auto& id = offer.entry.id;
    if (status == "held" && !offer.entry.notified && offer.expires_at) {
      announced |= co_await database_.transaction([&](db::Session& session) {
        if (!WaitlistStore::mark_notified(session, id, *offer.expires_at, now)) return false;
        bus::add_to_outbox(session, "waitlist.offered", offered_message(offer, *offer.expires_at), "waitlist-" + id);
        return true;
      });
    } else if (status == "confirmed") {
      co_await waitlist_.move(id, "offered", "booked", now);
    } else if (status == "expired" || status == "released" || status == "cancelled") {
      co_await waitlist_.move(id, "offered", "lapsed", now);
    } else if (status == "rejected") {
      // The owed seats went meanwhile: back in line. Any other refusal (a
      // ticket type no longer sold) cannot be offered again.
      co_await waitlist_.move(id, "offered", offer.reason == "sold-out" ? "waiting" : "lapsed", now);
    }
  }
  if (announced) relay_.notify();
}

core::Task<void> WaitlistOffers::offer_owed_seats(const std::string& event_id, std::int64_t now) {
  std::optional<EventFacts> facts;
  try {
    facts = co_await directory_.event(event_id);
  } catch (const core::ApiError& error) {
    core::log::warn("bookings", "waitlist not offered: the event cannot be asked",
                    {{"eventId", event_id}, {"error", error.detail()}});
    co_return;
  }
  if (!facts || facts->status != "scheduled" || facts->starts_at < now) co_return;
  auto owed = facts->owed_seats;
  if (owed <= 0) co_return;
  auto waiting = co_await waitlist_.waiting(event_id, kInLine);
  while (auto next = entry_to_offer(waiting, owed, facts->waitlist_order)) {
    auto entry = waiting[*next];
    waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(*next));
    owed -= entry.seats;
    co_await offer(entry, now);
  }
}

// The offer is a hold for the entry's owner, marked on the entry in the
// transaction that writes the pending hold: an entry is offered one hold at
// a time, and recovery settles a hold left pending.
core::Task<void> WaitlistOffers::offer(const WaitlistEntry& entry, std::int64_t now) {
  Booking hold;
  hold.id = core::new_id();
  hold.user_id = entry.user_id;
  hold.event_id = entry.event_id;
  hold.seats = entry.seats;
  if (entry.ticket_type_id) {
    hold.items = {BookingLine{*entry.ticket_type_id, "", entry.seats}};
    hold.asked_items = true;
  }
  hold.hold = true;
  hold.waitlist_offer = true;
  hold.created_at = hold.updated_at = now;
  bool claimed = co_await database_.transaction([&](db::Session& session) {
    if (!WaitlistStore::mark_offered(session, entry.id, hold.id, now)) return false;
    return BookingStore::insert_pending(session, hold);
  });
  if (!claimed) co_return;
  try {
    co_await saga_.settle(hold, "waitlist-" + entry.id);
  } catch (const InventoryUnavailable& error) {
    core::log::warn("bookings", "waitlist offer pending; recovery settles it",
                    {{"entryId", entry.id}, {"holdId", hold.id}, {"error", error.what()}});
  }
}

}  // namespace eventbook::bookings
