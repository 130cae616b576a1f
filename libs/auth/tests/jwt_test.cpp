#include "eventbook/auth/jwt.hpp"

#include "token_support.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <boost/json/parse.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace eventbook::auth {
namespace {

using testing_support::b64url;
using testing_support::b64url_decode;
using testing_support::RawKey;
using testing_support::rejected;

constexpr std::int64_t kNow = 1'750'000'000;

Claims attendee_claims() { return Claims{"user-1", "attendee", kNow, kNow + 900}; }

struct Parts {
  std::string header;
  std::string payload;
  std::string signature;
};

Parts split(const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  return {token.substr(0, first), token.substr(first + 1, second - first - 1), token.substr(second + 1)};
}

std::string payload_json(std::int64_t iat, std::int64_t exp) {
  return R"({"sub":"user-1","role":"attendee","iat":)" + std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) + "}";
}

std::string header_json(std::string_view alg, std::string_view kid) {
  return R"({"alg":")" + std::string(alg) + R"(","typ":"JWT","kid":")" + std::string(kid) + R"("})";
}

TEST(Jwt, SignedTokenVerifiesWithItsClaims) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto claims = verifier.verify(key.sign(Claims{"user-42", "organizer", kNow, kNow + 900}), kNow);
  EXPECT_EQ(claims.sub, "user-42");
  EXPECT_EQ(claims.role, "organizer");
  EXPECT_EQ(claims.iat, kNow);
  EXPECT_EQ(claims.exp, kNow + 900);
}

TEST(Jwt, TokenIsAStandardEdDsaJws) {
  auto key = SigningKey::generate();
  auto token = key.sign(attendee_claims());
  auto parts = split(token);

  EXPECT_EQ(boost::json::parse(b64url_decode(parts.header)),
            boost::json::parse(R"({"alg":"EdDSA","typ":"JWT","kid":")" + key.kid() + R"("})"));
  // The sign-in time defaults to the issue time; the token version to 0.
  auto expected = payload_json(kNow, kNow + 900);
  expected.insert(expected.size() - 1, R"(,"auth_time":)" + std::to_string(kNow) + R"(,"ver":0)");
  EXPECT_EQ(boost::json::parse(b64url_decode(parts.payload)), boost::json::parse(expected));

  auto signature = b64url_decode(parts.signature);
  ASSERT_EQ(signature.size(), crypto_sign_BYTES);
  auto input = parts.header + "." + parts.payload;
  EXPECT_EQ(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                        reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                                        key.public_key().bytes.data()),
            0);
  EXPECT_EQ(key.kid(), testing_support::expected_kid(key.public_key().bytes));
}

TEST(Jwt, AlgNoneWithoutSignatureIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto parts = split(key.sign(attendee_claims()));
  auto forged = b64url(R"({"alg":"none","typ":"JWT","kid":")" + key.kid() + R"("})") + "." + parts.payload + ".";
  EXPECT_TRUE(rejected(verifier, forged, kNow));
  auto without_kid = b64url(R"({"alg":"none","typ":"JWT"})") + "." + parts.payload + ".";
  EXPECT_TRUE(rejected(verifier, without_kid, kNow));
}

TEST(Jwt, OtherAlgorithmsAreRejectedEvenWithAValidSignature) {
  RawKey key;
  Verifier verifier({key.public_key()});
  auto payload = payload_json(kNow, kNow + 900);
  ASSERT_NO_THROW(verifier.verify(key.sign(header_json("EdDSA", key.kid()), payload), kNow));
  for (const auto* alg : {"none", "HS256", "ES256", "RS256", "eddsa", "Ed25519", ""}) {
    EXPECT_TRUE(rejected(verifier, key.sign(header_json(alg, key.kid()), payload), kNow)) << alg;
  }
  EXPECT_TRUE(rejected(verifier, key.sign(R"({"typ":"JWT","kid":")" + key.kid() + R"("})", payload), kNow));
  EXPECT_TRUE(rejected(verifier, key.sign(R"({"alg":null,"kid":")" + key.kid() + R"("})", payload), kNow));
}

