#include "commands.hpp"
#include "local_directory.hpp"
#include "local_inventory.hpp"

#include "bookings/bookings_service.hpp"
#include "eventbook/bus/in_process.hpp"
#include "eventbook/bus/rabbitmq.hpp"
#include "eventbook/core/files.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/service/context.hpp"
#include "eventbook/service/keys.hpp"
#include "events/events_service.hpp"
#include "gateway/gateway_service.hpp"
#include "local_event_directory.hpp"
#include "notifications/notifications_service.hpp"
#include "queue/queue_service.hpp"
#include "users/users_service.hpp"

#include <csignal>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace eventbook::app {

namespace {

const std::vector<std::string> kCommonFlags{"host", "log-level", "io-threads", "workers", "access-log", "help"};

std::vector<std::string> with_common(std::vector<std::string> names) {
  names.insert(names.end(), kCommonFlags.begin(), kCommonFlags.end());
  return names;
}

http::ServerOptions base_options(const core::Args& args, std::uint16_t port) {
  http::ServerOptions options;
  options.host = args.get_or("host", "127.0.0.1");
  options.port = port;
  options.io_threads = static_cast<int>(args.integer("io-threads", 0, 0, 256));
  options.access_log = args.on_off("access-log", true);
  return options;
}

// The gateway's private listener for /metrics, which its public port does not answer: none unless given.
std::optional<std::uint16_t> metrics_port(const core::Args& args, const std::string& flag) {
  if (!args.get(flag)) return std::nullopt;
  return args.port(flag, 0);
}

// Each service's database reader threads (and their connections).
int database_threads(const core::Args& args) { return static_cast<int>(args.integer("workers", 8, 1, 256)); }

// The data directory, created if missing and private to this user (mode 700,
// files 600, an older one's files included).
std::filesystem::path data_dir(const core::Args& args) {
  std::filesystem::path dir = args.get_or("data-dir", "data");
  core::make_private_directory(dir);
  return dir;
}

// A service's database: --database-url when it runs alone, its SQLite file in
// the data directory in embedded mode.
std::string database_url(const core::Args& args, const std::filesystem::path& dir, const std::string& service,
                         bool embedded) {
  auto file = (dir / (service + ".db")).string();
  return embedded ? file : args.get_or("database-url", file);
}

users::UsersConfig users_config(const core::Args& args, const std::filesystem::path& dir, bool embedded) {
  users::UsersConfig config;
  config.database_url = database_url(args, dir, "users", embedded);
  config.database_pool = database_threads(args);
  config.signing_key_file = args.get_or("signing-key-file", (dir / "keys" / "users-ed25519.key").string());
  config.token_ttl_seconds = args.integer("token-ttl", 3600, 60, 30 * 24 * 3600);
  config.session_max_age_seconds = args.integer("session-max-age", 7 * 24 * 3600, 1, 365 * 24 * 3600);
  config.throttle.pair.threshold = static_cast<int>(args.integer("login-max-failures", 10, 1, 1000000));
  config.service_secret = service::service_secret(args.get("service-secret"), dir / "keys" / "service-secret");
  return config;
}

// The longest token lifetime a service that verifies tokens accepts: the
// users service's --token-ttl; alone, the most that flag allows unless given.
std::int64_t token_max_lifetime(const core::Args& args, bool embedded) {
  return args.integer("token-ttl", embedded ? 3600 : auth::kDefaultMaxLifetimeSeconds, 60, 30 * 24 * 3600);
}

// The bus: RabbitMQ when --amqp-url (EVENTBOOK_AMQP_URL) is set, otherwise
// the in-process transport, whose dead letters go to DATA_DIR/bus.db.
struct Bus {
  std::unique_ptr<db::Database> dead_letters;
  std::unique_ptr<bus::Transport> transport;
};

// Names the exchange and prefixes the queues, so that several systems can
// share one broker.
std::string bus_namespace(const core::Args& args) { return args.get_or("bus-namespace", "eventbook"); }

Bus make_bus(const core::Args& args, const std::filesystem::path& dir, bool standalone) {
  Bus bus;
  if (auto url = args.get("amqp-url")) {
    try {
      bus.transport = bus::make_rabbitmq_transport(
          {.url = *url, .exchange = bus_namespace(args), .declare_queues = bus::topology(bus_namespace(args))});
    } catch (const std::invalid_argument& error) {
      throw core::ConfigError("invalid --amqp-url (EVENTBOOK_AMQP_URL): " + std::string(error.what()));
    }
    return bus;
  }
  if (standalone) {
    core::log::warn("eventbook", "no --amqp-url: messages stay inside this process");
  }
  std::filesystem::create_directories(dir);
  bus.dead_letters = db::Database::open((dir / "bus.db").string(), {.pool_size = 1});
  bus.dead_letters->migrate(bus::dead_letter_migrations());
  bus.transport = bus::make_in_process_transport({.dead_letters = bus.dead_letters.get()});
  return bus;
}

notifications::NotificationsConfig notifications_config(const core::Args& args, const std::filesystem::path& dir,
                                                        bool embedded, std::vector<auth::PublicKey> keys) {
  notifications::NotificationsConfig config;
  config.database_url = database_url(args, dir, "notifications", embedded);
  config.database_pool = database_threads(args);
  config.token_keys = std::move(keys);
  config.token_max_lifetime_seconds = token_max_lifetime(args, embedded);
  config.smtp_url = args.get_or("smtp-url", "");
  config.mail_from = args.get_or("mail-from", config.mail_from);
  config.public_url = args.get_or("public-url", "");
  while (!config.public_url.empty() && config.public_url.back() == '/') config.public_url.pop_back();
  config.queue = bus_namespace(args) + ".notifications";
  return config;
}

events::EventsConfig events_config(const core::Args& args, const std::filesystem::path& dir, bool embedded,
                                   std::vector<auth::PublicKey> keys) {
  events::EventsConfig config;
  config.database_url = database_url(args, dir, "events", embedded);
  config.database_pool = database_threads(args);
  config.token_keys = std::move(keys);
  config.token_max_lifetime_seconds = token_max_lifetime(args, embedded);
  config.service_secret = service::service_secret(args.get("service-secret"), dir / "keys" / "service-secret");
  config.require_organizer_role = args.on_off("require-organizer-role", false);
  config.queue = bus_namespace(args) + ".events";
  return config;
}

queue::QueueConfig queue_config(const core::Args& args, const std::filesystem::path& dir, bool embedded,
                                std::vector<auth::PublicKey> keys) {
  queue::QueueConfig config;
  config.database_url = database_url(args, dir, "queue", embedded);
  config.database_pool = database_threads(args);
  config.token_keys = std::move(keys);
  config.token_max_lifetime_seconds = token_max_lifetime(args, embedded);
  config.signing_key_file =
      embedded ? dir / "keys" / "queue-ed25519.key"
               : std::filesystem::path(args.get_or("signing-key-file", (dir / "keys" / "queue-ed25519.key").string()));
  config.events_url = args.get_or("events-url", "http://127.0.0.1:5002");
  config.service_secret = service::service_secret(args.get("service-secret"), dir / "keys" / "service-secret");
  return config;
}

bookings::BookingsConfig bookings_config(const core::Args& args, const std::filesystem::path& dir, bool embedded,
                                         std::vector<auth::PublicKey> keys, std::string events_url) {
  bookings::BookingsConfig config;
  config.database_url = database_url(args, dir, "bookings", embedded);
  config.database_pool = database_threads(args);
  config.token_keys = std::move(keys);
  config.token_max_lifetime_seconds = token_max_lifetime(args, embedded);
  config.events_url = std::move(events_url);
  config.users_url = args.get_or("users-url", "http://127.0.0.1:5001");
  if (!embedded) config.queue_url = args.get_or("queue-url", "http://127.0.0.1:5005");
  config.service_secret = service::service_secret(args.get("service-secret"), dir / "keys" / "service-secret");
  config.max_seats = args.integer("max-seats", 10, 1, 1000);
  config.queue = bus_namespace(args) + ".bookings";
  return config;
}

// Blocks SIGINT and SIGTERM in every thread, so that the one waiting in
// sigwait gets them and shuts the servers down in order.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// What runs in this process: background work (relays, consumers, mail) and
// HTTP servers, started in order and stopped in reverse.
struct Running {
  std::vector<std::function<void()>> starts;
  std::vector<std::function<void()>> stops;
  std::vector<std::unique_ptr<http::Server>> servers;
  bus::Transport* transport = nullptr;
  // Work run on its own thread once every server listens (it ends on its own,
  // or fails fast once the servers stop).
  std::vector<std::function<void()>> after_start;
};

int serve_until_signal(const sigset_t& signals, Running& running) {
  if (running.transport != nullptr) {
    running.transport->start();
  }
  for (auto& start : running.starts) {
    start();
  }
  for (auto& server : running.servers) {
    server->start();
  }
  std::vector<std::jthread> background;
  for (auto& task : running.after_start) {
    background.emplace_back(std::move(task));
  }
  int received = 0;
  sigwait(&signals, &received);
  core::log::info("eventbook", "shutting down", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  // The gateway goes first, so nothing new reaches the services behind it;
  // then the relays and workers; the bus last, once nothing publishes.
  for (auto it = running.servers.rbegin(); it != running.servers.rend(); ++it) {
    (*it)->stop();
  }
  for (auto it = running.stops.rbegin(); it != running.stops.rend(); ++it) {
    (*it)();
  }
  if (running.transport != nullptr) {
    running.transport->stop();
  }
  return 0;  // background joins here, after the servers it talks to have stopped
}

template <class Service>
void add_service(Running& running, Service& service, http::ServerOptions options) {
  running.starts.push_back([&service] { service.start(); });
  running.stops.push_back([&service] { service.stop(); });
  running.servers.push_back(
      std::make_unique<http::Server>(service.server_options(std::move(options)), service.router()));
}

// In one process the gateway answers the services' routes itself, with the
// same handlers (and so the same thread pools and their limits), instead of
// sending HTTP over loopback to its own process. The services keep their own
// ports as well.
template <class Service>
void mount(http::Router& router, http::ServerOptions& options, Service& service, const http::ServerOptions& base) {
  auto own = service.server_options(base);
  options.pools.insert(options.pools.end(), own.pools.begin(), own.pools.end());
  auto routes = service.router();
  for (const auto& route : routes.routes()) {
    // Only the public API: /internal/... is for services, never for the entry point.
    if (route.pattern.starts_with("/api/")) router.add(route);
  }
}

// Runs one service alone, with its own bus connection, until a stop signal.
template <class Service, class MakeConfig>
int serve_alone(const core::Args& args, std::uint16_t default_port, MakeConfig make_config) {
  auto signals = block_stop_signals();
  auto dir = data_dir(args);
  auto port = args.port("port", default_port);
  auto config = make_config(dir);
  auto bus = make_bus(args, dir, true);
  Running running;
  running.transport = bus.transport.get();
  Service service(config, *bus.transport);
  add_service(running, service, base_options(args, port));
  return serve_until_signal(signals, running);
}

std::vector<auth::PublicKey> users_keys(const core::Args& args) {
  return service::fetch_public_keys(args.get_or("users-url", "http://127.0.0.1:5001"), std::chrono::seconds(60));
}

}  // namespace

int run_service(const std::string& name, const core::Args& args) {
  const std::vector<std::string> service_flags{"port", "database-url", "data-dir", "amqp-url", "bus-namespace"};
  auto flags = [&](std::vector<std::string> own) {
    own.insert(own.end(), service_flags.begin(), service_flags.end());
    return with_common(std::move(own));
  };
  if (name == "users") {
    args.allow_only(
        flags({"signing-key-file", "token-ttl", "session-max-age", "login-max-failures", "service-secret"}));
    return serve_alone<users::UsersService>(args, 5001,
                                            [&](const auto& dir) { return users_config(args, dir, false); });
  }
  if (name == "events") {
    args.allow_only(flags({"users-url", "token-ttl", "service-secret", "require-organizer-role"}));
    return serve_alone<events::EventsService>(
        args, 5002, [&](const auto& dir) { return events_config(args, dir, false, users_keys(args)); });
  }
  if (name == "bookings") {
    args.allow_only(flags({"users-url", "token-ttl", "events-url", "queue-url", "service-secret", "max-seats"}));
    return serve_alone<bookings::BookingsService>(args, 5003, [&](const auto& dir) {
      return bookings_config(args, dir, false, users_keys(args), args.get_or("events-url", "http://127.0.0.1:5002"));
    });
  }
  if (name == "queue") {
    args.allow_only(flags({"users-url", "token-ttl", "events-url", "service-secret", "signing-key-file"}));
    return serve_alone<queue::QueueService>(
        args, 5005, [&](const auto& dir) { return queue_config(args, dir, false, users_keys(args)); });
  }
  if (name == "notifications") {
    args.allow_only(flags({"users-url", "token-ttl", "smtp-url", "mail-from", "public-url"}));
    return serve_alone<notifications::NotificationsService>(
        args, 5004, [&](const auto& dir) { return notifications_config(args, dir, false, users_keys(args)); });
  }
  auto signals = block_stop_signals();
  Running running;
  args.allow_only(with_common({"port", "metrics-port", "users-url", "events-url", "bookings-url", "notifications-url",
                               "queue-url", "web-root"}));
  auto port = args.port("port", 8080);
  gateway::GatewayService service(
      {.upstreams = gateway::upstreams_of({args.get_or("users-url", "http://127.0.0.1:5001"),
                                           args.get_or("events-url", "http://127.0.0.1:5002"),
                                           args.get_or("bookings-url", "http://127.0.0.1:5003"),
                                           args.get_or("notifications-url", "http://127.0.0.1:5004"),
                                           args.get_or("queue-url", "http://127.0.0.1:5005")}),
       .client = {},
       .web_root = args.get_or("web-root", "web/dist")});
  auto options = service.server_options(base_options(args, port));
  options.metrics_port = metrics_port(args, "metrics-port");
  running.servers.push_back(std::make_unique<http::Server>(std::move(options), service.router()));
  return serve_until_signal(signals, running);
}

int run_dev(const core::Args& args) {
  args.allow_only(with_common({"data-dir",
                               "users-port",
                               "events-port",
                               "bookings-port",
                               "notifications-port",
                               "queue-port",
                               "gateway-port",
                               "gateway-metrics-port",
                               "token-ttl",
                               "session-max-age",
                               "login-max-failures",
                               "amqp-url",
                               "bus-namespace",
                               "smtp-url",
                               "mail-from",
                               "public-url",
                               "require-organizer-role",
                               "max-seats",
                               "web-root",
                               "demo-data"}));
  auto signals = block_stop_signals();
  auto dir = data_dir(args);
  bool first_start = !std::filesystem::exists(dir) || std::filesystem::is_empty(dir);
  bool demo = args.on_off("demo-data", false);
  std::filesystem::create_directories(dir);
  auto users_port = args.port("users-port", 5001);
  auto events_port = args.port("events-port", 5002);
  auto bookings_port = args.port("bookings-port", 5003);
  auto notifications_port = args.port("notifications-port", 5004);
  auto queue_port = args.port("queue-port", 5005);
  auto gateway_port = args.port("gateway-port", 8080);
  std::string host = args.get_or("host", "127.0.0.1");
  std::string local = host == "0.0.0.0" ? "127.0.0.1" : host;
  auto url = [&](std::uint16_t port) { return "http://" + local + ":" + std::to_string(port); };

  Running running;
  auto bus = make_bus(args, dir, false);
  running.transport = bus.transport.get();
  users::UsersService users_service(users_config(args, dir, true), *bus.transport);
  auto notifications_settings = notifications_config(args, dir, true, {users_service.signing_key().public_key()});
  // In one process the site is the gateway's, unless told otherwise.
  if (notifications_settings.public_url.empty()) notifications_settings.public_url = url(gateway_port);
  notifications::NotificationsService notifications_service(notifications_settings, *bus.transport);
  events::EventsService events_service(events_config(args, dir, true, {users_service.signing_key().public_key()}),
                                       *bus.transport);
  LocalSeatInventory seats(events_service.store());
  LocalEventDirectory event_directory(events_service.store());
  auto queue_settings = queue_config(args, dir, true, {users_service.signing_key().public_key()});
  queue_settings.events = &event_directory;
  queue::QueueService queue_service(queue_settings, *bus.transport);
  auto bookings_settings =
      bookings_config(args, dir, true, {users_service.signing_key().public_key()}, url(events_port));
  bookings_settings.inventory = &seats;
  bookings_settings.queue_keys = {queue_service.signing_key().public_key()};
  LocalDirectory directory(events_service.store(), users_service.store());
  bookings_settings.directory = &directory;
  bookings::BookingsService bookings_service(bookings_settings, *bus.transport);
  add_service(running, users_service, base_options(args, users_port));
  add_service(running, events_service, base_options(args, events_port));
  add_service(running, bookings_service, base_options(args, bookings_port));
  add_service(running, notifications_service, base_options(args, notifications_port));
  add_service(running, queue_service, base_options(args, queue_port));
  gateway::GatewayService gateway_service(
      {.upstreams = gateway::upstreams_of(
           {url(users_port), url(events_port), url(bookings_port), url(notifications_port), url(queue_port)}),
       .client = {},
       .web_root = args.get_or("web-root", "web/dist")});
  auto gateway_options = gateway_service.server_options(base_options(args, gateway_port));
  gateway_options.metrics_port = metrics_port(args, "gateway-metrics-port");
  std::string gateway_metrics;
  if (gateway_options.metrics_port.value_or(0) != 0) {
    gateway_metrics = "  gateway metrics " + url(*gateway_options.metrics_port) + "/metrics (private)\n";
  }
  // The services' routes first: they then win over the proxy routes, which
  // match as many literal segments (/api/bookings against /api/bookings/{rest...}).
  http::Router gateway_router;
  mount(gateway_router, gateway_options, users_service, base_options(args, users_port));
  mount(gateway_router, gateway_options, events_service, base_options(args, events_port));
  mount(gateway_router, gateway_options, bookings_service, base_options(args, bookings_port));
  mount(gateway_router, gateway_options, notifications_service, base_options(args, notifications_port));
  mount(gateway_router, gateway_options, queue_service, base_options(args, queue_port));
  auto gateway_routes = gateway_service.router();
  for (const auto& route : gateway_routes.routes()) {
    gateway_router.add(route);
  }
  running.servers.push_back(std::make_unique<http::Server>(std::move(gateway_options), std::move(gateway_router)));

  std::cerr << "eventbook dev: data in " << std::filesystem::absolute(dir).string() << "\n"
            << "  gateway        " << url(gateway_port) << "\n"
            << gateway_metrics << "  users          " << url(users_port) << "\n"
            << "  events         " << url(events_port) << "\n"
            << "  bookings       " << url(bookings_port) << "\n"
            << "  notifications  " << url(notifications_port) << "\n"
            << "  queue          " << url(queue_port) << "\n"
            << "Press Ctrl-C to stop.\n";
  if (demo && first_start) {
    running.after_start.push_back([gateway = url(gateway_port)] {
      try {
        load_demo_data(gateway, std::cerr);
      } catch (const std::exception& error) {
        std::cerr << "demo data: stopped: " << error.what() << "\n";
      }
    });
  }
  return serve_until_signal(signals, running);
}

}  // namespace eventbook::app
