#pragma once

#include "eventbook/db/database.hpp"
#include "notifications/domain/messages.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::notifications {

struct Recipient {
  std::string username;
  std::string email;
};

struct Notification {
  std::string id;
  std::string user_id;
  std::string type;
  std::string title;
  std::string body;
  std::string data;  // JSON object text
  std::string message_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> read_at;
};

struct Delivery {
  std::string id;
  std::string notification_id;
  std::string recipient;
  std::string recipient_name;
  std::string subject;
  std::string text_body;
  std::string html_body;
  std::int64_t attempts = 0;
  std::vector<MailQrCode> qr_codes;  // shown by html_body
};

// Writes made while applying a bus message, inside its transaction.
namespace apply {
void upsert_recipient(db::Session& session, const std::string& user_id, const std::string& username,
                      const std::string& email);
std::optional<Recipient> find_recipient(db::Session& session, const std::string& user_id);
void record_attendance(db::Session& session, const std::string& booking_id, const std::string& event_id,
                       const std::string& user_id, bool active);
std::vector<std::string> attendees(db::Session& session, const std::string& event_id);
void end_attendance(db::Session& session, const std::string& event_id);
void insert_notification(db::Session& session, const Notification& notification);
void insert_delivery(db::Session& session, const Delivery& delivery);
}  // namespace apply

class NotificationStore {
 public:
  explicit NotificationStore(db::Database& database) : db_(database) {}

  // Newest first; `before` is the id of the last item of the previous page.
  core::Task<std::vector<Notification>> list(std::string user_id, int limit, std::optional<std::string> before,
                                             bool unread_only);
  core::Task<std::int64_t> unread_count(std::string user_id);
  core::Task<std::optional<Notification>> find(std::string user_id, std::string id);
  // Whether it was unread before.
  core::Task<bool> mark_read(std::string user_id, std::string id);
  core::Task<std::int64_t> mark_all_read(std::string user_id);

  // The e-mail delivery log.
  core::Task<std::vector<Delivery>> due_deliveries(std::int64_t now, int limit);
  core::Task<bool> claim_delivery(std::string id);
  core::Task<void> delivery_sent(std::string id);
  core::Task<void> delivery_retry(std::string id, std::int64_t next_attempt_at, std::string error);
  core::Task<void> delivery_failed(std::string id, std::string error);
  core::Task<std::int64_t> mark_in_doubt();
  core::Task<std::vector<std::pair<std::string, std::int64_t>>> delivery_counts();

 private:
  db::Database& db_;
};

}  // namespace eventbook::notifications
