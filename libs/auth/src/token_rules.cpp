#include "eventbook/auth/token_rules.hpp"

#include <algorithm>

namespace eventbook::auth {

std::optional<std::string> time_problem(const Claims& claims, std::int64_t now, const TimeRules& rules) {
  if (claims.exp <= now - rules.leeway_seconds) {
    return "expired at " + std::to_string(claims.exp);
  }
  if (claims.iat > now + rules.leeway_seconds) {
    return "issued in the future at " + std::to_string(claims.iat);
  }
  if (claims.auth_time > now + rules.leeway_seconds) {
    return "signed in in the future at " + std::to_string(claims.auth_time);
  }
  if (claims.nbf && *claims.nbf > now + rules.leeway_seconds) {
    return "not valid before " + std::to_string(*claims.nbf);
  }
  // exp - iat > max, without computing exp - iat: that overflows for an iat
  // far in the past. exp is above now - leeway here, so exp - max is not.
  if (claims.iat < claims.exp - rules.max_lifetime_seconds) {
    return "lifetime from " + std::to_string(claims.iat) + " to " + std::to_string(claims.exp) +
           " is above the most allowed";
  }
  if (claims.exp > now + rules.max_lifetime_seconds + rules.leeway_seconds) {
    return "expiry " + std::to_string(claims.exp) + " is further ahead than the most lifetime allows";
  }
  return std::nullopt;
}

std::optional<std::int64_t> session_expiry(std::int64_t auth_time, std::int64_t now, std::int64_t ttl,
                                           std::int64_t max_session) {
  const std::int64_t session_end = auth_time + max_session;
  if (now >= session_end) {
    return std::nullopt;
  }
  return std::min(now + ttl, session_end);
}

}  // namespace eventbook::auth
