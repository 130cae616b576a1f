#include "eventbook/auth/jwt.hpp"
#include "eventbook/auth/token_rules.hpp"

#include "sodium.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"

#include <sodium.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <mutex>
#include <optional>

namespace eventbook::auth {

namespace {

// Bearer tokens arrive in a header; this is far above any token we issue and
// bounds the work an attacker can ask for.
constexpr std::size_t kMaxTokenBytes = 4096;

// The client learns only that the token is unusable; the reason goes to the log.
constexpr std::string_view kRejectedDetail = "The bearer token is invalid or expired.";

[[noreturn]] void reject(std::string_view reason) {
  core::ApiError error{
      401, "unauthorized", std::string(kRejectedDetail), {}, "bearer token rejected: " + std::string(reason)};
  error.headers.emplace_back("WWW-Authenticate", R"(Bearer error="invalid_token")");
  throw error;
}

std::string encode_json(const boost::json::object& object) {
  auto text = core::to_json(object);
  return detail::base64url_encode(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

std::optional<boost::json::object> decode_json_object(std::string_view segment) {
  auto text = detail::base64url_decode(segment);
  if (!text) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(*text, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.as_object());
}

std::optional<std::string> string_claim(const boost::json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) {
    return std::nullopt;
  }
  return std::string(value->as_string());
}

std::optional<std::int64_t> time_claim(const boost::json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr || !value->is_int64()) {
    return std::nullopt;
  }
  return value->as_int64();
}

}  // namespace

std::string SigningKey::sign(const Claims& claims) const {
  detail::ensure_sodium();
  boost::json::object header{{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", public_.kid}};
  boost::json::object payload{{"sub", claims.sub},
                              {"role", claims.role},
                              {"iat", claims.iat},
                              {"exp", claims.exp},
                              {"auth_time", claims.auth_time != 0 ? claims.auth_time : claims.iat},
                              {"ver", claims.ver}};
  if (claims.nbf) payload["nbf"] = *claims.nbf;
  if (!claims.aud.empty()) payload["aud"] = claims.aud;
  auto token = encode_json(header) + '.' + encode_json(payload);
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       secret_.data());
  token += '.';
  token += detail::base64url_encode(signature);
  return token;
}

Verifier::Verifier(std::vector<PublicKey> keys, std::int64_t leeway_seconds, std::int64_t max_lifetime_seconds,
                   std::size_t remembered)
    : keys_(std::move(keys)),
      max_remembered_(std::max<std::size_t>(remembered, 1)),
      leeway_(std::max<std::int64_t>(leeway_seconds, 0)),
      max_lifetime_(std::max<std::int64_t>(max_lifetime_seconds, 1)) {
  detail::ensure_sodium();
}

std::size_t Verifier::remembered() const {
  std::shared_lock lock(mutex_);
  return verified_.size();
}

// One remembered token, picked at random, is forgotten. Clearing them all
// instead would make every use a signature check again once more clients
// than fit take turns (a waiting room's visitors polling), where forgetting
// at random keeps most of them remembered.
void Verifier::forget_one() const {
  if (verified_.empty()) return;
  draw_ ^= draw_ << 13;  // xorshift64
  draw_ ^= draw_ >> 7;
  draw_ ^= draw_ << 17;
  const auto buckets = verified_.bucket_count();
  for (auto bucket = static_cast<std::size_t>(draw_ % buckets);; bucket = (bucket + 1) % buckets) {
    if (verified_.bucket_size(bucket) > 0) {
      const std::string victim = verified_.begin(bucket)->first;
      verified_.erase(victim);
      return;
    }
  }
}

void Verifier::set_keys(std::vector<PublicKey> keys) {
  std::unique_lock lock(mutex_);
  keys_ = std::move(keys);
  verified_.clear();  // verified against keys that may be gone
  ++key_generation_;
}

bool Verifier::has_keys() const {
  std::shared_lock lock(mutex_);
  return !keys_.empty();
}

Claims Verifier::verify(std::string_view token, std::int64_t now_seconds) const {
  auto claims = verified_claims(token);
  if (auto problem = time_problem(claims, now_seconds, {leeway_, max_lifetime_})) {
    reject(*problem);
  }
  if (revoked(claims.ver, minimum_version(claims.sub))) {
    reject("revoked: version " + std::to_string(claims.ver) + " of " + claims.sub);
  }
  return claims;
}

void Verifier::revoke_below(const std::string& sub, std::int64_t version) {
  std::unique_lock lock(revocations_mutex_);
  auto [it, inserted] = minimum_versions_.try_emplace(sub, version);
  if (!inserted) it->second = std::max(it->second, version);
}

std::int64_t Verifier::minimum_version(std::string_view sub) const {
  std::shared_lock lock(revocations_mutex_);
  auto found = minimum_versions_.find(sub);
  return found == minimum_versions_.end() ? 0 : found->second;
}

// A signature check costs far more than the rest of a request, and clients
// send the same token again and again: the claims of tokens already verified
// against the current keys are remembered (the times are checked on every use
// by verify). A token that failed is not remembered.
Claims Verifier::verified_claims(std::string_view token) const {
  {
    std::shared_lock lock(mutex_);
    if (auto found = verified_.find(token); found != verified_.end()) return found->second;
  }
  if (token.size() > kMaxTokenBytes) {
    reject("longer than " + std::to_string(kMaxTokenBytes) + " bytes");
  }
  auto first_dot = token.find('.');
  auto second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    reject("not three dot-separated parts");
  }

  auto header = decode_json_object(token.substr(0, first_dot));
  if (!header) {
    reject("header is not a base64url JSON object");
  }
  // The algorithm is pinned: whatever the header claims, only EdDSA is tried.
  const auto* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "EdDSA") {
    reject("alg is not EdDSA");
  }
  // RFC 7515 requires rejecting critical extensions we do not understand; we understand none.
  if (header->contains("crit")) {
    reject("header has crit");
  }

