#include "eventbook/core/clock.hpp"
#include "events/handlers/context.hpp"

#include <set>

namespace eventbook::events {

namespace {

core::Task<http::Response> change(EventsContext& context, http::Request& request, InputMode mode) {
  auto event = co_await owned_event(context, request);
  auto input = read_event_input(request.json(), mode);
  std::vector<std::string> changes;
  bool announced = false;
  co_await context.database.transaction([&](db::Session& session) {
    // Read again inside the transaction, the row locked: seats may have
    // moved since, and types or codes change against it one at a time.
    EventStore::lock(session, event.id);
    auto current = EventStore::find(session, event.id);
    if (!current) throw core::ApiError::not_found();
    event = *current;
    changes = apply_input(event, input);
    if (changes.empty()) return;
    // All prices of an event are in one currency: its own may not leave its types'.
    if (event.currency) {
      check_promo_code_currency(session, event.id, *event.currency);
      for (const auto& type : EventStore::ticket_types(session, event.id)) {
        if (type.price && type.price->currency != *event.currency) {
          throw core::ApiError::validation(
              {{"price.currency", "must be " + type.price->currency + ", the currency of the ticket types' prices"}});
        }
      }
    }
    event.updated_at = core::now_ms();
    if (!EventStore::update(session, event)) {
      throw core::ApiError(409, "capacity-below-booked", "The capacity cannot drop below the seats already booked.",
                           {{"capacity", "is below the seats already booked"}});
    }
    event = *EventStore::find(session, event.id);
    // How checkout and the on-sale work is the organizer's business (those
    // who booked have their seats): attendees hear of the rest.
    static const std::set<std::string, std::less<>> kSellingOnly{"holdMinutes",   "requireAttendeeNames", "onSaleAt",
                                                                 "waitingRoom",   "admitPerMinute",       "passMinutes",
                                                                 "waitlistOrder", "offerMinutes"};
    boost::json::array list;
    for (const auto& name : changes) {
      if (!kSellingOnly.contains(name)) list.push_back(boost::json::string(name));
    }
    if (list.empty()) return;
    auto data = event_message(event);
    data["changes"] = std::move(list);
    bus::add_to_outbox(session, "event.updated", std::move(data), request.request_id);
    announced = true;
  });
  if (announced) context.relay->notify();
  co_return http::Response::json(200, event_json(event));
}

}  // namespace

core::Task<http::Response> put_event(EventsContext& context, http::Request& request) {
  return change(context, request, InputMode::replace);
}

core::Task<http::Response> patch_event(EventsContext& context, http::Request& request) {
  return change(context, request, InputMode::change);
}

// DELETE /api/events/{id}: cancels the event; it stays for history, leaves the
// default list, and its bookings are cancelled through the bus.
core::Task<http::Response> delete_event(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  bool cancelled_now = false;
  co_await context.database.transaction([&](db::Session& session) {
    auto now = core::now_ms();
    cancelled_now = EventStore::cancel(session, event.id, now);
    event = *EventStore::find(session, event.id);
    if (cancelled_now) {
      bus::add_to_outbox(session, "event.cancelled", event_message(event), request.request_id);
    }
  });
  if (cancelled_now) context.relay->notify();
  co_return http::Response::json(200, event_json(event));
}

}  // namespace eventbook::events
