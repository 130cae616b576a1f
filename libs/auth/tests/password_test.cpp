#include "eventbook/auth/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <string_view>

namespace eventbook::auth {
namespace {

using namespace std::string_view_literals;

TEST(Password, VerifiesOnlyTheRightPassword) {
  auto hash = hash_password("correct horse battery staple");
  EXPECT_TRUE(verify_password(hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(hash, "correct horse battery stapler"));
  EXPECT_FALSE(verify_password(hash, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST(Password, HashIsArgon2idAtTheChosenCost) {
  auto hash = hash_password("s3cret!");
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$")) << hash;
  EXPECT_NE(hash.find("m=19456,t=2,p=1"), std::string::npos) << hash;
  EXPECT_EQ(hash.find("s3cret"), std::string::npos);
  // libsodium itself agrees with the hash.
  EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), "s3cret!", 7), 0);
}

TEST(Password, EachHashHasItsOwnSalt) {
  auto first = hash_password("same password");
  auto second = hash_password("same password");
  EXPECT_NE(first, second);
  EXPECT_TRUE(verify_password(first, "same password"));
  EXPECT_TRUE(verify_password(second, "same password"));
}

TEST(Password, EveryByteOfThePasswordCounts) {
  auto with_nul = hash_password("abc\0def"sv);
  EXPECT_TRUE(verify_password(with_nul, "abc\0def"sv));
  EXPECT_FALSE(verify_password(with_nul, "abc"));

  auto unicode = hash_password("p\xC3\xA4sswort \xF0\x9F\x94\x91");
  EXPECT_TRUE(verify_password(unicode, "p\xC3\xA4sswort \xF0\x9F\x94\x91"));
  EXPECT_FALSE(verify_password(unicode, "pa\xCC\x88sswort \xF0\x9F\x94\x91"));

  auto empty = hash_password("");
  EXPECT_TRUE(verify_password(empty, ""));
  EXPECT_FALSE(verify_password(empty, " "));
}

TEST(Password, GarbageStoredHashNeverVerifies) {
  for (const auto* stored :
       {"", "not a hash", "$argon2id$", "$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA", "correct horse battery staple"}) {
    EXPECT_FALSE(verify_password(stored, "correct horse battery staple")) << stored;
    EXPECT_FALSE(verify_password(stored, "")) << stored;
  }
}

TEST(Password, HashesAtOtherCostsStillVerify) {
  char stored[crypto_pwhash_STRBYTES];
  ASSERT_EQ(
      crypto_pwhash_str(stored, "older", 5, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
  EXPECT_TRUE(verify_password(stored, "older"));
  EXPECT_FALSE(verify_password(stored, "newer"));
}

TEST(Password, DecoyHashIsStableAndMatchesNothingGuessable) {
  const auto& decoy = decoy_hash();
  EXPECT_EQ(&decoy, &decoy_hash());
  EXPECT_TRUE(decoy.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << decoy;
  for (const auto* guess : {"", "password", "decoy", "admin"}) {
    EXPECT_FALSE(verify_password(decoy, guess)) << guess;
  }
}

}  // namespace
}  // namespace eventbook::auth
