#pragma once

#include <string>
#include <string_view>

namespace eventbook::auth {

// Argon2id at OWASP's recommended cost (19 MiB, 2 passes, 1 lane), in
// libsodium's self-describing string form. Takes tens of milliseconds: call it
// from a worker pool.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view stored_hash, std::string_view password);

// A hash to compare against when the account does not exist, so an unknown
// email costs the same time as a wrong password.
const std::string& decoy_hash();

}  // namespace eventbook::auth
