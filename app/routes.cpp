#include "commands.hpp"
#include "local_directory.hpp"
#include "local_inventory.hpp"

#include "bookings/bookings_service.hpp"
#include "eventbook/bus/in_process.hpp"
#include "eventbook/core/log.hpp"
#include "events/events_service.hpp"
#include "gateway/gateway_service.hpp"
#include "local_event_directory.hpp"
#include "notifications/notifications_service.hpp"
#include "queue/queue_service.hpp"
#include "users/users_service.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <random>

namespace eventbook::app {

namespace {

struct Listed {
  std::string service;
  http::Router router;
};

// A scratch directory for the SQLite files and keys the services need to be
// built; removed when the listing is done.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::random_device random;
    path = std::filesystem::temp_directory_path() /
           ("eventbook-routes-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

}  // namespace

// Prints every route the services register: the same service objects as
// `eventbook dev` builds, against throwaway SQLite files, never started.
int run_routes(const core::Args& args) {
  args.allow_only({"json", "log-level", "help"});
  if (!args.get("log-level")) core::log::init(core::log::Level::warn);
  std::vector<Listed> listed;
  {
    ScratchDir scratch;
    auto db = [&](const char* name) { return (scratch.path / name).string(); };
    auto transport = bus::make_in_process_transport();
    users::UsersConfig users_config;
    users_config.database_url = db("users.db");
    users_config.signing_key_file = scratch.path / "users-ed25519.key";
    users::UsersService users_service(users_config, *transport);
    std::vector<auth::PublicKey> keys{users_service.signing_key().public_key()};
    events::EventsConfig events_config;
    events_config.database_url = db("events.db");
    events_config.token_keys = keys;
    events_config.service_secret = "routes-listing-secret";
    events::EventsService events_service(events_config, *transport);
    LocalSeatInventory seats(events_service.store());
    bookings::BookingsConfig bookings_config;
    bookings_config.database_url = db("bookings.db");
    bookings_config.token_keys = keys;
    bookings_config.inventory = &seats;
    LocalDirectory directory(events_service.store(), users_service.store());
    bookings_config.directory = &directory;
    bookings::BookingsService bookings_service(bookings_config, *transport);
    notifications::NotificationsConfig notifications_config;
    notifications_config.database_url = db("notifications.db");
    notifications_config.token_keys = keys;
    notifications::NotificationsService notifications_service(notifications_config, *transport);
    LocalEventDirectory event_directory(events_service.store());
    queue::QueueConfig queue_config;
    queue_config.database_url = db("queue.db");
    queue_config.token_keys = keys;
    queue_config.signing_key_file = scratch.path / "queue-ed25519.key";
    queue_config.events = &event_directory;
    queue::QueueService queue_service(queue_config, *transport);
    // The API routes of the gateway; the upstream addresses do not matter here.
    gateway::GatewayConfig gateway_config;
    gateway_config.upstreams =
        gateway::upstreams_of({"http://127.0.0.1:5001", "http://127.0.0.1:5002", "http://127.0.0.1:5003",
                               "http://127.0.0.1:5004", "http://127.0.0.1:5005"});
    gateway::GatewayService gateway_service(gateway_config);
    listed.push_back({"users", users_service.router()});
    listed.push_back({"events", events_service.router()});
    listed.push_back({"bookings", bookings_service.router()});
    listed.push_back({"notifications", notifications_service.router()});
    listed.push_back({"queue", queue_service.router()});
    listed.push_back({"gateway", gateway_service.router()});
  }
  if (args.flag("json")) {
    boost::json::array out;
    for (const auto& [service, router] : listed) {
      for (const auto& route : router.routes()) {
        out.push_back(boost::json::object{{"service", service}, {"method", route.method}, {"pattern", route.pattern}});
      }
    }
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  for (const auto& [service, router] : listed) {
    for (const auto& route : router.routes()) {
      std::cout << service << " " << route.method << " " << route.pattern << "\n";
    }
  }
  return 0;
}

}  // namespace eventbook::app
