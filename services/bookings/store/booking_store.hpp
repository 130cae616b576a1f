#pragma once

#include "bookings/domain/booking.hpp"
#include "eventbook/db/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::bookings {

class BookingStore {
 public:
  explicit BookingStore(db::Database& database) : db_(database) {}

  // Inserts a pending booking; once that is durable, returns false when the
  // user already has a booking under its idempotency key.
  core::Task<bool> insert_pending(const Booking& booking);
  static bool insert_pending(db::Session& session, const Booking& booking);
  core::Task<std::optional<Booking>> find(std::string id);
  core::Task<std::optional<Booking>> find_by_key(std::string user_id, std::string key);
  // Whether the user has a booking or hold of the event, standing or being
  // made, that was let through by a waiting room's pass.
  core::Task<bool> has_passed_booking(std::string user_id, std::string event_id);

  static bool settle(db::Session& session, const Booking& booking);
  static bool cancel(db::Session& session, const std::string& id, const std::string& reason, std::int64_t now);
  static std::vector<Booking> confirmed_of_event(db::Session& session, const std::string& event_id);
  core::Task<void> mark_released(std::string id);
  // Holds: confirmed only while held and before expiry (false otherwise);
  // let go of by the owner while held; expired, up to `limit` at a time, once
  // past expiry (returns how many). Each hold ends one way only.
  // (as `confirmed` says: its ticket code, attendees, time)
  static bool confirm_hold(db::Session& session, const Booking& confirmed);
  static bool let_go_of_hold(db::Session& session, const std::string& id, std::int64_t now);
  static void let_go_of_holds_of_event(db::Session& session, const std::string& event_id, std::int64_t now);
  core::Task<int> expire_holds(std::int64_t now, int limit);
  // False when the booking is not confirmed or has nothing to pay.
  core::Task<bool> set_payment_status(std::string id, std::string status, std::int64_t now);

  core::Task<std::vector<Booking>> list_mine(std::string user_id, int limit, std::optional<std::string> before);
  // organizer_id empty: every booking of the event (for admins).
  core::Task<std::vector<Booking>> list_event(std::string event_id, std::string organizer_id, int limit,
                                              std::optional<std::string> before);

  core::Task<std::vector<Booking>> pending_older_than(std::int64_t created_before, int limit);
  core::Task<std::vector<Booking>> unreleased(int limit);

  struct StatusCount {
    std::string status;
    std::int64_t bookings;
    std::int64_t seats;
  };
  core::Task<std::vector<StatusCount>> status_counts();

 private:
  db::Database& db_;
};

}  // namespace eventbook::bookings
