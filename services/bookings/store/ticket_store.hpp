#pragma once

#include "bookings/domain/ticket.hpp"
#include "eventbook/db/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::bookings {

// A door staff member of an event.
struct StaffMember {
  std::string event_id;
  std::string user_id;
  std::string email;
  std::string username;
  std::optional<std::string> event_title;
  std::optional<std::string> event_date;
  std::string added_by;
  std::int64_t added_at = 0;
};

// Admitted and total valid tickets of one ticket type.
struct CheckInCount {
  std::optional<std::string> ticket_type_id;
  std::string ticket_type_name;
  std::int64_t admitted = 0;
  std::int64_t total = 0;
};

// Tickets, their check-ins, and door staff.
class TicketStore {
 public:
  explicit TicketStore(db::Database& database) : db_(database) {}

  // In the transaction that confirms their booking.
  static void insert(db::Session& session, const std::vector<Ticket>& tickets);
  // In the transaction that cancels their booking.
  static void void_of_booking(db::Session& session, const std::string& booking_id);

  core::Task<std::vector<Ticket>> of_booking(std::string booking_id);
  core::Task<std::optional<Ticket>> find(std::string id);
  core::Task<std::optional<Ticket>> find_by_code(std::string code);

  // Confirmed bookings without tickets yet (confirmed before tickets
  // existed, or by a replica of the release before), up to `limit`.
  core::Task<std::vector<std::string>> without_tickets(int limit);
  // Records that a confirmed booking's tickets are written, its ticketCode
  // the first one's; false when they were already (or it is no longer confirmed).
  static bool mark_issued(db::Session& session, const std::string& booking_id, const std::string& first_code);

  // False when the ticket is void or was checked in already.
  core::Task<bool> check_in(std::string ticket_id, CheckIn check_in);
  core::Task<void> undo_check_in(std::string ticket_id);
  core::Task<std::vector<CheckInCount>> check_in_counts(std::string event_id);
  core::Task<std::vector<AttendeeRow>> attendees(std::string event_id, int limit, std::optional<std::string> after);

  // False when the account was staff of the event already.
  core::Task<bool> add_staff(StaffMember member);
  core::Task<std::optional<StaffMember>> find_staff(std::string event_id, std::string user_id);
  core::Task<std::vector<StaffMember>> staff_of(std::string event_id);
  core::Task<std::int64_t> count_staff(std::string event_id);
  core::Task<bool> remove_staff(std::string event_id, std::string user_id);
  core::Task<std::vector<StaffMember>> events_of_staff(std::string user_id, int limit);

 private:
  db::Database& db_;
};

}  // namespace eventbook::bookings
