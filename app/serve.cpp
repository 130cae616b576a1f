#include "commands.hpp"

#include "eventbook/core/log.hpp"
#include "gateway/gateway_service.hpp"
#include "users/users_service.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
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
  options.pools["default"].threads = static_cast<int>(args.integer("workers", 16, 1, 1024));
  auto access_log = args.get_or("access-log", "on");
  if (access_log != "on" && access_log != "off") {
    throw core::ConfigError("invalid --access-log (EVENTBOOK_ACCESS_LOG) '" + access_log + "': expected on or off");
  }
  options.access_log = access_log == "on";
  return options;
}

std::filesystem::path data_dir(const core::Args& args) { return args.get_or("data-dir", "data"); }

users::UsersConfig users_config(const core::Args& args, const std::filesystem::path& dir) {
  users::UsersConfig config;
  config.database_url = args.get_or("database-url", (dir / "users.db").string());
  config.signing_key_file = args.get_or("signing-key-file", (dir / "keys" / "users-ed25519.key").string());
  config.token_ttl_seconds = args.integer("token-ttl", 3600, 60, 30 * 24 * 3600);
  config.account_limits.max_failures = static_cast<int>(args.integer("login-max-failures", 10, 1, 1000000));
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

int serve_until_signal(const sigset_t& signals, std::vector<std::unique_ptr<http::Server>>& servers) {
  for (auto& server : servers) {
    server->start();
  }
  int received = 0;
  sigwait(&signals, &received);
  core::log::info("eventbook", "shutting down", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  // The gateway goes first, so nothing new reaches the services behind it.
  for (auto it = servers.rbegin(); it != servers.rend(); ++it) {
    (*it)->stop();
  }
  return 0;
}

}  // namespace

int run_service(const std::string& name, const core::Args& args) {
  auto signals = block_stop_signals();
  std::vector<std::unique_ptr<http::Server>> servers;
  if (name == "users") {
    args.allow_only(with_common({"port", "database-url", "data-dir", "signing-key-file", "token-ttl",
                                 "login-max-failures"}));
    auto port = args.port("port", 5001);
    users::UsersService service(users_config(args, data_dir(args)));
    servers.push_back(std::make_unique<http::Server>(service.server_options(base_options(args, port)), service.router()));
    return serve_until_signal(signals, servers);
  }
  args.allow_only(with_common({"port", "users-url"}));
  auto port = args.port("port", 8080);
  gateway::GatewayService service({.upstreams = {{"users", args.get_or("users-url", "http://127.0.0.1:5001")}}, .client = {}});
  servers.push_back(std::make_unique<http::Server>(service.server_options(base_options(args, port)), service.router()));
  return serve_until_signal(signals, servers);
}

int run_dev(const core::Args& args) {
  args.allow_only(with_common({"data-dir", "users-port", "gateway-port", "token-ttl", "login-max-failures"}));
  auto signals = block_stop_signals();
  auto dir = data_dir(args);
  std::filesystem::create_directories(dir);
  auto users_port = args.port("users-port", 5001);
  auto gateway_port = args.port("gateway-port", 8080);

  users::UsersService users_service(users_config(args, dir));
  std::vector<std::unique_ptr<http::Server>> servers;
  servers.push_back(std::make_unique<http::Server>(users_service.server_options(base_options(args, users_port)),
                                                   users_service.router()));
  std::string host = args.get_or("host", "127.0.0.1");
  std::string local = host == "0.0.0.0" ? "127.0.0.1" : host;
  gateway::GatewayService gateway_service(
      {.upstreams = {{"users", "http://" + local + ":" + std::to_string(users_port)}}, .client = {}});
  servers.push_back(std::make_unique<http::Server>(
      gateway_service.server_options(base_options(args, gateway_port)), gateway_service.router()));

  std::cerr << "eventbook dev: data in " << std::filesystem::absolute(dir).string() << "\n"
            << "  gateway  http://" << local << ":" << gateway_port << "\n"
            << "  users    http://" << local << ":" << users_port << "\n"
            << "Press Ctrl-C to stop.\n";
  return serve_until_signal(signals, servers);
}

}  // namespace eventbook::app
