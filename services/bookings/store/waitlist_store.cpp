#include "bookings/store/waitlist_store.hpp"

namespace eventbook::bookings {

namespace {

#define EVENTBOOK_WAITLIST_COLUMNS                                                                               \
  "w.id, w.event_id, w.user_id, w.seats, w.ticket_type_id, w.state, w.hold_id, w.offer_expires_at, w.notified, " \
  "w.created_at, w.updated_at"

constexpr const char* kInsert =
    "INSERT INTO waitlist (id, event_id, user_id, seats, ticket_type_id, state, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $6) ON CONFLICT DO NOTHING";

// The active entry first, else the latest.
constexpr const char* kOfUser =
    "SELECT " EVENTBOOK_WAITLIST_COLUMNS
    " FROM waitlist w WHERE w.event_id = $1 AND w.user_id = $2 "
    "ORDER BY CASE WHEN w.state IN ('waiting', 'offered') THEN 0 ELSE 1 END, w.created_at DESC, w.id DESC LIMIT 1";

constexpr const char* kAhead =
    "SELECT COUNT(*) FROM waitlist WHERE event_id = $1 AND state = 'waiting' "
    "AND (created_at < $2 OR (created_at = $2 AND id < $3))";

constexpr const char* kWaiting = "SELECT " EVENTBOOK_WAITLIST_COLUMNS
                                 " FROM waitlist w WHERE w.event_id = $1 AND w.state = 'waiting' "
                                 "ORDER BY w.created_at, w.id LIMIT $2";

constexpr const char* kList = "SELECT " EVENTBOOK_WAITLIST_COLUMNS
                              " FROM waitlist w WHERE w.event_id = $1 "
                              "ORDER BY w.created_at, w.id LIMIT $2 OFFSET $3";

constexpr const char* kCounts =
    "SELECT state, COUNT(*), COALESCE(SUM(seats), 0) FROM waitlist WHERE event_id = $1 GROUP BY state";

constexpr const char* kEventsWaiting = "SELECT DISTINCT event_id FROM waitlist WHERE state = 'waiting'";

// Waiting entries, and offers whose seats are still being asked for (they
// are owed those seats until their hold is made).
constexpr const char* kWaitingGroups =
    "SELECT w.ticket_type_id, w.seats, COUNT(*) FROM waitlist w LEFT JOIN bookings b ON b.id = w.hold_id "
    "WHERE w.event_id = $1 AND (w.state = 'waiting' OR (w.state = 'offered' AND b.status = 'pending')) "
    "GROUP BY w.ticket_type_id, w.seats";

constexpr const char* kOffers = "SELECT " EVENTBOOK_WAITLIST_COLUMNS
                                ", b.status, b.expires_at, b.reason, b.event_title "
                                "FROM waitlist w JOIN bookings b ON b.id = w.hold_id "
                                "WHERE w.state = 'offered' OR (w.state = 'left' AND b.status = 'held') LIMIT $1";

constexpr const char* kMarkOffered =
    "UPDATE waitlist SET state = 'offered', hold_id = $2, notified = 0, offer_expires_at = NULL, updated_at = $3 "
    "WHERE id = $1 AND state = 'waiting'";

constexpr const char* kMarkNotified =
    "UPDATE waitlist SET notified = 1, offer_expires_at = $2, updated_at = $3 "
    "WHERE id = $1 AND state = 'offered' AND notified = 0";

constexpr const char* kEndLine =
    "UPDATE waitlist SET state = 'lapsed', updated_at = $2 WHERE event_id = $1 AND state = 'waiting'";

constexpr const char* kMove = "UPDATE waitlist SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2";

constexpr const char* kEndWaiting =
    "UPDATE waitlist SET state = 'lapsed', updated_at = $2 WHERE event_id = $1 AND state = 'waiting'";

#undef EVENTBOOK_WAITLIST_COLUMNS

constexpr std::size_t kColumns = 11;

WaitlistEntry entry_from(const db::Row& row) {
  WaitlistEntry entry;
  entry.id = row.text(0);
  entry.event_id = row.text(1);
  entry.user_id = row.text(2);
  entry.seats = row.integer(3);
  entry.ticket_type_id = row.opt_text(4);
  entry.state = row.text(5);
  entry.hold_id = row.opt_text(6);
  entry.offer_expires_at = row.opt_integer(7);
  entry.notified = row.integer(8) != 0;
  entry.created_at = row.integer(9);
  entry.updated_at = row.integer(10);
  return entry;
}

std::vector<WaitlistEntry> entries_from(const db::Result& result) {
  std::vector<WaitlistEntry> entries;
  for (const auto& row : result.rows) entries.push_back(entry_from(row));
  return entries;
}

}  // namespace

core::Task<bool> WaitlistStore::insert(WaitlistEntry e) {
  db::Params params{e.id, e.event_id, e.user_id, e.seats, db::nullable(e.ticket_type_id), e.created_at};
  auto result = co_await db_.write(kInsert, std::move(params));
  co_return result.affected == 1;
}

core::Task<std::optional<WaitlistEntry>> WaitlistStore::of_user(std::string event_id, std::string user_id) {
  db::Params params{std::move(event_id), std::move(user_id)};
  auto result = co_await db_.query(kOfUser, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return entry_from(result.rows.front());
}

core::Task<std::optional<std::int64_t>> WaitlistStore::position(WaitlistEntry entry) {
  if (entry.state != "waiting") co_return std::nullopt;
  db::Params params{entry.event_id, entry.created_at, entry.id};
  auto result = co_await db_.query(kAhead, std::move(params));
  co_return result.rows.front().integer(0) + 1;
}

core::Task<std::vector<WaitlistEntry>> WaitlistStore::waiting(std::string event_id, int limit) {
  db::Params params{std::move(event_id), std::int64_t{limit}};
  auto result = co_await db_.query(kWaiting, std::move(params));
  co_return entries_from(result);
}

core::Task<std::vector<WaitlistEntry>> WaitlistStore::list(std::string event_id, int limit, int offset) {
  db::Params params{std::move(event_id), std::int64_t{limit}, std::int64_t{offset}};
  auto result = co_await db_.query(kList, std::move(params));
  co_return entries_from(result);
}

core::Task<WaitlistStore::Counts> WaitlistStore::counts(std::string event_id) {
  db::Params params{std::move(event_id)};
  auto result = co_await db_.query(kCounts, std::move(params));
  Counts counts;
  for (const auto& row : result.rows) {
    const auto& state = row.text(0);
    if (state == "waiting") {
      counts.waiting = row.integer(1);
      counts.waiting_seats = row.integer(2);
    } else if (state == "offered") {
      counts.offered = row.integer(1);
    } else if (state == "booked") {
      counts.booked = row.integer(1);
    } else if (state == "lapsed") {
      counts.lapsed = row.integer(1);
    }
  }
  co_return counts;
}

core::Task<std::vector<std::string>> WaitlistStore::events_waiting() {
  auto result = co_await db_.query(kEventsWaiting);
  std::vector<std::string> out;
  for (const auto& row : result.rows) out.push_back(row.text(0));
  co_return out;
}

core::Task<std::vector<WaitingGroup>> WaitlistStore::waiting_groups(std::string event_id) {
  db::Params params{std::move(event_id)};
  auto result = co_await db_.query(kWaitingGroups, std::move(params));
  std::vector<WaitingGroup> out;
  for (const auto& row : result.rows) out.push_back({row.opt_text(0), row.integer(1), row.integer(2)});
  co_return out;
}

core::Task<std::vector<WaitlistStore::Offer>> WaitlistStore::offers(int limit) {
  db::Params params{std::int64_t{limit}};
  auto result = co_await db_.query(kOffers, std::move(params));
  std::vector<Offer> out;
  for (const auto& row : result.rows) {
    out.push_back({entry_from(row), row.text(kColumns), row.opt_integer(kColumns + 1), row.opt_text(kColumns + 2),
                   row.opt_text(kColumns + 3)});
  }
  co_return out;
}

core::Task<void> WaitlistStore::end_line(std::string event_id, std::int64_t now) {
  db::Params params{std::move(event_id), now};
  co_await db_.write(kEndLine, std::move(params));
}

bool WaitlistStore::mark_offered(db::Session& session, const std::string& id, const std::string& hold_id,
                                 std::int64_t now) {
  return session.exec(kMarkOffered, {id, hold_id, now}).affected == 1;
}

bool WaitlistStore::mark_notified(db::Session& session, const std::string& id, std::int64_t expires_at,
                                  std::int64_t now) {
  return session.exec(kMarkNotified, {id, expires_at, now}).affected == 1;
}

bool WaitlistStore::move(db::Session& session, const std::string& id, const std::string& from, const std::string& to,
                         std::int64_t now) {
  return session.exec(kMove, {id, from, to, now}).affected == 1;
}

void WaitlistStore::end_waiting(db::Session& session, const std::string& event_id, std::int64_t now) {
  session.exec(kEndWaiting, {event_id, now});
}

core::Task<bool> WaitlistStore::move(std::string id, std::string from, std::string to, std::int64_t now) {
  db::Params params{std::move(id), std::move(from), std::move(to), now};
  auto result = co_await db_.write(kMove, std::move(params));
  co_return result.affected == 1;
}

}  // namespace eventbook::bookings
