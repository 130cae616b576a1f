#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/core/error.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace eventbook::auth::testing_support {

inline void init_sodium() {
  if (sodium_init() < 0) {
    std::abort();
  }
}

inline std::string b64url(std::string_view bytes) {
  init_sodium();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();
  return out;
}

inline std::string b64url(const unsigned char* bytes, std::size_t size) {
  return b64url(std::string_view(reinterpret_cast<const char*>(bytes), size));
}

inline std::string b64url_decode(std::string_view text) {
  init_sodium();
  std::string out(text.size(), '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &size, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    ADD_FAILURE() << "test input is not base64url: " << text;
    return {};
  }
  out.resize(size);
  return out;
}

// The key id rule, computed here independently of the library.
inline std::string expected_kid(const std::array<unsigned char, 32>& public_key) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), public_key.data(), public_key.size());
  return b64url(digest.data(), 8);
}

// An Ed25519 key driven by raw libsodium, to sign tokens with any header or
// payload, including ones SigningKey would never produce.
struct RawKey {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};

  RawKey() {
    init_sodium();
    crypto_sign_keypair(pk.data(), sk.data());
  }

  std::string kid() const { return expected_kid(pk); }
  PublicKey public_key() const { return PublicKey{kid(), pk}; }

  std::string sign(std::string_view header_json, std::string_view payload_json) const {
    auto input = b64url(header_json) + "." + b64url(payload_json);
    std::array<unsigned char, crypto_sign_BYTES> signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                         sk.data());
    return input + "." + b64url(signature.data(), signature.size());
  }
};

inline ::testing::AssertionResult rejected(const Verifier& verifier, std::string_view token, std::int64_t now) {
  try {
    auto claims = verifier.verify(token, now);
    return ::testing::AssertionFailure() << "accepted, sub=" << claims.sub << " role=" << claims.role;
  } catch (const core::ApiError& error) {
    // Every rejection must look the same to the client.
    if (error.status() != 401 || error.code() != "unauthorized" ||
        error.detail() != "The bearer token is invalid or expired." || error.log_message().empty()) {
      return ::testing::AssertionFailure()
             << "unexpected error " << error.status() << " " << error.code() << ": " << error.detail();
    }
    return ::testing::AssertionSuccess() << error.log_message();
  }
}

}  // namespace eventbook::auth::testing_support
