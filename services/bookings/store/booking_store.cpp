#include "bookings/store/booking_store.hpp"

#include "bookings/store/sql.hpp"
#include "eventbook/core/json.hpp"

#include <boost/json/parse.hpp>

namespace eventbook::bookings {

namespace {

Booking booking_from(const db::Row& row) {
  Booking b;
  b.id = row.text(0);
  b.user_id = row.text(1);
  b.event_id = row.text(2);
  b.seats = row.integer(3);
  b.status = row.text(4);
  b.reason = row.opt_text(5);
  b.idempotency_key = row.opt_text(6);
  b.event_title = row.opt_text(7);
  b.event_date = row.opt_text(8);
  b.event_location = row.opt_text(9);
  b.organizer_id = row.opt_text(10);
  b.ticket_code = row.opt_text(11);
  b.seats_released = row.integer(12) != 0;
  b.created_at = row.integer(13);
  b.updated_at = row.integer(14);
  if (auto items = row.opt_text(15)) b.items = lines_from_json(boost::json::parse(*items));
  auto currency = row.opt_text(16);
  auto total = row.opt_integer(17);
  auto discount = row.opt_integer(18);
  if (currency && total) b.total = core::Money{*total, *currency};
  if (currency && discount) b.discount = core::Money{*discount, *currency};
  b.payment_status = row.text(19);
  b.refused_type_id = row.opt_text(20);
  b.promo_code = row.opt_text(21);
  b.hold = row.integer(22) != 0;
  b.expires_at = row.opt_integer(23);
  b.require_attendees = row.integer(24) != 0;
  if (auto attendees = row.opt_text(25)) b.attendees = attendees_from_json(boost::json::parse(*attendees));
  b.asked_items = row.integer(26) != 0;
  b.opens_at = row.opt_integer(27);
  b.queue_pass = row.integer(28) != 0;
  b.waitlist_offer = row.integer(29) != 0;
  return b;
}

std::vector<Booking> bookings_from(const db::Result& result) {
  std::vector<Booking> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(booking_from(row));
  return out;
}

std::optional<Booking> first(const db::Result& result) {
  if (result.empty()) return std::nullopt;
  return booking_from(result.rows[0]);
}

db::Param items_param(const std::vector<BookingLine>& items) {
  return items.empty() ? db::Param(nullptr) : db::Param(core::to_json(lines_json(items)));
}

db::Params pending_params(const Booking& b) {
  return {b.id,
          b.user_id,
          b.event_id,
          b.seats,
          db::nullable(b.idempotency_key),
          b.created_at,
          items_param(b.items),
          db::nullable(b.promo_code),
          std::int64_t{b.hold ? 1 : 0},
          std::int64_t{b.asked_items ? 1 : 0},
          std::int64_t{b.queue_pass ? 1 : 0},
          std::int64_t{b.waitlist_offer ? 1 : 0}};
}

}  // namespace

core::Task<bool> BookingStore::insert_pending(const Booking& b) {
  co_return co_await db_.transaction([&](db::Session& session) { return insert_pending(session, b); });
}

bool BookingStore::insert_pending(db::Session& session, const Booking& b) {
  return session.exec(sql::kInsertPending, pending_params(b)).affected == 1;
}

core::Task<bool> BookingStore::has_passed_booking(std::string user_id, std::string event_id) {
  db::Params params{std::move(user_id), std::move(event_id)};
  auto result = co_await db_.query(sql::kPassedBooking, std::move(params));
  co_return !result.empty();
}

core::Task<std::optional<Booking>> BookingStore::find(std::string id) {
  db::Params params{std::move(id)};
  auto result = co_await db_.query(sql::kFindBooking, std::move(params));
  co_return first(result);
}

core::Task<std::optional<Booking>> BookingStore::find_by_key(std::string user_id, std::string key) {
  db::Params params{std::move(user_id), std::move(key)};
  auto result = co_await db_.query(sql::kFindByKey, std::move(params));
  co_return first(result);
}

bool BookingStore::settle(db::Session& session, const Booking& b) {
  return session
             .exec(sql::kSettle,
                   {b.id, b.status, db::nullable(b.reason), db::nullable(b.event_title), db::nullable(b.event_date),
                    db::nullable(b.event_location), db::nullable(b.organizer_id), db::nullable(b.ticket_code),
                    b.updated_at, items_param(b.items), b.total ? db::Param(b.total->currency) : db::Param(nullptr),
                    b.total ? db::Param(b.total->minor) : db::Param(nullptr),
                    b.discount ? db::Param(b.discount->minor) : db::Param(nullptr), b.payment_status,
                    db::nullable(b.refused_type_id), db::nullable(b.expires_at),
                    std::int64_t{b.require_attendees ? 1 : 0}, db::nullable(b.opens_at)})
             .affected == 1;
}

bool BookingStore::cancel(db::Session& session, const std::string& id, const std::string& reason, std::int64_t now) {
  return session.exec(sql::kCancel, {id, reason, now}).affected == 1;
}

std::vector<Booking> BookingStore::confirmed_of_event(db::Session& session, const std::string& event_id) {
  return bookings_from(session.exec(sql::kConfirmedOfEvent, {event_id}));
}

core::Task<bool> BookingStore::set_payment_status(std::string id, std::string status, std::int64_t now) {
  co_return co_await db_.transaction([&](db::Session& session) {
    return session.exec(sql::kSetPaymentStatus, {id, status, now}).affected == 1;
  });
}

bool BookingStore::confirm_hold(db::Session& session, const Booking& confirmed) {
  auto attendees =
      confirmed.attendees.empty() ? db::Param(nullptr) : db::Param(core::to_json(attendees_json(confirmed.attendees)));
  return session
             .exec(sql::kConfirmHold,
                   {confirmed.id, db::nullable(confirmed.ticket_code), confirmed.updated_at, std::move(attendees)})
             .affected == 1;
}

bool BookingStore::let_go_of_hold(db::Session& session, const std::string& id, std::int64_t now) {
  return session.exec(sql::kLetGoOfHold, {id, now}).affected == 1;
}

void BookingStore::let_go_of_holds_of_event(db::Session& session, const std::string& event_id, std::int64_t now) {
  session.exec(sql::kLetGoOfHoldsOfEvent, {event_id, now});
}

core::Task<int> BookingStore::expire_holds(std::int64_t now, int limit) {
  co_return co_await db_.transaction([&](db::Session& session) {
    return static_cast<int>(session.exec(sql::kExpireHolds, {now, std::int64_t{limit}}).affected);
  });
}

core::Task<void> BookingStore::mark_released(std::string id) {
  co_await db_.transaction([&](db::Session& session) { session.exec(sql::kMarkReleased, {id}); });
}

core::Task<std::vector<Booking>> BookingStore::list_mine(std::string user_id, int limit,
                                                         std::optional<std::string> before) {
  db::Params params{std::move(user_id), std::int64_t{limit}};
  if (before) params.push_back(*before);
  const char* statement = before ? sql::kListMineAfter : sql::kListMineFirst;
  auto result = co_await db_.query(statement, std::move(params));
  co_return bookings_from(result);
}

core::Task<std::vector<Booking>> BookingStore::list_event(std::string event_id, std::string organizer_id, int limit,
                                                          std::optional<std::string> before) {
  db::Params params{std::move(event_id), std::move(organizer_id), std::int64_t{limit}};
  if (before) params.push_back(*before);
  const char* statement = before ? sql::kListEventAfter : sql::kListEventFirst;
  auto result = co_await db_.query(statement, std::move(params));
  co_return bookings_from(result);
}

core::Task<std::vector<Booking>> BookingStore::pending_older_than(std::int64_t created_before, int limit) {
  db::Params params{created_before, std::int64_t{limit}};
  auto result = co_await db_.query(sql::kPendingOlderThan, std::move(params));
  co_return bookings_from(result);
}

core::Task<std::vector<Booking>> BookingStore::unreleased(int limit) {
  db::Params params{std::int64_t{limit}};
  auto result = co_await db_.query(sql::kUnreleased, std::move(params));
  co_return bookings_from(result);
}

core::Task<std::vector<BookingStore::StatusCount>> BookingStore::status_counts() {
  std::vector<StatusCount> counts;
  auto result = co_await db_.query(sql::kStatusCounts);
  for (const auto& row : result.rows) {
    counts.push_back({row.text(0), row.integer(1), row.opt_integer(2).value_or(0)});
  }
  co_return counts;
}

}  // namespace eventbook::bookings
