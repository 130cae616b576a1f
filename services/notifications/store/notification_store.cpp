#include "notifications/store/notification_store.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "notifications/store/sql.hpp"

#include <boost/json/parse.hpp>

namespace eventbook::notifications {

namespace {

std::string qr_codes_json(const std::vector<MailQrCode>& codes) {
  boost::json::array list;
  for (const auto& code : codes) {
    list.push_back(boost::json::object{{"contentId", code.content_id}, {"text", code.text}});
  }
  return core::to_json(list);
}

// The column holds only what qr_codes_json wrote.
std::vector<MailQrCode> qr_codes_from_json(const std::string& text) {
  std::vector<MailQrCode> codes;
  auto list = boost::json::parse(text);
  for (const auto& entry : list.as_array()) {
    const auto& code = entry.as_object();
    codes.push_back(
        MailQrCode{std::string(code.at("contentId").as_string()), std::string(code.at("text").as_string())});
  }
  return codes;
}

Notification notification_from(const db::Row& row, const std::string& user_id) {
  return Notification{row.text(0), user_id, row.text(1),    row.text(2),       row.text(3),
                      row.text(4), {},      row.integer(5), row.opt_integer(6)};
}

}  // namespace

namespace apply {

void upsert_recipient(db::Session& session, const std::string& user_id, const std::string& username,
                      const std::string& email) {
  session.exec(sql::kUpsertRecipient, {user_id, username, email, core::now_ms()});
}

std::optional<Recipient> find_recipient(db::Session& session, const std::string& user_id) {
  auto result = session.exec(sql::kFindRecipient, {user_id});
  if (result.empty()) {
    return std::nullopt;
  }
  return Recipient{result.rows[0].text(0), result.rows[0].text(1)};
}

void record_attendance(db::Session& session, const std::string& booking_id, const std::string& event_id,
                       const std::string& user_id, bool active) {
  session.exec(sql::kUpsertAttendance, {booking_id, event_id, user_id, std::int64_t{active ? 1 : 0}});
}

std::vector<std::string> attendees(db::Session& session, const std::string& event_id) {
  std::vector<std::string> users;
  for (const auto& row : session.exec(sql::kAttendees, {event_id}).rows) {
    users.push_back(row.text(0));
  }
  return users;
}

void end_attendance(db::Session& session, const std::string& event_id) {
  session.exec(sql::kEndAttendance, {event_id});
}

void insert_notification(db::Session& session, const Notification& n) {
  session.exec(sql::kInsertNotification,
               {n.id, n.user_id, n.type, n.title, n.body, n.data, n.message_id, n.created_at});
}

void insert_delivery(db::Session& session, const Delivery& d) {
  session.exec(sql::kInsertDelivery, {d.id, d.notification_id, d.recipient, d.recipient_name, d.subject, d.text_body,
                                      d.html_body, qr_codes_json(d.qr_codes), core::now_ms()});
}

}  // namespace apply

core::Task<std::vector<Notification>> NotificationStore::list(std::string user_id, int limit,
                                                              std::optional<std::string> before, bool unread_only) {
  db::Params params{user_id, std::int64_t{limit}, std::int64_t{unread_only ? 1 : 0}};
  if (before) params.push_back(*before);
  const char* statement = before ? sql::kListAfter : sql::kListFirst;
  auto result = co_await db_.query(statement, std::move(params));
  std::vector<Notification> items;
  items.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    items.push_back(notification_from(row, user_id));
  }
  co_return items;
}

core::Task<std::int64_t> NotificationStore::unread_count(std::string user_id) {
  db::Params params{std::move(user_id)};
  auto result = co_await db_.query(sql::kUnreadCount, std::move(params));
  co_return result.rows.at(0).integer(0);
}

core::Task<std::optional<Notification>> NotificationStore::find(std::string user_id, std::string id) {
  db::Params params{std::move(id), user_id};
  auto result = co_await db_.query(sql::kFindOne, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return notification_from(result.rows[0], user_id);
}

core::Task<bool> NotificationStore::mark_read(std::string user_id, std::string id) {
  db::Params params{std::move(id), std::move(user_id), core::now_ms()};
  auto result = co_await db_.write(sql::kMarkRead, std::move(params));
  co_return result.affected == 1;
}

core::Task<std::int64_t> NotificationStore::mark_all_read(std::string user_id) {
  db::Params params{std::move(user_id), core::now_ms()};
  auto result = co_await db_.write(sql::kMarkAllRead, std::move(params));
  co_return result.affected;
}

core::Task<std::vector<Delivery>> NotificationStore::due_deliveries(std::int64_t now, int limit) {
  db::Params params{now, std::int64_t{limit}};
  std::vector<Delivery> due;
  auto result = co_await db_.query(sql::kDueDeliveries, std::move(params));
  for (const auto& row : result.rows) {
    due.push_back(Delivery{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6),
                           row.integer(7), qr_codes_from_json(row.text(8))});
  }
  co_return due;
}

core::Task<bool> NotificationStore::claim_delivery(std::string id) {
  db::Params params{std::move(id)};
  auto result = co_await db_.write(sql::kClaimDelivery, std::move(params));
  co_return result.affected == 1;
}

core::Task<void> NotificationStore::delivery_sent(std::string id) {
  db::Params params{std::move(id), core::now_ms()};
  co_await db_.write(sql::kDeliverySent, std::move(params));
}

core::Task<void> NotificationStore::delivery_retry(std::string id, std::int64_t next_attempt_at, std::string error) {
  db::Params params{std::move(id), next_attempt_at, std::move(error)};
  co_await db_.write(sql::kDeliveryRetry, std::move(params));
}

core::Task<void> NotificationStore::delivery_failed(std::string id, std::string error) {
  db::Params params{std::move(id), std::move(error)};
  co_await db_.write(sql::kDeliveryFailed, std::move(params));
}

core::Task<std::int64_t> NotificationStore::mark_in_doubt() {
  auto result = co_await db_.write(sql::kDeliveriesInDoubt);
  co_return result.affected;
}

core::Task<std::vector<std::pair<std::string, std::int64_t>>> NotificationStore::delivery_counts() {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  auto result = co_await db_.query(sql::kDeliveryCounts);
  for (const auto& row : result.rows) {
    counts.emplace_back(row.text(0), row.integer(1));
  }
  co_return counts;
}

}  // namespace eventbook::notifications
