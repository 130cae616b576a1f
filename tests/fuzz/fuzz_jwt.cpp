// The bearer token verifier (auth::Verifier) with any token: arbitrary
// strings; any header and payload with a made-up signature; tokens signed by
// the target's own keys with any header, payload or claims; such tokens with
// one byte changed. A token the target did not sign is never accepted. One it
// signed is accepted exactly when its header is EdDSA's, its claims are
// well-typed, its times keep the rules of token_rules.hpp (checked here in
// 128 bits, so without overflow) and its version is not revoked; the claims
// accepted are the ones signed, on a first use and on a remembered one.
#include "eventbook/auth/jwt.hpp"
#include "eventbook/auth/token_rules.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"

#include <fuzzer/FuzzedDataProvider.h>
#include <sodium.h>
#include <boost/json/parse.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace eventbook;

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::int64_t kLeeway = 10;
constexpr std::int64_t kMaxLifetime = 24 * 3600;
constexpr char kRawKid[] = "fuzz-raw-key";

[[noreturn]] void fail(const char* what, std::string_view token) {
  std::fprintf(stderr, "fuzz_jwt: %s: %.*s\n", what, static_cast<int>(token.size()), token.data());
  __builtin_trap();
}

std::string b64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();
  return out;
}

// The issuer's key (SigningKey, as the users service signs) and a raw
// Ed25519 key that signs any header and payload; the verifier knows both.
struct Keys {
  auth::SigningKey issuer = auth::SigningKey::generate();
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> raw_public{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> raw_secret{};

  Keys() {
    if (sodium_init() < 0) __builtin_trap();
    crypto_sign_keypair(raw_public.data(), raw_secret.data());
  }

  std::vector<auth::PublicKey> public_keys() const { return {issuer.public_key(), {kRawKid, raw_public}}; }

  std::string sign_raw(std::string_view header, std::string_view payload) const {
    auto input = b64url(header) + "." + b64url(payload);
    std::array<unsigned char, crypto_sign_BYTES> signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                         raw_secret.data());
    return input + "." + b64url(std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size()));
  }
};

// Whether the claims keep the time rules at now, computed without overflow.
bool keeps_time_rules(const auth::Claims& claims, std::int64_t now) {
  using Wide = __int128;
  const Wide at = now;
  if (Wide{claims.exp} <= at - kLeeway) return false;
  if (Wide{claims.iat} > at + kLeeway || Wide{claims.auth_time} > at + kLeeway) return false;
  if (claims.nbf && Wide{*claims.nbf} > at + kLeeway) return false;
  if (Wide{claims.exp} - claims.iat > kMaxLifetime) return false;
  return Wide{claims.exp} <= at + kMaxLifetime + kLeeway;
}

std::optional<auth::Claims> verify(const auth::Verifier& verifier, std::string_view token, std::int64_t now) {
  try {
    return verifier.verify(token, now);
  } catch (const core::ApiError& error) {
    if (error.status() != 401 || error.detail() != "The bearer token is invalid or expired.") {
      fail("a token was refused with another answer than 401", token);
    }
    return std::nullopt;
  }
}

void expect_refused(const auth::Verifier& verifier, std::string_view token, std::int64_t now) {
  if (verify(verifier, token, now)) fail("a token the target did not sign was accepted", token);
}

bool same(const auth::Claims& a, const auth::Claims& b) {
  return a.sub == b.sub && a.role == b.role && a.iat == b.iat && a.exp == b.exp && a.auth_time == b.auth_time &&
         a.ver == b.ver && a.nbf == b.nbf;
}

// Checks the verifier's answer for a token signed by the target whose claims,
// if they are usable at all, are `expected`.
void expect_answer(const auth::Verifier& verifier, const std::string& token,
                   const std::optional<auth::Claims>& expected, std::int64_t now) {
  bool usable = expected && token.size() <= 4096 && keeps_time_rules(*expected, now) &&
                !auth::revoked(expected->ver, verifier.minimum_version(expected->sub));
  auto claims = verify(verifier, token, now);
  if (claims && !usable) fail("a signed token that breaks the rules was accepted", token);
  if (!claims && usable) fail("a signed token that keeps the rules was refused", token);
  if (claims && !same(*claims, *expected)) fail("the claims accepted are not the ones signed", token);
}

std::int64_t a_time(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 3)) {
    case 0:
      return kNow + input.ConsumeIntegralInRange<std::int64_t>(-4 * kMaxLifetime, 4 * kMaxLifetime);
    case 1:
      return kNow + input.ConsumeIntegralInRange<std::int64_t>(-100, 100);
    case 2:
      return input.ConsumeBool() ? std::numeric_limits<std::int64_t>::min() + input.ConsumeIntegral<std::uint16_t>()
                                 : std::numeric_limits<std::int64_t>::max() - input.ConsumeIntegral<std::uint16_t>();
    default:
      return input.ConsumeIntegral<std::int64_t>();
  }
}

const boost::json::value* member(const boost::json::object& object, std::string_view name) {
  return object.if_contains(name);
}

