#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/router.hpp"
#include "events/store/event_store.hpp"

namespace eventbook::events {

struct EventsContext {
  db::Database& database;
  EventStore store;
  const auth::Verifier& verifier;
  std::string service_secret;  // what bookings presents on the internal routes
  bool require_organizer_role;
  bus::Relay* relay;
};

// The event, if the caller may change it (its organizer or an admin); a
// missing event and someone else's both answer 404.
core::Task<Event> owned_event(EventsContext& context, const http::Request& request);

// The event as it is inside the transaction, its row locked; its ticket
// types and promo codes change only while it is scheduled (409 otherwise).
Event scheduled_event(db::Session& session, const std::string& id);

// A price in `currency` for the event: 422 on price.currency when its promo
// codes take amounts off in another.
void check_promo_code_currency(db::Session& session, const std::string& event_id, const std::string& currency);

// What event.* messages carry.
boost::json::object event_message(const Event& event);

core::Task<http::Response> post_event(EventsContext& context, http::Request& request);
core::Task<http::Response> get_event(EventsContext& context, http::Request& request);
core::Task<http::Response> get_events(EventsContext& context, http::Request& request);
core::Task<http::Response> get_my_events(EventsContext& context, http::Request& request);
core::Task<http::Response> put_event(EventsContext& context, http::Request& request);
core::Task<http::Response> patch_event(EventsContext& context, http::Request& request);
core::Task<http::Response> delete_event(EventsContext& context, http::Request& request);
core::Task<http::Response> get_ticket_types(EventsContext& context, http::Request& request);
core::Task<http::Response> post_ticket_type(EventsContext& context, http::Request& request);
core::Task<http::Response> patch_ticket_type(EventsContext& context, http::Request& request);
core::Task<http::Response> delete_ticket_type(EventsContext& context, http::Request& request);
core::Task<http::Response> get_offer(EventsContext& context, http::Request& request);
core::Task<http::Response> get_promo_codes(EventsContext& context, http::Request& request);
core::Task<http::Response> post_promo_code(EventsContext& context, http::Request& request);
core::Task<http::Response> patch_promo_code(EventsContext& context, http::Request& request);
core::Task<http::Response> delete_promo_code(EventsContext& context, http::Request& request);
core::Task<http::Response> post_reservation(EventsContext& context, http::Request& request);
core::Task<http::Response> post_reservations(EventsContext& context, http::Request& request);
core::Task<http::Response> post_release(EventsContext& context, http::Request& request);
// GET /internal/events/{id}: who organizes an event, its title, date and status, for other services.
core::Task<http::Response> get_internal_event(EventsContext& context, http::Request& request);
core::Task<http::Response> put_waitlist_demand(EventsContext& context, http::Request& request);

}  // namespace eventbook::events
