#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/consumer.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/server.hpp"
#include "eventbook/service/revocations.hpp"
#include "events/store/event_store.hpp"

#include <memory>
#include <string>
#include <vector>

namespace eventbook::events {

struct EventsConfig {
  std::string database_url;
  std::vector<auth::PublicKey> token_keys;
  std::int64_t token_max_lifetime_seconds = auth::kDefaultMaxLifetimeSeconds;
  std::string service_secret;
  bool require_organizer_role = false;
  int database_pool = 8;
  std::string queue = "eventbook.events";  // the durable queue it consumes (token revocations)
};

struct EventsContext;

// Events, their seats and the reservations the bookings service makes.
class EventsService {
 public:
  EventsService(const EventsConfig& config, bus::Transport& transport);
  ~EventsService();

  void start();
  void stop();

  http::Router router();
  http::ServerOptions server_options(http::ServerOptions base) const;

  // The seat inventory, for a bookings service in the same process; the
  // same calls as POST /internal/reservations and .../release.
  EventStore& store();

 private:
  std::unique_ptr<db::Database> database_;
  bus::Transport& transport_;
  auth::Verifier verifier_;
  std::unique_ptr<bus::Relay> relay_;
  std::unique_ptr<bus::Consumer> consumer_;
  std::unique_ptr<service::TokenRevocations> revocations_;
  std::unique_ptr<EventsContext> context_;
};

std::vector<db::Migration> migrations();

}  // namespace eventbook::events
