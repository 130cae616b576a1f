#include "eventbook/auth/jwt.hpp"

#include "token_support.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::auth {
namespace {

using testing_support::b64url;
using testing_support::b64url_decode;
using testing_support::RawKey;

constexpr std::int64_t kNow = 1'750'000'000;

std::string ed25519_key(const std::string& x, const std::string& extra = {}) {
  return R"({"kty":"OKP","crv":"Ed25519","x":")" + x + "\"" + extra + "}";
}

std::string key_set(const std::string& keys) { return R"({"keys":[)" + keys + "]}"; }

TEST(Jwks, PublishesEachKeyAsAnEd25519Jwk) {
  auto key = SigningKey::generate();
  auto jwks = to_jwks({key.public_key()});
  const auto& keys = jwks.at("keys").as_array();
  ASSERT_EQ(keys.size(), 1u);
  const auto& jwk = keys[0].as_object();
  EXPECT_EQ(jwk.size(), 6u);
  EXPECT_EQ(jwk.at("kty"), "OKP");
  EXPECT_EQ(jwk.at("crv"), "Ed25519");
  EXPECT_EQ(jwk.at("alg"), "EdDSA");
  EXPECT_EQ(jwk.at("use"), "sig");
  EXPECT_EQ(std::string_view(jwk.at("kid").as_string()), key.kid());
  auto x = b64url_decode(jwk.at("x").as_string());
  EXPECT_EQ(x, std::string(key.public_key().bytes.begin(), key.public_key().bytes.end()));
}

TEST(Jwks, RoundTripKeepsKeysInOrder) {
  auto first = SigningKey::generate();
  auto second = SigningKey::generate();
  auto keys = parse_jwks(boost::json::serialize(to_jwks({first.public_key(), second.public_key()})));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].kid, first.kid());
  EXPECT_EQ(keys[0].bytes, first.public_key().bytes);
  EXPECT_EQ(keys[1].kid, second.kid());
  EXPECT_EQ(keys[1].bytes, second.public_key().bytes);
  EXPECT_TRUE(parse_jwks(boost::json::serialize(to_jwks({}))).empty());
}

TEST(Jwks, VerifierBuiltFromPublishedKeysAcceptsTokens) {
  auto key = SigningKey::generate();
  auto stranger = SigningKey::generate();
  Verifier verifier(parse_jwks(boost::json::serialize(to_jwks({key.public_key()}))));
  auto claims = verifier.verify(key.sign(Claims{"user-7", "admin", kNow, kNow + 60}), kNow);
  EXPECT_EQ(claims.sub, "user-7");
  EXPECT_EQ(claims.role, "admin");
  EXPECT_TRUE(testing_support::rejected(verifier, stranger.sign(Claims{"user-7", "admin", kNow, kNow + 60}), kNow));
}

TEST(Jwks, SkipsKeysForOtherAlgorithmsAndUses) {
  RawKey ours;
  RawKey other;
  auto x = b64url(ours.pk.data(), ours.pk.size());
  auto other_x = b64url(other.pk.data(), other.pk.size());
  auto document = key_set(R"({"kty":"RSA","kid":"rsa","n":"sXch","e":"AQAB"},)"
                          R"({"kty":"EC","crv":"P-256","kid":"ec","x":"AA","y":"AA"},)"
                          R"({"kty":"OKP","crv":"X25519","kid":"dh","x":")" +
                          other_x + R"("},)" + ed25519_key(other_x, R"(,"kid":"enc","use":"enc")") + "," +
                          ed25519_key(other_x, R"(,"kid":"es","alg":"ES256")") + "," +
                          ed25519_key(x, R"(,"kid":"mine","alg":"EdDSA","use":"sig")"));
  auto keys = parse_jwks(document);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].kid, "mine");
  EXPECT_EQ(keys[0].bytes, ours.pk);
}

TEST(Jwks, KeyWithoutKidGetsTheDerivedKid) {
  RawKey key;
  auto keys = parse_jwks(key_set(ed25519_key(b64url(key.pk.data(), key.pk.size()))));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].kid, key.kid());
}

TEST(Jwks, MalformedDocumentsThrow) {
  RawKey key;
  auto x = b64url(key.pk.data(), key.pk.size());
  const std::vector<std::string> documents = {
      "",
      "not json",
      "[]",
      "{}",
      R"({"keys":{}})",
      R"({"keys":null})",
      R"({"keys":[1]})",
      R"({"keys":[[]]})",
      key_set(R"({"crv":"Ed25519","x":")" + x + R"("})"),
      key_set(R"({"kty":1,"crv":"Ed25519","x":")" + x + R"("})"),
      key_set(R"({"kty":"OKP","x":")" + x + R"("})"),
      key_set(R"({"kty":"OKP","crv":"Ed25519"})"),
      key_set(ed25519_key("+/+/" + x.substr(4))),
      key_set(ed25519_key(x + "=")),
      key_set(ed25519_key(x.substr(0, 42))),
      key_set(ed25519_key(x + "AAAA")),
      key_set(ed25519_key(x, R"(,"kid":7)")),
      key_set(ed25519_key(x, R"(,"kid":"")")),
      key_set(ed25519_key(x, R"(,"use":false)")),
      key_set(ed25519_key(x)) + "trailing",
  };
  for (const auto& document : documents) {
    EXPECT_THROW(parse_jwks(document), std::invalid_argument) << document;
  }
  EXPECT_NO_THROW(parse_jwks(key_set(ed25519_key(x))));
}

}  // namespace
}  // namespace eventbook::auth
