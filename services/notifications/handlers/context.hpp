#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/http/message.hpp"
#include "notifications/store/notification_store.hpp"

namespace eventbook::notifications {

struct NotificationsContext {
  NotificationStore& store;
  const auth::Verifier& verifier;
};

boost::json::object notification_json(const Notification& notification);

core::Task<http::Response> get_notifications(NotificationsContext& context, http::Request& request);
core::Task<http::Response> post_read(NotificationsContext& context, http::Request& request);
core::Task<http::Response> post_read_all(NotificationsContext& context, http::Request& request);

}  // namespace eventbook::notifications
