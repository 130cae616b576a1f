#include "events/handlers/context.hpp"

#include "eventbook/service/context.hpp"

namespace eventbook::events {

core::Task<Event> owned_event(EventsContext& context, const http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto event = co_await context.store.find(request.param("id"));
  if (!event || !may_change(*event, caller.id, caller.is_admin())) {
    throw core::ApiError::not_found("No event " + request.param("id") + " of yours.");
  }
  co_return *event;
}

Event scheduled_event(db::Session& session, const std::string& id) {
  EventStore::lock(session, id);
  auto event = EventStore::find(session, id);
  if (!event) throw core::ApiError::not_found("No event " + id + ".");
  if (event->status == "cancelled") {
    throw core::ApiError::conflict("event-cancelled", "A cancelled event cannot be changed.");
  }
  return *event;
}

void check_promo_code_currency(db::Session& session, const std::string& event_id, const std::string& currency) {
  auto codes = EventStore::promo_code_currency(session, event_id);
  if (codes && *codes != currency) {
    throw core::ApiError::validation(
        {{"price.currency", "must be " + *codes + ", the currency of the event's promo codes"}});
  }
}

boost::json::object event_message(const Event& event) {
  return {{"eventId", event.id},
          {"title", event.title},
          {"date", event.date},
          {"location", event.location},
          {"capacity", event.capacity},
          {"availableSeats", event.available_seats},
          {"organizerId", event.organizer_id},
          {"status", event.status}};
}

}  // namespace eventbook::events
