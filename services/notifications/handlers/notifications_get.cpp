#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/service/context.hpp"
#include "notifications/domain/inbox_query.hpp"
#include "notifications/handlers/context.hpp"

#include <boost/json/parse.hpp>

#include "eventbook/http/paging.hpp"

namespace eventbook::notifications {

namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

}  // namespace

boost::json::object notification_json(const Notification& n) {
  boost::json::error_code ec;
  auto data = boost::json::parse(n.data, ec);
  return {{"id", n.id},
          {"type", n.type},
          {"title", n.title},
          {"body", n.body},
          {"data", ec ? boost::json::value(boost::json::object{}) : data},
          {"read", n.read_at.has_value()},
          {"createdAt", core::format_utc(n.created_at)},
          {"readAt", n.read_at ? boost::json::value(core::format_utc(*n.read_at)) : boost::json::value(nullptr)}};
}

// GET /api/notifications?limit=&cursor=&unread=true: the caller's inbox, newest first.
core::Task<http::Response> get_notifications(NotificationsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  std::vector<core::FieldError> errors;
  int limit = http::read_limit(request, kDefaultLimit, kMaxLimit, errors);
  auto cursor = http::read_id_cursor(request, errors);
  bool unread_only = read_unread_only(request.query("unread"), errors);
  if (!errors.empty()) throw core::ApiError::validation(std::move(errors));
  // One extra row tells whether another page follows.
  auto items = co_await context.store.list(caller.id, limit + 1, cursor, unread_only);
  bool more = static_cast<int>(items.size()) > limit;
  if (more) {
    items.pop_back();
  }
  boost::json::array list;
  for (const auto& item : items) {
    list.push_back(notification_json(item));
  }
  auto unread_count = co_await context.store.unread_count(caller.id);
  boost::json::object body{{"items", std::move(list)}, {"unreadCount", unread_count}};
  body["nextCursor"] = more ? boost::json::value(items.back().id) : boost::json::value(nullptr);
  co_return http::Response::json(200, body);
}

}  // namespace eventbook::notifications
