#include "events/handlers/context.hpp"

#include "eventbook/service/context.hpp"

namespace eventbook::events {

Event owned_event(EventsContext& context, const http::Request& request, std::string& caller_id) {
  auto caller = service::authenticate(request, context.verifier);
  caller_id = caller.id;
  auto event = context.store.find(request.param("id"));
  if (!event || (event->organizer_id != caller.id && !caller.is_admin())) {
    throw core::ApiError::not_found("No event " + request.param("id") + " of yours.");
  }
  return *event;
}

boost::json::object event_message(const Event& event) {
  return {{"eventId", event.id},       {"title", event.title},       {"date", event.date},
          {"location", event.location}, {"capacity", event.capacity}, {"availableSeats", event.available_seats},
          {"organizerId", event.organizer_id}, {"status", event.status}};
}

}  // namespace eventbook::events
