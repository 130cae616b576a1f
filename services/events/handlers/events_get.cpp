#include "eventbook/core/clock.hpp"
#include "eventbook/service/context.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

namespace {

core::Task<http::Response> page(EventsContext& context, SearchQuery query) {
  auto events = co_await context.store.search(query);
  bool more = static_cast<int>(events.size()) > query.limit;
  if (more) events.pop_back();
  boost::json::array items;
  for (const auto& event : events) items.push_back(event_json(event));
  boost::json::object body{{"items", std::move(items)}};
  if (more) {
    const auto& last = events.back();
    body["nextCursor"] = encode_cursor({cursor_key(last, query.sort), last.id});
  } else {
    body["nextCursor"] = nullptr;
  }
  co_return http::Response::json(200, body);
}

}  // namespace

// GET /api/events: public, upcoming by default; cached as an event is (see
// event_get.cpp).
core::Task<http::Response> get_events(EventsContext& context, http::Request& request) {
  auto response = co_await page(context, read_search_query(request, core::now_ms()));
  co_return http::conditional(request, std::move(response), "public, max-age=0, s-maxage=1");
}

// GET /api/events/mine: the caller's events as organizer, past and cancelled too.
core::Task<http::Response> get_my_events(EventsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto query = read_search_query(request, core::now_ms());
  limit_to_organizer(query, caller.id, request.query("from").has_value(), request.query("status").has_value());
  return page(context, query);
}

}  // namespace eventbook::events
