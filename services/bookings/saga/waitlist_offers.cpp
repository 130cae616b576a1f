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

WaitlistOffers::WaitlistOffers(db::Database& database, WaitlistStore& waitlist, BookingStore& store, BookingSaga& saga,
                               SeatInventory& inventory, Directory& directory, bus::Relay& relay)
    : database_(database),
      waitlist_(waitlist),
      store_(store),
      saga_(saga),
      inventory_(inventory),
      directory_(directory),
      relay_(relay),
      owner_(core::new_id()) {}

core::Task<void> WaitlistOffers::step() {
  const auto now = core::now_ms();
  if (!co_await service::take_lease(database_, "waitlist", owner_, now, now + kLeaseMs)) co_return;
  co_await settle_offers(now);
  auto waiting = co_await waitlist_.events_waiting();
  std::set<std::string> events(waiting.begin(), waiting.end());
  {
    std::lock_guard lock(mutex_);
    events.insert(told_.begin(), told_.end());
  }
  for (const auto& event_id : events) co_await advance(event_id, now, true);
}

core::Task<void> WaitlistOffers::tell_demand(std::string event_id) {
  co_await advance(event_id, core::now_ms(), false);
}

core::Task<bool> WaitlistOffers::advance(const std::string& event_id, std::int64_t now, bool make_offers) {
  std::optional<EventFacts> facts;
  try {
    facts = co_await directory_.event(event_id);
  } catch (const core::ApiError& error) {
    core::log::warn(
        "bookings", "waitlist not advanced: the event cannot be asked",
        {{"eventId", event_id}, {"error", error.log_message().empty() ? error.detail() : error.log_message()}});
    co_return false;
  }
  std::int64_t demand = 0;
  if (facts && facts->status == "scheduled" && facts->starts_at >= now) {
    auto groups = co_await waitlist_.waiting_groups(event_id);
    demand = waitlist_demand(groups, [&](const std::string& type_id) {
      const auto* type = facts->ticket_type(type_id);
      return type && !type->hidden ? std::optional(type->quota_left) : std::nullopt;
    });
  } else if (make_offers) {
    // Gone, cancelled or begun: nothing more to offer, and no more to look
    // the event up for at every step.
    co_await waitlist_.end_line(event_id, now);
  }
  // Told only when it changed: the events service's row is written no more
  // often than the line moves.
  if (facts && facts->waitlist_demand != demand) {
    try {
      co_await inventory_.set_waitlist_demand(event_id, demand, "waitlist-" + owner_);
    } catch (const InventoryUnavailable& error) {
      core::log::warn("bookings", "waitlist demand not told", {{"eventId", event_id}, {"error", error.what()}});
      co_return false;
    }
  }
  {
    std::lock_guard lock(mutex_);
    if (demand > 0) {
      told_.insert(event_id);
    } else {
      told_.erase(event_id);
    }
  }
  // What it owed before being told: offers follow at the next step.
  if (make_offers && demand > 0) co_await offer_owed_seats(*facts, now);
  co_return true;
}

// What became of each offer's hold.
core::Task<void> WaitlistOffers::settle_offers(std::int64_t now) {
  auto offers = co_await waitlist_.offers(kOffersPerStep);
  bool announced = false;
  for (const auto& offer : offers) {
    const auto& status = offer.hold_status;
    const auto& id = offer.entry.id;
    if (offer.entry.state == "left") {
      // Left while the offer was being made: its seats go to the next in line.
      if (auto hold = co_await store_.find(*offer.entry.hold_id); hold && hold->status == "held") {
        co_await saga_.let_go(*hold, "waitlist-" + id);
      }
      continue;
    }
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

core::Task<void> WaitlistOffers::offer_owed_seats(const EventFacts& event, std::int64_t now) {
  auto facts = event;  // what each offer leaves of the owed seats and the types' quotas
  if (facts.owed_seats <= 0) co_return;
  auto waiting = co_await waitlist_.waiting(facts.id, kInLine);
  auto type_left = [&](const std::string& type_id) -> std::optional<std::int64_t> {
    const auto* type = facts.ticket_type(type_id);
    return type && !type->hidden ? type->quota_left : std::optional<std::int64_t>(0);
  };
  while (auto next = entry_to_offer(waiting, facts.owed_seats, facts.waitlist_order, type_left)) {
    auto entry = waiting[*next];
    waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(*next));
    facts.owed_seats -= entry.seats;
    const auto* taken = facts.ticket_type(entry.ticket_type_id.value_or(""));
    for (auto& type : facts.ticket_types) {
      if (&type == taken && type.quota_left) *type.quota_left -= entry.seats;
    }
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
