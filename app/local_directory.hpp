#pragma once

#include "bookings/clients/directory.hpp"
#include "events/store/event_store.hpp"
#include "users/store/user_store.hpp"

namespace eventbook::app {

// The directory of the events and users services in the same process
// (embedded mode): their stores, without the loopback HTTP round trip.
class LocalDirectory final : public bookings::Directory {
 public:
  LocalDirectory(events::EventStore& events, users::UserStore& users) : events_(events), users_(users) {}

  core::Task<std::optional<bookings::EventFacts>> event(std::string event_id) override {
    auto found = co_await events_.find_with_ticket_types(std::move(event_id));
    if (!found) co_return std::nullopt;
    const auto* event = &found->event;
    bookings::EventFacts facts{event->id, event->organizer_id, event->title, event->date, event->status};
    for (const auto& type : found->ticket_types) {
      std::optional<std::int64_t> left;
      if (type.quota) left = *type.quota - type.sold;
      facts.ticket_types.push_back({type.id, left, type.hidden});
    }
    facts.starts_at = event->starts_at;
    facts.available_seats = event->available_seats;
    facts.owed_seats = event->owed_seats;
    facts.waitlist_demand = event->waitlist_demand;
    facts.waitlist_order = event->waitlist_order;
    facts.offer_minutes = event->offer_minutes;
    facts.max_per_booking = event->max_per_booking;
    co_return facts;
  }

  core::Task<std::optional<bookings::Account>> account_by_email(std::string email) override {
    auto user = co_await users_.find_by_email(std::move(email));
    if (!user) co_return std::nullopt;
    co_return bookings::Account{user->id, user->username, user->email};
  }

 private:
  events::EventStore& events_;
  users::UserStore& users_;
};

}  // namespace eventbook::app
