#include "eventbook/service/context.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/config.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/metrics_text.hpp"

#include <unistd.h>

#include <fstream>
#include <random>

namespace eventbook::service {

Caller authenticate(const http::Request& request, const auth::Verifier& verifier) {
  auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (!header || header->size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header->begin(),
                  [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); })) {
    throw core::ApiError::unauthorized();
  }
  auto claims = verifier.verify(std::string_view(*header).substr(kScheme.size()), core::now_seconds());
  // A token for one purpose (a waiting room's pass) is no sign-in.
  if (!claims.aud.empty()) throw core::ApiError::unauthorized();
  return Caller{std::move(claims.sub), std::move(claims.role), claims.auth_time, claims.ver};
}

void require_service(const http::Request& request, const std::string& secret) {
  auto header = request.header("Authorization").value_or("");
  constexpr std::string_view kScheme = "Service ";
  if (header.rfind(kScheme, 0) != 0) {
    if (header.rfind("Bearer ", 0) == 0) {
      throw core::ApiError::forbidden("This endpoint is for other services only.");
    }
    throw core::ApiError(401, "unauthorized", "Service credentials are required.");
  }
  std::string_view given = std::string_view(header).substr(kScheme.size());
  unsigned char difference = given.size() == secret.size() && !secret.empty() ? 0 : 1;
  for (std::size_t i = 0; i < given.size() && i < secret.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ secret[i]);
  }
  if (difference != 0) {
    throw core::ApiError(401, "unauthorized", "The service credentials are not valid.");
  }
}

std::string service_secret(const std::optional<std::string>& given, const std::filesystem::path& file) {
  if (given) {
    if (given->size() < 16) {
      throw core::ConfigError("invalid --service-secret (EVENTBOOK_SERVICE_SECRET): use at least 16 characters");
    }
    return *given;
  }
  auto read = [&]() -> std::optional<std::string> {
    std::ifstream in(file);
    std::string line;
    if (in && std::getline(in, line) && line.size() >= 16) return line;
    return std::nullopt;
  };
  if (auto existing = read()) return *existing;
  std::filesystem::create_directories(file.parent_path());
  std::random_device random;
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string secret;
  for (int i = 0; i < 43; ++i) secret.push_back(kAlphabet[random() % (sizeof kAlphabet - 1)]);
  auto temp = file;
  temp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp);
    out << secret << "\n";
  }
  std::filesystem::permissions(temp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // link() fails if another process got there first; then its secret wins.
  if (::link(temp.c_str(), file.c_str()) != 0) {
    std::filesystem::remove(temp);
    if (auto existing = read()) return *existing;
    throw std::runtime_error("cannot create the service secret at " + file.string());
  }
  std::filesystem::remove(temp);
  return secret;
}

std::string client_address(const http::Request& request) {
  bool local = request.remote_address == "127.0.0.1" || request.remote_address == "::1";
  if (local) {
    if (auto forwarded = request.header("X-Forwarded-For")) {
      auto comma = forwarded->rfind(',');
      std::string last = comma == std::string::npos ? *forwarded : forwarded->substr(comma + 1);
      auto begin = last.find_first_not_of(' ');
      if (begin != std::string::npos) {
        return last.substr(begin);
      }
    }
  }
  return request.remote_address;
}

core::Task<http::Readiness> readiness(db::Database& database, const bus::Transport* transport) {
  http::Readiness result;
  bool reachable = co_await database.ping();
  bool writable = !database.writes_failing();
  result.checks["database"] = !reachable ? "unreachable" : !writable ? "writes failing" : "ok";
  result.ready = reachable && writable;
  if (transport != nullptr) {
    bool bus_ok = transport->connected();
    result.checks["bus"] = bus_ok ? "ok" : "unreachable";
    result.ready = result.ready && bus_ok;
  }
  co_return result;
}

std::string transport_metrics(const bus::Transport& transport, const std::string& service) {
  auto stats = transport.stats();
  core::MetricsText text;
  auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    text.family(name, core::MetricType::counter, help);
    text.sample({{"service", service}}, value);
  };
  counter("eventbook_bus_published_total", "Messages the broker confirmed (this process).", stats.published);
  counter("eventbook_bus_delivered_total", "Messages handed to consumers and acknowledged.", stats.delivered);
  counter("eventbook_bus_failed_total", "Consumer attempts that failed.", stats.failed);
  counter("eventbook_bus_dead_lettered_total", "Messages given up on and dead-lettered.", stats.dead_lettered);
  text.family("eventbook_bus_connected", core::MetricType::gauge, "Whether the bus is reachable.");
  text.sample({{"service", service}}, transport.connected() ? 1 : 0);
  return text.take();
}

http::ServerOptions service_options(http::ServerOptions base, const std::string& name, db::Database& database,
                                    bus::Transport& transport, std::function<core::Task<std::string>()> more) {
  base.service = name;
  base.readiness = [&database, &transport] { return readiness(database, &transport); };
  base.extra_metrics = [&transport, name, more = std::move(more)]() -> core::Task<std::string> {
    std::string text = transport_metrics(transport, name);
    if (more) {
      auto extra = co_await more();
      text += extra;
    }
    co_return text;
  };
  return base;
}

std::vector<db::Migration> concat(std::vector<db::Migration> first, const std::vector<db::Migration>& second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

}  // namespace eventbook::service
