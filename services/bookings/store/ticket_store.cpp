#include "bookings/store/ticket_store.hpp"

#include "bookings/store/ticket_sql.hpp"

namespace eventbook::bookings {

namespace {

Ticket ticket_from(const db::Row& row) {
  Ticket t;
  t.id = row.text(0);
  t.booking_id = row.text(1);
  t.event_id = row.text(2);
  t.seat_no = row.integer(3);
  t.ticket_type_id = row.opt_text(4);
  t.ticket_type_name = row.text(5);
  t.code = row.text(6);
  auto name = row.opt_text(7);
  auto email = row.opt_text(8);
  if (name) t.attendee = Attendee{*name, email.value_or("")};
  t.status = row.text(9);
  if (auto at = row.opt_integer(10))
    t.check_in = CheckIn{*at, row.opt_text(11).value_or(""), row.opt_text(12).value_or("")};
  t.created_at = row.integer(13);
  return t;
}

std::vector<Ticket> tickets_from(const db::Result& result) {
  std::vector<Ticket> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(ticket_from(row));
  return out;
}

StaffMember staff_from(const db::Row& row) {
  return {row.text(0),     row.text(1),     row.text(2), row.text(3),
          row.opt_text(4), row.opt_text(5), row.text(6), row.integer(7)};
}

std::vector<StaffMember> staff_list(const db::Result& result) {
  std::vector<StaffMember> out;
  for (const auto& row : result.rows) out.push_back(staff_from(row));
  return out;
}

// "($1, ..., $10), ($11, ..., $20), ..." for `rows` rows.
std::string values_for(std::size_t rows) {
  std::string values;
  int n = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    values += row == 0 ? "(" : ", (";
    for (int column = 0; column < sql::kTicketInsertColumns; ++column) {
      values += (column == 0 ? "$" : ", $") + std::to_string(++n);
    }
    values += ")";
  }
  return values;
}

}  // namespace

void TicketStore::insert(db::Session& session, const std::vector<Ticket>& tickets) {
  if (tickets.empty()) return;
  db::Params params;
  params.reserve(tickets.size() * sql::kTicketInsertColumns);
  for (const auto& t : tickets) {
    params.push_back(t.id);
    params.push_back(t.booking_id);
    params.push_back(t.event_id);
    params.push_back(t.seat_no);
    params.push_back(db::nullable(t.ticket_type_id));
    params.push_back(t.ticket_type_name);
    params.push_back(t.code);
    params.push_back(t.attendee ? db::Param(t.attendee->name) : db::Param(nullptr));
    params.push_back(t.attendee ? db::Param(t.attendee->email) : db::Param(nullptr));
    params.push_back(t.created_at);
  }
  session.exec(std::string(sql::kInsertTicketsHead) + values_for(tickets.size()), params);
}

void TicketStore::void_of_booking(db::Session& session, const std::string& booking_id) {
  session.exec(sql::kVoidTickets, {booking_id});
}

bool TicketStore::mark_issued(db::Session& session, const std::string& booking_id, const std::string& first_code) {
  return session.exec(sql::kMarkTicketsIssued, {booking_id, first_code}).affected == 1;
}

core::Task<std::vector<std::string>> TicketStore::without_tickets(int limit) {
  db::Params params{std::int64_t{limit}};
  auto result = co_await db_.query(sql::kWithoutTickets, std::move(params));
  std::vector<std::string> ids;
  for (const auto& row : result.rows) ids.push_back(row.text(0));
  co_return ids;
}

core::Task<std::vector<Ticket>> TicketStore::of_booking(std::string booking_id) {
  db::Params params{std::move(booking_id)};
  auto result = co_await db_.query(sql::kTicketsOfBooking, std::move(params));
  co_return tickets_from(result);
}

core::Task<std::optional<Ticket>> TicketStore::find(std::string id) {
  db::Params params{std::move(id)};
  auto result = co_await db_.query(sql::kFindTicket, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return ticket_from(result.rows[0]);
}

core::Task<std::optional<Ticket>> TicketStore::find_by_code(std::string code) {
  db::Params params{std::move(code)};
  auto result = co_await db_.query(sql::kFindTicketByCode, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return ticket_from(result.rows[0]);
}

core::Task<bool> TicketStore::check_in(std::string ticket_id, CheckIn check_in) {
  co_return co_await db_.transaction([&](db::Session& session) {
    return session.exec(sql::kCheckIn, {ticket_id, check_in.at, check_in.by, check_in.label}).affected == 1;
  });
}

core::Task<void> TicketStore::undo_check_in(std::string ticket_id) {
  co_await db_.transaction([&](db::Session& session) { session.exec(sql::kUndoCheckIn, {ticket_id}); });
}

core::Task<std::vector<CheckInCount>> TicketStore::check_in_counts(std::string event_id) {
  db::Params params{std::move(event_id)};
  auto result = co_await db_.query(sql::kCheckInStats, std::move(params));
  std::vector<CheckInCount> counts;
  for (const auto& row : result.rows) {
    counts.push_back({row.opt_text(0), row.text(1), row.integer(2), row.integer(3)});
  }
  co_return counts;
}

core::Task<std::vector<AttendeeRow>> TicketStore::attendees(std::string event_id, int limit,
                                                            std::optional<std::string> after) {
  db::Params params{std::move(event_id), std::int64_t{limit}};
  if (after) params.push_back(*after);
  auto result = co_await db_.query(after ? sql::kAttendeesAfter : sql::kAttendeesFirst, std::move(params));
  std::vector<AttendeeRow> rows;
  rows.reserve(result.rows.size());
  for (const auto& row : result.rows) rows.push_back({ticket_from(row), row.text(14), row.text(15)});
  co_return rows;
}

core::Task<bool> TicketStore::add_staff(StaffMember m) {
  co_return co_await db_.transaction([&](db::Session& session) {
    return session
               .exec(sql::kAddStaff, {m.event_id, m.user_id, m.email, m.username, db::nullable(m.event_title),
                                      db::nullable(m.event_date), m.added_by, m.added_at})
               .affected == 1;
  });
}

core::Task<std::optional<StaffMember>> TicketStore::find_staff(std::string event_id, std::string user_id) {
  db::Params params{std::move(event_id), std::move(user_id)};
  auto result = co_await db_.query(sql::kFindStaff, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return staff_from(result.rows[0]);
}

core::Task<std::vector<StaffMember>> TicketStore::staff_of(std::string event_id) {
  db::Params params{std::move(event_id)};
  auto result = co_await db_.query(sql::kStaffOfEvent, std::move(params));
  co_return staff_list(result);
}

core::Task<std::int64_t> TicketStore::count_staff(std::string event_id) {
  db::Params params{std::move(event_id)};
  auto result = co_await db_.query(sql::kCountStaff, std::move(params));
  co_return result.rows.at(0).integer(0);
}

core::Task<bool> TicketStore::remove_staff(std::string event_id, std::string user_id) {
  co_return co_await db_.transaction([&](db::Session& session) {
    return session.exec(sql::kRemoveStaff, {event_id, user_id}).affected == 1;
  });
}

core::Task<std::vector<StaffMember>> TicketStore::events_of_staff(std::string user_id, int limit) {
  db::Params params{std::move(user_id), std::int64_t{limit}};
  auto result = co_await db_.query(sql::kEventsOfStaff, std::move(params));
  co_return staff_list(result);
}

}  // namespace eventbook::bookings
