#pragma once

#include "eventbook/auth/jwt.hpp"

#include <chrono>
#include <string>

namespace eventbook::service {

// Fetches the users service's public keys from USERS_URL/api/users/.well-known/jwks.json,
// retrying while it is not up yet; throws std::runtime_error after `patience`.
std::vector<auth::PublicKey> fetch_public_keys(const std::string& users_url, std::chrono::seconds patience);

}  // namespace eventbook::service
