#include "eventbook/core/clock.hpp"
#include "events/domain/ical.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

// Public reads may be kept a second by a shared cache (nginx, a CDN): the
// seats left they show are at most that much behind. A browser asks again
// each time (so a buyer sees their own booking at once), with the ETag: an
// unchanged answer costs a 304 and no body.
constexpr const char* kPublicRead = "public, max-age=0, s-maxage=1";

// GET /api/events/{id}, and GET /api/events/{id}.ics for the calendar file.
core::Task<http::Response> get_event(EventsContext& context, http::Request& request) {
  auto path = read_event_path(request.param("id"));
  auto found = co_await context.store.find_with_ticket_types(path.id);
  if (!found) {
    throw core::ApiError::not_found("No event " + path.id + ".");
  }
  const auto* event = &found->event;
  if (path.ical) {
    auto response = http::Response::text(200, to_ical(*event, core::now_ms()), "text/calendar; charset=utf-8");
    response.set_header("Content-Disposition", "attachment; filename=\"event-" + event->id + ".ics\"");
    co_return http::conditional(request, std::move(response), kPublicRead);
  }
  auto body = event_json(*event);
  body["ticketTypes"] = public_ticket_types_json(found->ticket_types, *event, core::now_ms());
  co_return http::conditional(request, http::Response::json(200, body), kPublicRead);
}

}  // namespace eventbook::events
