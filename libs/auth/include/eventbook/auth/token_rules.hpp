#pragma once

#include "eventbook/auth/jwt.hpp"

#include <cstdint>
#include <optional>
#include <string>

// The rules a token's claims must keep, as pure functions of the claims and
// the time (seconds since the epoch): the verifier and the users service
// apply them, the tests call them directly.
namespace eventbook::auth {

struct TimeRules {
  std::int64_t leeway_seconds = kDefaultLeewaySeconds;
  std::int64_t max_lifetime_seconds = kDefaultMaxLifetimeSeconds;
};

// Why the token's times make it unusable at `now`, or nothing when they do not:
// expired (exp <= now - leeway), issued or signed in the future (iat or
// auth_time > now + leeway), not yet valid (nbf > now + leeway), or living
// longer than allowed (exp > iat + max_lifetime, or exp > now + max_lifetime + leeway).
std::optional<std::string> time_problem(const Claims& claims, std::int64_t now, const TimeRules& rules);

// The expiry of a token issued at `now` for the sign-in at `auth_time`: `ttl`
// from now, but never past auth_time + max_session. Nothing once the sign-in
// is max_session old (or older): then only signing in again gives a token.
std::optional<std::int64_t> session_expiry(std::int64_t auth_time, std::int64_t now, std::int64_t ttl,
                                           std::int64_t max_session);

// A token of version `token_version` is revoked once the account's minimum is above it.
constexpr bool revoked(std::int64_t token_version, std::int64_t minimum_version) noexcept {
  return token_version < minimum_version;
}

}  // namespace eventbook::auth
