#pragma once

#include "eventbook/core/task.hpp"
#include "eventbook/db/database.hpp"
#include "queue/domain/room.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eventbook::queue {

// What one admission step did to a room.
struct StepResult {
  std::int64_t placed = 0;    // places drawn or given
  std::int64_t admitted = 0;  // visitors admitted
  bool sold_out = false;      // the room moved to sold-out
};

// Rooms, entries and the admission lease, in the queue service's database.
class QueueStore {
 public:
  explicit QueueStore(db::Database& database) : db_(database) {}

  core::Task<std::optional<Room>> room(std::string event_id);
  // Makes or refreshes the room of an event that has a waiting room.
  core::Task<Room> save_facts(EventFacts facts, std::int64_t now);

  // The account's entry, made now unless it has one: {entry, made now}.
  core::Task<std::pair<Entry, bool>> join(Entry wanted);
  // An entry with its room (one read).
  core::Task<std::optional<std::pair<Entry, Room>>> status(std::string entry_id);

  core::Task<std::vector<Room>> active_rooms(std::int64_t now);

  // One admission step for the room of `event_id` at `now`, with its event's facts (none:
  // the event is gone): refreshes the room, draws the places of the early
  // joiners at the on-sale, gives later visitors theirs, admits at the
  // room's rate, and moves everyone still waiting to sold-out when no seat
  // is left. In one transaction.
  core::Task<StepResult> step(std::string event_id, std::optional<EventFacts> facts, std::int64_t now);

 private:
  db::Database& db_;
};

}  // namespace eventbook::queue
