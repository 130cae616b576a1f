#pragma once

#include "bookings/domain/booking.hpp"
#include "eventbook/db/database.hpp"

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::bookings {

class BookingStore {
 public:
  explicit BookingStore(db::Database& database) : db_(database) {}

  // Inserts a pending booking without waiting: once durable, done gets false
  // when the user already has a booking under this idempotency key, or the
  // error (see db::Database::transaction_async).
  void insert_pending_async(const Booking& booking, std::function<void(std::exception_ptr, bool)> done);
  std::optional<Booking> find(const std::string& id);
  std::optional<Booking> find_by_key(const std::string& user_id, const std::string& key);

  static bool settle(db::Session& session, const Booking& booking);
  static bool cancel(db::Session& session, const std::string& id, const std::string& reason, std::int64_t now);
  static std::vector<Booking> confirmed_of_event(db::Session& session, const std::string& event_id);
  void mark_released(const std::string& id);

  std::vector<Booking> list_mine(const std::string& user_id, int limit, const std::optional<std::string>& before);
  // organizer_id empty: every booking of the event (for admins).
  std::vector<Booking> list_event(const std::string& event_id, const std::string& organizer_id, int limit,
                                  const std::optional<std::string>& before);

  std::vector<Booking> pending_older_than(std::int64_t created_before, int limit);
  std::vector<Booking> unreleased(int limit);

  struct StatusCount {
    std::string status;
    std::int64_t bookings;
    std::int64_t seats;
  };
  std::vector<StatusCount> status_counts();

 private:
  db::Database& db_;
};

}  // namespace eventbook::bookings
