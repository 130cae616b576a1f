#include "eventbook/service/context.hpp"
#include "notifications/handlers/context.hpp"

namespace eventbook::notifications {

// POST /api/notifications/{id}/read. Someone else's notification is not found.
core::Task<http::Response> post_read(NotificationsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  const auto& id = request.param("id");
  co_await context.store.mark_read(caller.id, id);
  auto notification = co_await context.store.find(caller.id, id);
  if (!notification) {
    throw core::ApiError::not_found("No notification " + id + ".");
  }
  co_return http::Response::json(200, notification_json(*notification));
}

// POST /api/notifications/read-all
core::Task<http::Response> post_read_all(NotificationsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto updated = co_await context.store.mark_all_read(caller.id);
  co_return http::Response::json(200, boost::json::object{{"updated", updated}, {"unreadCount", 0}});
}

}  // namespace eventbook::notifications