// The claims a verifier must read from a token signed by the raw key with
// this header and payload, or nothing when it must refuse it whatever the time.
std::optional<auth::Claims> expected_claims(std::string_view header_text, std::string_view payload_text) {
  boost::json::error_code ec;
  auto header = boost::json::parse(header_text, ec);
  if (ec || !header.is_object()) return std::nullopt;
  const auto* alg = member(header.as_object(), "alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "EdDSA") return std::nullopt;
  if (header.as_object().contains("crit")) return std::nullopt;
  const auto* kid = member(header.as_object(), "kid");
  if (kid != nullptr && (!kid->is_string() || kid->as_string() != kRawKid)) return std::nullopt;
  auto payload = boost::json::parse(payload_text, ec);
  if (ec || !payload.is_object()) return std::nullopt;
  const auto& claims = payload.as_object();
  auto text = [&](std::string_view name) -> std::optional<std::string> {
    const auto* value = member(claims, name);
    if (value == nullptr || !value->is_string() || value->as_string().empty()) return std::nullopt;
    return std::string(value->as_string());
  };
  bool typed = true;
  auto time = [&](std::string_view name, bool required) -> std::optional<std::int64_t> {
    const auto* value = member(claims, name);
    if (value == nullptr) {
      typed = typed && !required;
      return std::nullopt;
    }
    if (!value->is_int64()) {
      typed = false;
      return std::nullopt;
    }
    return value->as_int64();
  };
  auto sub = text("sub");
  auto role = text("role");
  auto iat = time("iat", true);
  auto exp = time("exp", true);
  auto auth_time = time("auth_time", false);
  auto ver = time("ver", false);
  auto nbf = time("nbf", false);
  if (!sub || !role || !typed) return std::nullopt;
  return auth::Claims{*sub, *role, *iat, *exp, auth_time.value_or(*iat), ver.value_or(0), nbf};
}

// A payload with the usual claims, their values taken from the input.
std::string claims_json(FuzzedDataProvider& input) {
  boost::json::object payload{{"sub", input.ConsumeRandomLengthString(40)},
                              {"role", input.ConsumeBool() ? "attendee" : "admin"},
                              {"iat", a_time(input)},
                              {"exp", a_time(input)}};
  if (input.ConsumeBool()) payload["auth_time"] = a_time(input);
  if (input.ConsumeBool()) payload["ver"] = input.ConsumeIntegralInRange<std::int64_t>(-2, 5);
  if (input.ConsumeBool()) payload["nbf"] = a_time(input);
  return core::to_json(payload);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Keys keys;
  FuzzedDataProvider input(data, size);
  auth::Verifier verifier(keys.public_keys(), kLeeway, kMaxLifetime);
  switch (input.ConsumeIntegralInRange(0, 4)) {
    case 0: {  // any string
      auto token = input.ConsumeRemainingBytesAsString();
      expect_refused(verifier, token, kNow);
      break;
    }
    case 1: {  // any header and payload, or well-formed ones, with a signature the target did not make
      auto header = input.ConsumeBool() ? std::string(R"({"alg":"EdDSA","typ":"JWT","kid":")") + kRawKid + "\"}"
                                        : input.ConsumeRandomLengthString(200);
      auto payload = input.ConsumeBool() ? claims_json(input) : input.ConsumeRandomLengthString(400);
      auto signature = input.ConsumeRemainingBytesAsString();
      expect_refused(verifier, b64url(header) + "." + b64url(payload) + "." + b64url(signature), kNow);
      break;
    }
    case 2: {  // any header and payload, signed by the target
      auto header = input.ConsumeRandomLengthString(200);
      auto payload = input.ConsumeBool() ? claims_json(input) : input.ConsumeRemainingBytesAsString();
      auto token = keys.sign_raw(header, payload);
      auto expected = expected_claims(header, payload);
      expect_answer(verifier, token, expected, kNow);
      expect_answer(verifier, token, expected, kNow + input.ConsumeIntegralInRange<std::int64_t>(-100, 100));
      break;
    }
    case 3: {  // the issuer's own tokens with any claims, some accounts revoked
      auth::Claims claims{input.ConsumeRandomLengthString(40),
                          input.ConsumeRandomLengthString(20),
                          a_time(input),
                          a_time(input),
                          input.ConsumeBool() ? a_time(input) : 0,
                          input.ConsumeIntegralInRange<std::int64_t>(-2, 5)};
      if (input.ConsumeBool()) claims.nbf = a_time(input);
      auto token = keys.issuer.sign(claims);
      // What the issuer writes: text as valid UTF-8, the sign-in time at iat when not given.
      auth::Claims written = claims;
      written.sub = core::valid_utf8(claims.sub);
      written.role = core::valid_utf8(claims.role);
      if (written.auth_time == 0) written.auth_time = written.iat;
      std::optional<auth::Claims> expected;
      if (!written.sub.empty() && !written.role.empty()) expected = written;
      if (input.ConsumeBool()) verifier.revoke_below(written.sub, input.ConsumeIntegralInRange<std::int64_t>(-2, 5));
      expect_answer(verifier, token, expected, kNow);
      // Remembered now if it was accepted: the times are checked again, and a revocation learned since holds.
      if (input.ConsumeBool()) verifier.revoke_below(written.sub, input.ConsumeIntegralInRange<std::int64_t>(-2, 5));
      expect_answer(verifier, token, expected,
                    kNow + input.ConsumeIntegralInRange<std::int64_t>(-kMaxLifetime, kMaxLifetime));
      break;
    }
    default: {  // a valid token with one byte changed, dropped or added
      auto token = keys.issuer.sign({"user-1", "attendee", kNow, kNow + 900});
      auto changed = token;
      auto at = input.ConsumeIntegralInRange<std::size_t>(0, token.size() - 1);
      auto byte = input.ConsumeIntegral<char>();
      switch (input.ConsumeIntegralInRange(0, 2)) {
        case 0:
          changed[at] = byte;
          break;
        case 1:
          changed.erase(at, 1);
          break;
        default:
          changed.insert(at, 1, byte);
          break;
      }
      if (changed == token) break;
      if (input.ConsumeBool()) (void)verify(verifier, token, kNow);  // remembered first
      expect_refused(verifier, changed, kNow);
      break;
    }
  }
  return 0;
}
