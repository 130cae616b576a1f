#pragma once

#include "events/store/event_store.hpp"
#include "queue/clients/event_facts.hpp"

namespace eventbook::app {

// The events of an events service in the same process (embedded mode), as
// the queue service's rooms see them: its store, without the loopback HTTP.
class LocalEventDirectory final : public queue::EventDirectory {
 public:
  explicit LocalEventDirectory(events::EventStore& events) : events_(events) {}

  core::Task<std::optional<queue::EventFacts>> event(std::string event_id) override {
    auto event = co_await events_.find(std::move(event_id));
    if (!event) co_return std::nullopt;
    co_return queue::EventFacts{event->id,          event->organizer_id, event->status,           event->starts_at,
                                event->on_sale_at,  event->waiting_room, event->admit_per_minute, event->pass_minutes,
                                event->open_seats()};
  }

 private:
  events::EventStore& events_;
};

}  // namespace eventbook::app
