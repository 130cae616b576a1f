#include "eventbook/service/context.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"

namespace eventbook::service {

Caller authenticate(const http::Request& request, const auth::Verifier& verifier) {
  auto header = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (!header || header->size() <= kScheme.size() ||
      !std::equal(kScheme.begin(), kScheme.end(), header->begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    throw core::ApiError::unauthorized();
  }
  auto claims = verifier.verify(std::string_view(*header).substr(kScheme.size()), core::now_seconds());
  return Caller{std::move(claims.sub), std::move(claims.role)};
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

http::Readiness database_readiness(db::Database& database) {
  http::Readiness readiness;
  readiness.ready = database.ping();
  readiness.checks["database"] = readiness.ready ? "ok" : "unreachable";
  return readiness;
}

}  // namespace eventbook::service
