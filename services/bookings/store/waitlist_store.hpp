#pragma once

#include "bookings/domain/waitlist.hpp"
#include "eventbook/core/task.hpp"
#include "eventbook/db/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::bookings {

// The waitlists, in the bookings database.
class WaitlistStore {
 public:
  explicit WaitlistStore(db::Database& database) : db_(database) {}

  // False when the account has an active entry for the event already.
  core::Task<bool> insert(WaitlistEntry entry);
  // The account's active entry for the event, or else its latest one.
  core::Task<std::optional<WaitlistEntry>> of_user(std::string event_id, std::string user_id);
  // 1 for the first in line; none unless waiting.
  core::Task<std::optional<std::int64_t>> position(WaitlistEntry entry);
  // The waiting entries of the event, in order (up to `limit`).
  core::Task<std::vector<WaitlistEntry>> waiting(std::string event_id, int limit);
  // Every entry of the event in order of joining, a page at a time.
  core::Task<std::vector<WaitlistEntry>> list(std::string event_id, int limit, int offset);
  struct Counts {
    std::int64_t waiting = 0;
    std::int64_t waiting_seats = 0;
    std::int64_t offered = 0;
    std::int64_t booked = 0;
    std::int64_t lapsed = 0;
  };
  core::Task<Counts> counts(std::string event_id);
  // The events with waiting entries.
  core::Task<std::vector<std::string>> events_waiting();
  // Lapses the waiting entries of an event that will offer nothing more.
  core::Task<void> end_line(std::string event_id, std::int64_t now);
  // The waiting entries of an event, grouped by ticket type and seats.
  core::Task<std::vector<WaitingGroup>> waiting_groups(std::string event_id);

  // An offered entry with what became of its hold (and an entry that left
  // while its offer was being made, whose hold is held: to be let go of).
  struct Offer {
    WaitlistEntry entry;
    std::string hold_status;  // pending, held, confirmed, expired, released, rejected, cancelled
    std::optional<std::int64_t> expires_at;
    std::optional<std::string> reason;
    std::optional<std::string> event_title;
  };
  core::Task<std::vector<Offer>> offers(int limit);

  // A waiting entry's offer: the hold made for it. False unless it was waiting.
  static bool mark_offered(db::Session& session, const std::string& id, const std::string& hold_id, std::int64_t now);
  static bool mark_notified(db::Session& session, const std::string& id, std::int64_t expires_at, std::int64_t now);
  // Moves an entry from `from` to `to`; false when it was not in `from`.
  static bool move(db::Session& session, const std::string& id, const std::string& from, const std::string& to,
                   std::int64_t now);
  core::Task<bool> move(std::string id, std::string from, std::string to, std::int64_t now);
  // Every waiting entry of the event lapses (it was cancelled).
  static void end_waiting(db::Session& session, const std::string& event_id, std::int64_t now);

 private:
  db::Database& db_;
};

}  // namespace eventbook::bookings
