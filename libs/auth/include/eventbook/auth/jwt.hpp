#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eventbook::auth {

struct Claims {
  Claims() = default;
  // The claims a token is built from; the ones after exp are optional.
  Claims(std::string sub, std::string role, std::int64_t iat, std::int64_t exp, std::int64_t auth_time = 0,
         std::int64_t ver = 0, std::optional<std::int64_t> nbf = std::nullopt)
      : sub(std::move(sub)), role(std::move(role)), iat(iat), exp(exp), auth_time(auth_time), ver(ver), nbf(nbf) {}

  std::string sub;   // user id
  std::string role;  // attendee, organizer, admin, service
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  // When the sign-in this token descends from happened (renewals keep it);
  // 0 when signing means iat. A token without the claim reads as iat.
  std::int64_t auth_time = 0;
  // The account's token version when issued ("ver"); a token below the
  // account's current version is revoked. Missing reads as 0.
  std::int64_t ver = 0;
  // Not before ("nbf"), when the token carries one.
  std::optional<std::int64_t> nbf;
  // What the token is for ("aud"), when it is for one thing only: a waiting
  // room's pass names its event. Empty: a sign-in token.
  std::string aud;
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

// The clock skew allowed between the issuer and a verifier, in seconds.
inline constexpr std::int64_t kDefaultLeewaySeconds = 10;
// The longest lifetime a verifier accepts unless told otherwise (the most
// --token-ttl allows).
inline constexpr std::int64_t kDefaultMaxLifetimeSeconds = 30 * 24 * 3600;

// Checks tokens with the algorithm pinned to EdDSA. Thread-safe; the key set
// can be replaced, and revocations learned, while other threads verify.
class Verifier {
 public:
  // How many verified tokens a verifier remembers unless told otherwise.
  static constexpr std::size_t kDefaultRemembered = 16384;

  // remembered: how many tokens whose signature was checked are kept (a few
  // hundred bytes each), so that their next uses skip the check; when full, a
  // new one takes the place of one picked at random.
  explicit Verifier(std::vector<PublicKey> keys = {}, std::int64_t leeway_seconds = kDefaultLeewaySeconds,
                    std::int64_t max_lifetime_seconds = kDefaultMaxLifetimeSeconds,
                    std::size_t remembered = kDefaultRemembered);
  void set_keys(std::vector<PublicKey> keys);
  bool has_keys() const;
  // Throws core::ApiError 401 for a malformed token, another algorithm, an
  // unknown key, a bad signature, a token whose times break the rules of
  // token_rules.hpp (expired, not yet valid, issued in the future, living
  // longer than max_lifetime_seconds), or a revoked token.
  Claims verify(std::string_view token, std::int64_t now_seconds) const;

  // Revokes every token of the account `sub` whose version is below
  // `version`. Versions only rise: a lower one than already known is ignored.
  void revoke_below(const std::string& sub, std::int64_t version);
  // The lowest token version still valid for the account (0 when none was revoked).
  std::int64_t minimum_version(std::string_view sub) const;
  // How many verified tokens are remembered now.
  std::size_t remembered() const;

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  Claims verified_claims(std::string_view token) const;
  // Makes room for one more remembered token; under mutex_, held exclusively.
  void forget_one() const;

  mutable std::shared_mutex mutex_;
  std::vector<PublicKey> keys_;
  std::uint64_t key_generation_ = 0;  // changes with keys_
  mutable std::unordered_map<std::string, Claims, TextHash, std::equal_to<>> verified_;
  std::size_t max_remembered_;
  mutable std::uint64_t draw_ = 0x9e3779b97f4a7c15;  // picks what to forget; under mutex_
  std::int64_t leeway_;
  std::int64_t max_lifetime_;
  mutable std::shared_mutex revocations_mutex_;
  std::unordered_map<std::string, std::int64_t, TextHash, std::equal_to<>> minimum_versions_;
};

}  // namespace eventbook::auth
