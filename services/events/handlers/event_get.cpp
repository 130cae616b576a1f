#include "eventbook/core/clock.hpp"
#include "events/domain/ical.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

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
    co_return response;
  }
  auto body = event_json(*event);
  body["ticketTypes"] = public_ticket_types_json(found->ticket_types, *event, core::now_ms());
  co_return http::Response::json(200, body);
}

}  // namespace eventbook::events