  auto signature = detail::base64url_decode(token.substr(second_dot + 1));
  if (!signature || signature->size() != crypto_sign_BYTES) {
    reject("signature is not 64 bytes of base64url");
  }

  std::vector<std::array<unsigned char, 32>> candidates;
  const auto* kid = header->if_contains("kid");
  if (kid != nullptr && !kid->is_string()) {
    reject("kid is not a string");
  }
  std::uint64_t generation = 0;
  {
    std::shared_lock lock(mutex_);
    generation = key_generation_;
    for (const auto& key : keys_) {
      if (kid == nullptr || key.kid == kid->as_string()) {
        candidates.push_back(key.bytes);
      }
    }
  }
  if (candidates.empty()) {
    reject(kid == nullptr ? "no verification keys" : "unknown kid");
  }

  auto signed_part = token.substr(0, second_dot);
  bool valid = std::any_of(candidates.begin(), candidates.end(), [&](const auto& key) {
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(),
                                       key.data()) == 0;
  });
  if (!valid) {
    reject("bad signature");
  }

  auto payload = decode_json_object(token.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!payload) {
    reject("payload is not a base64url JSON object");
  }
  auto sub = string_claim(*payload, "sub");
  auto role = string_claim(*payload, "role");
  auto iat = time_claim(*payload, "iat");
  auto exp = time_claim(*payload, "exp");
  if (!sub || !role || !iat || !exp) {
    reject("claims sub, role, iat or exp missing or mistyped");
  }
  // Optional, but when present of the right type.
  auto optional_time = [&](std::string_view name) -> std::optional<std::int64_t> {
    if (!payload->contains(name)) return std::nullopt;
    auto value = time_claim(*payload, name);
    if (!value) reject(std::string(name) + " mistyped");
    return value;
  };
  auto auth_time = optional_time("auth_time");
  auto ver = optional_time("ver");
  auto nbf = optional_time("nbf");
  Claims claims{std::move(*sub), std::move(*role), *iat, *exp, auth_time.value_or(*iat), ver.value_or(0), nbf};
  if (payload->contains("aud")) {
    auto aud = string_claim(*payload, "aud");
    if (!aud) reject("aud mistyped");
    claims.aud = std::move(*aud);
  }
  std::unique_lock lock(mutex_);
  if (generation == key_generation_) {                      // the keys did not change meanwhile
    if (verified_.size() >= max_remembered_) forget_one();  // bounded
    verified_.emplace(std::string(token), claims);
  }
  return claims;
}

}  // namespace eventbook::auth
