#include "eventbook/auth/password.hpp"

#include "sodium.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace eventbook::auth {

namespace {

// OWASP's Argon2id baseline: 19 MiB, 2 iterations (libsodium always uses 1 lane).
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 19456 * 1024;

}  // namespace

std::string hash_password(std::string_view password) {
  detail::ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  // data() of an empty view may be null; argon2 wants a pointer either way.
  const char* text = password.empty() ? "" : password.data();
  if (crypto_pwhash_str_alg(out.data(), text, password.size(), kOpsLimit, kMemLimit, crypto_pwhash_ALG_ARGON2ID13) !=
      0) {
    throw std::runtime_error("password hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  detail::ensure_sodium();
  // libsodium reads the hash as a C string.
  std::string hash(stored_hash);
  const char* text = password.empty() ? "" : password.data();
  return crypto_pwhash_str_verify(hash.c_str(), text, password.size()) == 0;
}

const std::string& decoy_hash() {
  static const std::string hash = [] {
    detail::ensure_sodium();
    std::array<unsigned char, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    auto password = detail::base64url_encode(secret);
    sodium_memzero(secret.data(), secret.size());
    return hash_password(password);
  }();
  return hash;
}

}  // namespace eventbook::auth
