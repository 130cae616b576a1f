#include "notifications/store/notification_store.hpp"

#include "eventbook/core/clock.hpp"
#include "notifications/store/sql.hpp"

namespace eventbook::notifications {

namespace {

Notification notification_from(const db::Row& row, const std::string& user_id) {
  return Notification{row.text(0), user_id,          row.text(1), row.text(2), row.text(3),
                      row.text(4), {},               row.integer(5), row.opt_integer(6)};
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
                                      d.html_body, core::now_ms()});
}

}  // namespace apply

std::vector<Notification> NotificationStore::list(const std::string& user_id, int limit,
                                                  const std::optional<std::string>& before, bool unread_only) {
  std::int64_t unread = unread_only ? 1 : 0;
  auto result = before ? db_.exec(sql::kListAfter, {user_id, std::int64_t{limit}, unread, *before})
                       : db_.exec(sql::kListFirst, {user_id, std::int64_t{limit}, unread});
  std::vector<Notification> items;
  items.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    items.push_back(notification_from(row, user_id));
  }
  return items;
}

std::int64_t NotificationStore::unread_count(const std::string& user_id) {
  return db_.exec(sql::kUnreadCount, {user_id}).rows.at(0).integer(0);
}

std::optional<Notification> NotificationStore::find(const std::string& user_id, const std::string& id) {
  auto result = db_.exec(sql::kFindOne, {id, user_id});
  if (result.empty()) {
    return std::nullopt;
  }
  return notification_from(result.rows[0], user_id);
}

bool NotificationStore::mark_read(const std::string& user_id, const std::string& id) {
  return db_.exec(sql::kMarkRead, {id, user_id, core::now_ms()}).affected == 1;
}

std::int64_t NotificationStore::mark_all_read(const std::string& user_id) {
  return db_.exec(sql::kMarkAllRead, {user_id, core::now_ms()}).affected;
}

std::vector<Delivery> NotificationStore::due_deliveries(std::int64_t now, int limit) {
  std::vector<Delivery> due;
  for (const auto& row : db_.exec(sql::kDueDeliveries, {now, std::int64_t{limit}}).rows) {
    due.push_back(Delivery{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6),
                           row.integer(7)});
  }
  return due;
}

bool NotificationStore::claim_delivery(const std::string& id) {
  return db_.exec(sql::kClaimDelivery, {id}).affected == 1;
}

void NotificationStore::delivery_sent(const std::string& id) { db_.exec(sql::kDeliverySent, {id, core::now_ms()}); }

void NotificationStore::delivery_retry(const std::string& id, std::int64_t next_attempt_at, const std::string& error) {
  db_.exec(sql::kDeliveryRetry, {id, next_attempt_at, error});
}

void NotificationStore::delivery_failed(const std::string& id, const std::string& error) {
  db_.exec(sql::kDeliveryFailed, {id, error});
}

std::int64_t NotificationStore::mark_in_doubt() { return db_.exec(sql::kDeliveriesInDoubt).affected; }

std::vector<std::pair<std::string, std::int64_t>> NotificationStore::delivery_counts() {
  std::vector<std::pair<std::string, std::int64_t>> counts;
  for (const auto& row : db_.exec(sql::kDeliveryCounts).rows) {
    counts.emplace_back(row.text(0), row.integer(1));
  }
  return counts;
}

}  // namespace eventbook::notifications
