#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

namespace {

void check(const TicketType& type, const Event& event, const std::vector<TicketType>& others) {
  auto problems = ticket_type_problems(type, event, others);
  if (!problems.empty()) throw core::ApiError::validation(std::move(problems));
}

core::ApiError no_such_type(const http::Request& request) {
  return core::ApiError::not_found("No ticket type " + request.param("typeId") + " of event " + request.param("id") +
                                   ".");
}

}  // namespace

// GET /api/events/{id}/ticket-types: every type, hidden ones too, with the seats sold.
core::Task<http::Response> get_ticket_types(EventsContext& context, http::Request& request) {
  auto owned = co_await owned_event(context, request);
  auto found = co_await context.store.find_with_ticket_types(owned.id);
  if (!found) throw core::ApiError::not_found("No event " + owned.id + " of yours.");
  const auto now = core::now_ms();
  boost::json::array items;
  for (const auto& type : found->ticket_types) items.push_back(organizer_ticket_type_json(type, found->event, now));
  co_return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
}

// POST /api/events/{id}/ticket-types: a new type, after the last.
core::Task<http::Response> post_ticket_type(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  auto input = read_ticket_type_input(request.json(), TicketTypeMode::create);
  auto type = make_ticket_type(input, core::new_id(), event.id, 0);
  co_await context.database.transaction([&](db::Session& session) {
    event = scheduled_event(session, event.id);
    auto others = EventStore::ticket_types(session, event.id);
    if (others.size() >= kMaxTicketTypes) {
      throw core::ApiError::conflict("too-many-ticket-types",
                                     "An event has at most " + std::to_string(kMaxTicketTypes) + " ticket types.");
    }
    type.position = others.empty() ? 0 : others.back().position + 1;
    check(type, event, others);
    if (type.price) check_promo_code_currency(session, event.id, type.price->currency);
    EventStore::insert_ticket_type(session, type, core::now_ms());
  });
  auto response = http::Response::json(201, organizer_ticket_type_json(type, event, core::now_ms()));
  response.set_header("Location", "/api/events/" + event.id + "/ticket-types/" + type.id);
  co_return response;
}

// PATCH /api/events/{id}/ticket-types/{typeId}: the given fields; null clears
// the nullable ones.
core::Task<http::Response> patch_ticket_type(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  auto input = read_ticket_type_input(request.json(), TicketTypeMode::change);
  const auto type_id = request.param("typeId");
  TicketType type;
  co_await context.database.transaction([&](db::Session& session) {
    event = scheduled_event(session, event.id);
    auto others = EventStore::ticket_types(session, event.id);
    auto found = std::find_if(others.begin(), others.end(), [&](const TicketType& t) { return t.id == type_id; });
    if (found == others.end()) throw no_such_type(request);
    type = *found;
    others.erase(found);
    apply_ticket_type_input(type, input);
    check(type, event, others);
    if (type.price) check_promo_code_currency(session, event.id, type.price->currency);
    if (!EventStore::update_ticket_type(session, type, core::now_ms())) {
      const auto sold = std::to_string(EventStore::find_ticket_type(session, event.id, type_id)->sold);
      throw core::ApiError(409, "quota-below-sold", "The quota cannot drop below the " + sold + " seats already sold.",
                           {{"quota", "must be at least " + sold}});
    }
    type = *EventStore::find_ticket_type(session, event.id, type_id);
  });
  co_return http::Response::json(200, organizer_ticket_type_json(type, event, core::now_ms()));
}

// DELETE /api/events/{id}/ticket-types/{typeId}: only a type no seat is held
// of, and never the event's last.
core::Task<http::Response> delete_ticket_type(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  const auto type_id = request.param("typeId");
  co_await context.database.transaction([&](db::Session& session) {
    scheduled_event(session, event.id);
    switch (EventStore::remove_ticket_type(session, event.id, type_id)) {
      case EventStore::TicketTypeRemoval::removed:
        return;
      case EventStore::TicketTypeRemoval::not_found:
        throw no_such_type(request);
      case EventStore::TicketTypeRemoval::sold:
        throw core::ApiError::conflict("ticket-type-sold",
                                       "Seats of this ticket type are booked; it cannot be removed.");
      case EventStore::TicketTypeRemoval::last:
        throw core::ApiError::conflict("last-ticket-type", "An event keeps one ticket type at least.");
    }
  });
  co_return http::Response::no_content();
}

}  // namespace eventbook::events
