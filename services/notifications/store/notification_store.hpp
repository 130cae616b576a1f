#pragma once

#include "eventbook/db/database.hpp"

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
  std::vector<Notification> list(const std::string& user_id, int limit, const std::optional<std::string>& before,
                                 bool unread_only);
  std::int64_t unread_count(const std::string& user_id);
  std::optional<Notification> find(const std::string& user_id, const std::string& id);
  // Whether it was unread before.
  bool mark_read(const std::string& user_id, const std::string& id);
  std::int64_t mark_all_read(const std::string& user_id);

  // The e-mail delivery log.
  std::vector<Delivery> due_deliveries(std::int64_t now, int limit);
  bool claim_delivery(const std::string& id);
  void delivery_sent(const std::string& id);
  void delivery_retry(const std::string& id, std::int64_t next_attempt_at, const std::string& error);
  void delivery_failed(const std::string& id, const std::string& error);
  std::int64_t mark_in_doubt();
  std::vector<std::pair<std::string, std::int64_t>> delivery_counts();

 private:
  db::Database& db_;
};

}  // namespace eventbook::notifications
