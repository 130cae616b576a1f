#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/service/context.hpp"
#include "notifications/handlers/context.hpp"

#include <boost/json/parse.hpp>

#include <charconv>

namespace eventbook::notifications {

namespace {

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;

int parse_limit(const http::Request& request) {
  auto text = request.query("limit");
  if (!text) {
    return kDefaultLimit;
  }
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > kMaxLimit) {
    throw core::ApiError::validation({{"limit", "must be an integer from 1 to " + std::to_string(kMaxLimit)}});
  }
  return limit;
}

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
http::Response get_notifications(NotificationsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  int limit = parse_limit(request);
  auto cursor = request.query("cursor");
  if (cursor && !core::looks_like_id(*cursor)) {
    throw core::ApiError::validation({{"cursor", "is not a cursor from a previous page"}});
  }
  auto unread = request.query("unread");
  if (unread && *unread != "true" && *unread != "false") {
    throw core::ApiError::validation({{"unread", "must be true or false"}});
  }
  // One extra row tells whether another page follows.
  auto items = context.store.list(caller.id, limit + 1, cursor, unread == "true");
  bool more = static_cast<int>(items.size()) > limit;
  if (more) {
    items.pop_back();
  }
  boost::json::array list;
  for (const auto& item : items) {
    list.push_back(notification_json(item));
  }
  boost::json::object body{{"items", std::move(list)}, {"unreadCount", context.store.unread_count(caller.id)}};
  body["nextCursor"] = more ? boost::json::value(items.back().id) : boost::json::value(nullptr);
  return http::Response::json(200, body);
}

}  // namespace eventbook::notifications
