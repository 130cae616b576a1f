#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/consumer.hpp"
#include "eventbook/bus/transport.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/server.hpp"
#include "eventbook/service/revocations.hpp"

#include <memory>
#include <optional>
#include <string>

namespace eventbook::notifications {

struct NotificationsConfig {
  std::string database_url;
  std::vector<auth::PublicKey> token_keys;  // the users service's public keys
  std::int64_t token_max_lifetime_seconds = auth::kDefaultMaxLifetimeSeconds;
  std::string smtp_url;  // empty: no e-mail, inbox only
  std::string mail_from = "eventbook <no-reply@eventbook.local>";
  // Where people open the site (https://tickets.example.org): links in mails.
  std::string public_url;
  int database_pool = 8;
  std::string queue = "eventbook.notifications";  // the durable queue it consumes
};

class NotificationStore;
class DeliveryWorker;
struct NotificationsContext;

// The per-user inbox and e-mail: turns facts from the bus into notifications.
class NotificationsService {
 public:
  NotificationsService(const NotificationsConfig& config, bus::Transport& transport);
  ~NotificationsService();

  void start();
  void stop();

  http::Router router();
  http::ServerOptions server_options(http::ServerOptions base) const;

 private:
  std::unique_ptr<db::Database> database_;
  bus::Transport& transport_;
  auth::Verifier verifier_;
  std::unique_ptr<NotificationStore> store_;
  std::unique_ptr<bus::Consumer> consumer_;
  std::unique_ptr<service::TokenRevocations> revocations_;
  std::unique_ptr<DeliveryWorker> delivery_;
  std::unique_ptr<NotificationsContext> context_;
};

std::vector<db::Migration> migrations();

}  // namespace eventbook::notifications
