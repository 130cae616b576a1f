#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/transport.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/server.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace eventbook::service {

// The identity a request carries, from a verified bearer token.
struct Caller {
  std::string id;
  std::string role;
  std::int64_t auth_time = 0;      // when the sign-in behind the token happened
  std::int64_t token_version = 0;  // the account's token version the token carries
  bool is_admin() const noexcept { return role == "admin"; }
};

// Verifies the request's "Authorization: Bearer ..." header; 401 otherwise.
Caller authenticate(const http::Request& request, const auth::Verifier& verifier);

// Accepts only calls from other services: "Authorization: Service <secret>"
// with the shared service secret (compared in constant time). An end user's
// token is refused with 403, anything else with 401.
void require_service(const http::Request& request, const std::string& secret);

// The shared service secret: the given one, or the one kept in `file`
// (created with 32 random bytes, mode 0600, when missing).
std::string service_secret(const std::optional<std::string>& given, const std::filesystem::path& file);

// The address of the client: the last X-Forwarded-For hop when the request
// came through a proxy on this machine, otherwise the peer address.
std::string client_address(const http::Request& request);

// The /readyz check of a service: its database answers and, when it has one,
// the bus is connected.
core::Task<http::Readiness> readiness(db::Database& database, const bus::Transport* transport);

// Server settings every service shares: its name, /readyz over its database
// and the bus, and /metrics with the bus figures followed by `more`.
http::ServerOptions service_options(http::ServerOptions base, const std::string& name, db::Database& database,
                                    bus::Transport& transport, std::function<core::Task<std::string>()> more);

// A route handler: a coroutine from request to response, with the service's context.
template <class Context>
using HandlerOf = core::Task<http::Response> (*)(Context&, http::Request&);

// Makes route handlers of functions Task<Response>(Context&, Request&).
template <class Context>
auto binder(Context& context) {
  return [&context](HandlerOf<Context> handler) -> http::Handler {
    return [&context, handler](http::Request& request) { return handler(context, request); };
  };
}

// Prometheus text for the bus transport this process uses.
std::string transport_metrics(const bus::Transport& transport, const std::string& service);

// Concatenates migration lists (a service's own and the bus tables).
std::vector<db::Migration> concat(std::vector<db::Migration> first, const std::vector<db::Migration>& second);

}  // namespace eventbook::service
