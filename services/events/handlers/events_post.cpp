#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/service/context.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

// POST /api/events: the caller becomes the organizer. The event starts with
// the ticket types given, or with "General admission".
core::Task<http::Response> post_event(EventsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  if (!may_create_events(caller.role, caller.is_admin(), context.require_organizer_role)) {
    throw core::ApiError::forbidden("Creating events needs the organizer role; ask an administrator for it.");
  }
  auto wanted = read_new_event_input(request.json());
  auto& input = wanted.event;
  auto now = core::now_ms();
  Event event;
  event.id = core::new_id();
  event.organizer_id = caller.id;
  event.created_at = event.updated_at = now;
  event.capacity = event.available_seats = *input.capacity;
  input.capacity.reset();
  apply_input(event, input);
  std::vector<TicketType> types;
  for (const auto& type : wanted.ticket_types) {
    types.push_back(make_ticket_type(type, core::new_id(), event.id, static_cast<std::int64_t>(types.size())));
  }
  check_new_ticket_types(types, event);
  co_await context.database.transaction([&](db::Session& session) {
    EventStore::insert(session, event, types);
    bus::add_to_outbox(session, "event.created", event_message(event), request.request_id);
  });
  context.relay->notify();
  auto response =
      http::Response::json(201, boost::json::object{{"message", "Event created successfully!"}, {"eventId", event.id}});
  response.set_header("Location", "/api/events/" + event.id);
  co_return response;
}

}  // namespace eventbook::events
