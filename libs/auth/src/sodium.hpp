#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace eventbook::auth::detail {

// Initialises libsodium once per process; throws std::runtime_error if it
// cannot (no usable random source).
void ensure_sodium();

// Base64url without padding, as JOSE uses it.
std::string base64url_encode(std::span<const unsigned char> bytes);
// Accepts only canonical base64url without padding; nullopt otherwise.
std::optional<std::string> base64url_decode(std::string_view text);

// Standard base64 with padding, as `base64` prints it.
std::string base64_encode(std::span<const unsigned char> bytes);
std::optional<std::string> base64_decode(std::string_view text);

// base64url of the first 8 bytes of the key's SHA-256: stable across restarts
// and distinct per key, so a rotated key gets a new kid on its own.
std::string key_id(const std::array<unsigned char, 32>& public_key);

}  // namespace eventbook::auth::detail
