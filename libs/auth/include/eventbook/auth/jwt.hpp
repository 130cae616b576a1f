#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace eventbook::auth {

struct Claims {
  std::string sub;   // user id
  std::string role;  // attendee, organizer, admin, service
  std::int64_t iat = 0;
  std::int64_t exp = 0;
};

// An Ed25519 public key with its key id.
struct PublicKey {
  std::string kid;
  std::array<unsigned char, 32> bytes{};
};

// The private key tokens are signed with (EdDSA / Ed25519).
class SigningKey {
 public:
  static SigningKey generate();
  // Reads the key from file, or creates it there (mode 0600) when missing.
  static SigningKey load_or_create(const std::filesystem::path& file);

  const std::string& kid() const noexcept { return public_.kid; }
  const PublicKey& public_key() const noexcept { return public_; }
  // A compact JWS: header {"alg":"EdDSA","typ":"JWT","kid":...}.
  std::string sign(const Claims& claims) const;

 private:
  std::array<unsigned char, 64> secret_{};
  PublicKey public_;
};

// {"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","use":"sig","kid":...,"x":...}]}
boost::json::object to_jwks(const std::vector<PublicKey>& keys);
// Throws std::invalid_argument on a document that is not such a key set.
std::vector<PublicKey> parse_jwks(std::string_view json);

// Checks tokens with the algorithm pinned to EdDSA. Thread-safe; the key set
// can be replaced while other threads verify.
class Verifier {
 public:
  explicit Verifier(std::vector<PublicKey> keys = {}, std::int64_t leeway_seconds = 30);
  void set_keys(std::vector<PublicKey> keys);
  bool has_keys() const;
  // Throws core::ApiError 401 for a malformed token, another algorithm, an
  // unknown key, a bad signature, or an expired or not-yet-valid token.
  Claims verify(std::string_view token, std::int64_t now_seconds) const;

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  static constexpr std::size_t kMaxVerified = 16384;

  Claims verified_claims(std::string_view token) const;

  mutable std::shared_mutex mutex_;
  std::vector<PublicKey> keys_;
  std::uint64_t key_generation_ = 0;  // changes with keys_
  mutable std::unordered_map<std::string, Claims, TextHash, std::equal_to<>> verified_;
  std::int64_t leeway_;
};

}  // namespace eventbook::auth