TEST(Jwt, Hs256WithThePublicKeyAsSecretIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto input = b64url(header_json("HS256", key.kid())) + "." + b64url(payload_json(kNow, kNow + 900));
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.public_key().bytes.data(), key.public_key().bytes.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  EXPECT_TRUE(rejected(verifier, input + "." + b64url(mac.data(), mac.size()), kNow));
}

TEST(Jwt, ChangedPayloadIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto token = key.sign(attendee_claims());
  ASSERT_NO_THROW(verifier.verify(token, kNow));

  auto parts = split(token);
  auto payload = b64url_decode(parts.payload);
  auto at = payload.find("attendee");
  ASSERT_NE(at, std::string::npos);
  payload.replace(at, 8, "admin");
  EXPECT_TRUE(rejected(verifier, parts.header + "." + b64url(payload) + "." + parts.signature, kNow));

  // One character of the encoded payload changed in place.
  auto flipped = parts.payload;
  flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(rejected(verifier, parts.header + "." + flipped + "." + parts.signature, kNow));
}

TEST(Jwt, ChangedHeaderIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto parts = split(key.sign(attendee_claims()));
  auto header = R"({"alg":"EdDSA","typ":"JWT","kid":")" + key.kid() + R"(","x":1})";
  EXPECT_TRUE(rejected(verifier, b64url(header) + "." + parts.payload + "." + parts.signature, kNow));
}

TEST(Jwt, ChangedSignatureIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto parts = split(key.sign(attendee_claims()));
  auto signature = b64url_decode(parts.signature);
  signature[10] = static_cast<char>(signature[10] ^ 0x01);
  EXPECT_TRUE(rejected(verifier, parts.header + "." + parts.payload + "." + b64url(signature), kNow));
  EXPECT_TRUE(rejected(verifier, parts.header + "." + parts.payload + "." + b64url(signature.substr(0, 32)), kNow));
  // The untouched signature with bytes appended: Ed25519 reads only the first 64.
  auto original = b64url_decode(parts.signature);
  EXPECT_TRUE(rejected(verifier, parts.header + "." + parts.payload + "." + b64url(original + "x"), kNow));
  EXPECT_TRUE(rejected(verifier, parts.header + "." + parts.payload + "." + b64url(original + original), kNow));
}

// libsodium 1.0.18 read every byte above 0x7F as the digit '_': a valid
// token with a '_' of its signature so replaced was accepted.
TEST(Jwt, ASignatureSpeltWithABytePastAsciiIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  int tried = 0;
  for (std::int64_t exp = kNow + 900; tried < 10 && exp < kNow + 1900; ++exp) {
    auto token = key.sign(Claims{"user-1", "attendee", kNow, exp});
    auto underscore = token.find('_', token.rfind('.'));
    if (underscore == std::string::npos) continue;
    ++tried;
    EXPECT_NO_THROW(verifier.verify(token, kNow));
    for (char byte : {'\x80', '\xbf', '\xff'}) {
      auto changed = token;
      changed[underscore] = byte;
      EXPECT_TRUE(rejected(verifier, changed, kNow));
    }
  }
  EXPECT_EQ(tried, 10);
}

TEST(Jwt, TokenOfAnotherKeyIsRejected) {
  auto trusted = SigningKey::generate();
  auto stranger = SigningKey::generate();
  Verifier verifier({trusted.public_key()});
  EXPECT_TRUE(rejected(verifier, stranger.sign(attendee_claims()), kNow));

  // Another key's signature under the trusted key's kid.
  RawKey forger;
  EXPECT_TRUE(
      rejected(verifier, forger.sign(header_json("EdDSA", trusted.kid()), payload_json(kNow, kNow + 900)), kNow));
}

TEST(Jwt, KidSelectsTheKey) {
  RawKey key;
  auto other = SigningKey::generate();
  auto payload = payload_json(kNow, kNow + 900);
  // The right key under a kid the verifier does not know is not tried.
  Verifier verifier({other.public_key(), PublicKey{"rotated-away", key.pk}});
  EXPECT_TRUE(rejected(verifier, key.sign(header_json("EdDSA", key.kid()), payload), kNow));
  EXPECT_NO_THROW(verifier.verify(key.sign(header_json("EdDSA", "rotated-away"), payload), kNow));
  EXPECT_TRUE(rejected(verifier, key.sign(R"({"alg":"EdDSA","kid":7})", payload), kNow));
}

