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
Event owned_event(EventsContext& context, const http::Request& request, std::string& caller_id);

// What event.* messages carry.
boost::json::object event_message(const Event& event);

http::Response post_event(EventsContext& context, http::Request& request);
http::Response get_event(EventsContext& context, http::Request& request);
http::Response get_events(EventsContext& context, http::Request& request);
http::Response get_my_events(EventsContext& context, http::Request& request);
http::Response put_event(EventsContext& context, http::Request& request);
http::Response patch_event(EventsContext& context, http::Request& request);
http::Response delete_event(EventsContext& context, http::Request& request);
http::Response post_reservation(EventsContext& context, http::Request& request);
void post_reservations(EventsContext& context, http::Request& request, http::Reply reply);
http::Response post_release(EventsContext& context, http::Request& request);

}  // namespace eventbook::events
