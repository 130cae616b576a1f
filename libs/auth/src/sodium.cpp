#include "sodium.hpp"

#include "eventbook/auth/random.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string_view>

namespace eventbook::auth::detail {

namespace {

std::string encode(std::span<const unsigned char> bytes, int variant) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.pop_back();  // the terminating NUL sodium writes
  return out;
}

// The characters of each alphabet. libsodium 1.0.18 reads every byte above
// 0x7F as the last digit ('_' or '/'), so that a token could be spelt in many
// ways: only these characters are handed to it.
constexpr std::string_view kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kOriginal = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

std::optional<std::string> decode(std::string_view text, int variant) {
  const auto alphabet = variant == sodium_base64_VARIANT_URLSAFE_NO_PADDING ? kUrlSafe : kOriginal;
  if (text.find_first_not_of(alphabet) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  // Without an end pointer sodium fails on any character it does not consume,
  // so trailing garbage is an error rather than silently ignored.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, variant) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

std::string base64url_encode(std::span<const unsigned char> bytes) {
  return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string base64_encode(std::span<const unsigned char> bytes) {
  return encode(bytes, sodium_base64_VARIANT_ORIGINAL);
}

std::optional<std::string> base64_decode(std::string_view text) { return decode(text, sodium_base64_VARIANT_ORIGINAL); }

std::string key_id(const std::array<unsigned char, 32>& public_key) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), public_key.data(), public_key.size());
  return base64url_encode(std::span(digest).first(8));
}

}  // namespace eventbook::auth::detail

namespace eventbook::auth {

void random_bytes(std::span<std::uint8_t> out) {
  detail::ensure_sodium();
  randombytes_buf(out.data(), out.size());
}

}  // namespace eventbook::auth