TEST(Jwt, WithoutKidEveryKeyIsTried) {
  RawKey key;
  RawKey stranger;
  auto other = SigningKey::generate();
  Verifier verifier({other.public_key(), key.public_key()});
  auto payload = payload_json(kNow, kNow + 900);
  EXPECT_EQ(verifier.verify(key.sign(R"({"alg":"EdDSA","typ":"JWT"})", payload), kNow).sub, "user-1");
  EXPECT_TRUE(rejected(verifier, stranger.sign(R"({"alg":"EdDSA","typ":"JWT"})", payload), kNow));
}

TEST(Jwt, CriticalHeaderExtensionsAreRejected) {
  RawKey key;
  Verifier verifier({key.public_key()});
  auto header = R"({"alg":"EdDSA","kid":")" + key.kid() + R"(","crit":["exp"]})";
  EXPECT_TRUE(rejected(verifier, key.sign(header, payload_json(kNow, kNow + 900)), kNow));
}

TEST(Jwt, ExpiryAllowsOnlyTheLeeway) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()}, 30);
  auto token = key.sign(Claims{"user-1", "attendee", kNow - 900, kNow});
  EXPECT_NO_THROW(verifier.verify(token, kNow - 1));
  EXPECT_NO_THROW(verifier.verify(token, kNow + 29));
  EXPECT_TRUE(rejected(verifier, token, kNow + 30));
  EXPECT_TRUE(rejected(verifier, token, kNow + 3600));

  Verifier strict({key.public_key()}, 0);
  EXPECT_NO_THROW(strict.verify(token, kNow - 1));
  EXPECT_TRUE(rejected(strict, token, kNow));
}

TEST(Jwt, TokenIssuedInTheFutureIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()}, 30);
  EXPECT_NO_THROW(verifier.verify(key.sign(Claims{"user-1", "attendee", kNow + 30, kNow + 900}), kNow));
  EXPECT_TRUE(rejected(verifier, key.sign(Claims{"user-1", "attendee", kNow + 31, kNow + 900}), kNow));
  EXPECT_TRUE(rejected(verifier, key.sign(Claims{"user-1", "attendee", kNow + 3600, kNow + 7200}), kNow));
}

TEST(Jwt, MissingOrMistypedClaimsAreRejected) {
  RawKey key;
  Verifier verifier({key.public_key()});
  auto header = header_json("EdDSA", key.kid());
  ASSERT_NO_THROW(verifier.verify(key.sign(header, payload_json(kNow, kNow + 900)), kNow));
  const std::string iat = std::to_string(kNow);
  const std::string exp = std::to_string(kNow + 900);
  for (const auto& payload : {
           R"({"role":"attendee","iat":)" + iat + R"(,"exp":)" + exp + "}",
           R"({"sub":7,"role":"attendee","iat":)" + iat + R"(,"exp":)" + exp + "}",
           R"({"sub":"","role":"attendee","iat":)" + iat + R"(,"exp":)" + exp + "}",
           R"({"sub":"user-1","iat":)" + iat + R"(,"exp":)" + exp + "}",
           R"({"sub":"user-1","role":["admin"],"iat":)" + iat + R"(,"exp":)" + exp + "}",
           R"({"sub":"user-1","role":"attendee","exp":)" + exp + "}",
           R"({"sub":"user-1","role":"attendee","iat":")" + iat + R"(","exp":)" + exp + "}",
           R"({"sub":"user-1","role":"attendee","iat":)" + iat + "}",
           R"({"sub":"user-1","role":"attendee","iat":)" + iat + R"(,"exp":)" + exp + ".5}",
           R"({"sub":"user-1","role":"attendee","iat":)" + iat + R"(,"exp":99999999999999999999})",
           R"({"sub":"user-1","role":"attendee","iat":)" + iat + R"(,"exp":null})",
           std::string(R"(["user-1","attendee"])"),
           std::string(R"({"sub":"user-1")"),
       }) {
    EXPECT_TRUE(rejected(verifier, key.sign(header, payload), kNow)) << payload;
  }
}

