#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/http/message.hpp"
#include "queue/clients/event_facts.hpp"
#include "queue/store/queue_store.hpp"

namespace eventbook::queue {

// What the queue handlers share; built once by QueueService.
struct QueueContext {
  QueueStore& store;
  EventDirectory& events;
  const auth::SigningKey& signing_key;  // signs the passes
  const auth::Verifier& verifier;       // sign-in tokens
};

// POST /api/events/{id}/queue: joins the event's waiting room (once per account).
core::Task<http::Response> post_join(QueueContext& context, http::Request& request);
// GET /api/events/{id}/queue/{queueId}: the entry's state, position and pass (its owner only).
core::Task<http::Response> get_entry(QueueContext& context, http::Request& request);
// GET /api/events/{id}/queue: the room as its organizer (or an admin) sees it.
core::Task<http::Response> get_room(QueueContext& context, http::Request& request);
// GET /api/queue/.well-known/jwks.json: the keys passes are signed with.
core::Task<http::Response> get_jwks(QueueContext& context, http::Request& request);

}  // namespace eventbook::queue
