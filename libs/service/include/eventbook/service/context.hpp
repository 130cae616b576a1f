#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/server.hpp"

#include <memory>
#include <string>

namespace eventbook::service {

// The identity a request carries, from a verified bearer token.
struct Caller {
  std::string id;
  std::string role;
  bool is_admin() const noexcept { return role == "admin"; }
};

// Verifies the request's "Authorization: Bearer ..." header; 401 otherwise.
Caller authenticate(const http::Request& request, const auth::Verifier& verifier);

// The address of the client: the last X-Forwarded-For hop when the request
// came through a proxy on this machine, otherwise the peer address.
std::string client_address(const http::Request& request);

// A readiness check for /readyz that pings the database.
http::Readiness database_readiness(db::Database& database);

}  // namespace eventbook::service