TEST(Jwt, GarbageIsRejected) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto token = key.sign(attendee_claims());
  auto parts = split(token);
  const std::vector<std::string> garbage = {
      "",
      ".",
      "..",
      "a.b",
      "a.b.c",
      "a.b.c.d",
      "not a token",
      "!!!.???.***",
      token + ".",
      token + ".x",
      "." + token,
      token + "=",
      " " + token,
      "Bearer " + token,
      parts.header + "." + parts.payload,
      parts.header + ".." + parts.signature,
      parts.header + "+." + parts.payload + "." + parts.signature,
      b64url("not json") + "." + parts.payload + "." + parts.signature,
      b64url("[1,2]") + "." + parts.payload + "." + parts.signature,
      std::string(10'000, 'a') + "." + parts.payload + "." + parts.signature,
  };
  for (const auto& text : garbage) {
    EXPECT_TRUE(rejected(verifier, text, kNow)) << text;
  }
}

TEST(Jwt, VerifierWithoutKeysRejectsUntilKeysArrive) {
  auto key = SigningKey::generate();
  auto token = key.sign(attendee_claims());
  Verifier verifier;
  EXPECT_FALSE(verifier.has_keys());
  EXPECT_TRUE(rejected(verifier, token, kNow));
  verifier.set_keys({key.public_key()});
  EXPECT_TRUE(verifier.has_keys());
  EXPECT_EQ(verifier.verify(token, kNow).sub, "user-1");
  verifier.set_keys({});
  EXPECT_TRUE(rejected(verifier, token, kNow));
}

TEST(Jwt, ARememberedTokenIsStillCheckedAgainstTheClockAndTheKeys) {
  auto key = SigningKey::generate();
  auto other = SigningKey::generate();
  auto token = key.sign(attendee_claims());
  Verifier verifier({key.public_key()}, 30);
  EXPECT_EQ(verifier.verify(token, kNow).sub, "user-1");
  EXPECT_EQ(verifier.verify(token, kNow + 100).sub, "user-1");  // answered from memory
  EXPECT_TRUE(rejected(verifier, token, kNow + 900 + 30));
  EXPECT_TRUE(rejected(verifier, token, kNow - 31));
  verifier.set_keys({other.public_key()});
  EXPECT_TRUE(rejected(verifier, token, kNow));
  auto tampered = token;
  auto& letter = tampered[tampered.size() - 10];  // inside the signature
  letter = letter == 'A' ? 'B' : 'A';
  verifier.set_keys({key.public_key()});
  EXPECT_EQ(verifier.verify(token, kNow).sub, "user-1");
  EXPECT_TRUE(rejected(verifier, tampered, kNow));
}

TEST(Jwt, AFullVerifierForgetsOneRememberedTokenForEachNewOne) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()}, kDefaultLeewaySeconds, kDefaultMaxLifetimeSeconds, 4);
  std::vector<std::string> tokens;
  for (int n = 0; n < 10; ++n) {
    tokens.push_back(key.sign(Claims{"user-" + std::to_string(n), "attendee", kNow, kNow + 900}));
    EXPECT_EQ(verifier.verify(tokens.back(), kNow).sub, "user-" + std::to_string(n));
    EXPECT_EQ(verifier.remembered(), std::min<std::size_t>(n + 1, 4));  // never emptied
  }
  for (int n = 0; n < 10; ++n) {  // the forgotten ones are checked again, as valid as before
    EXPECT_EQ(verifier.verify(tokens[static_cast<std::size_t>(n)], kNow).sub, "user-" + std::to_string(n));
  }
  EXPECT_EQ(verifier.remembered(), 4u);
}

TEST(Jwt, KeysCanBeReplacedWhileOtherThreadsVerify) {
  auto key = SigningKey::generate();
  auto other = SigningKey::generate();
  auto token = key.sign(attendee_claims());
  Verifier verifier({key.public_key()});
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> verified{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        // Both key sets keep `key`, so every verification must succeed.
        try {
          verifier.verify(token, kNow);
          ++verified;
        } catch (const core::ApiError&) {
          ++failures;
        }
      }
    });
  }
  for (int round = 0; verified + failures < 500; ++round) {
    if (round % 2 == 0) {
      verifier.set_keys({other.public_key(), key.public_key()});
    } else {
      verifier.set_keys({key.public_key()});
    }
  }
  stop = true;
  for (auto& reader : readers) {
    reader.join();
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace eventbook::auth
