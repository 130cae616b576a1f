#include "eventbook/auth/token_rules.hpp"

#include "token_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace eventbook::auth {
namespace {

using testing_support::RawKey;
using testing_support::rejected;

constexpr std::int64_t kNow = 1'750'000'000;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

Claims claims(std::int64_t iat, std::int64_t exp) { return Claims{"user-1", "attendee", iat, exp, iat}; }

TEST(TokenRules, AFreshTokenHasNoProblem) { EXPECT_FALSE(time_problem(claims(kNow, kNow + kHour), kNow, {10, kDay})); }

TEST(TokenRules, ExpiryAllowsOnlyTheLeeway) {
  auto token = claims(kNow - kHour, kNow);
  EXPECT_FALSE(time_problem(token, kNow + 9, {10, kDay}));
  EXPECT_TRUE(time_problem(token, kNow + 10, {10, kDay}));
}

TEST(TokenRules, NotBeforeInTheFutureIsRefusedBeyondTheLeeway) {
  auto token = claims(kNow, kNow + kHour);
  token.nbf = kNow + 10;
  EXPECT_FALSE(time_problem(token, kNow, {10, kDay}));
  token.nbf = kNow + 11;
  EXPECT_TRUE(time_problem(token, kNow, {10, kDay}));
  EXPECT_FALSE(time_problem(token, kNow + 1, {10, kDay}));
  token.nbf = kNow - kHour;
  EXPECT_FALSE(time_problem(token, kNow, {10, kDay}));
}

TEST(TokenRules, IssuedOrSignedInInTheFutureIsRefused) {
  EXPECT_TRUE(time_problem(claims(kNow + 11, kNow + kHour), kNow, {10, kDay}));
  auto token = claims(kNow, kNow + kHour);
  token.auth_time = kNow + 11;
  EXPECT_TRUE(time_problem(token, kNow, {10, kDay}));
}

TEST(TokenRules, AnExpiryFurtherAheadThanTheLifetimeAllowsIsRefused) {
  // Longer than the lifetime from its own issue time.
  EXPECT_FALSE(time_problem(claims(kNow, kNow + kDay), kNow, {10, kDay}));
  EXPECT_TRUE(time_problem(claims(kNow, kNow + kDay + 1), kNow, {10, kDay}));
  // An issue time set back does not help.
  EXPECT_TRUE(time_problem(claims(kNow - kDay, kNow + kDay), kNow, {10, kDay}));
  auto far = claims(kNow + 10, kNow + kDay + 10);
  EXPECT_FALSE(time_problem(far, kNow, {10, kDay}));
  far.exp += 1;
  EXPECT_TRUE(time_problem(far, kNow, {10, kDay}));
}

// exp - iat overflowed for an iat far in the past, and such a token was taken
// for a short-lived one.
TEST(TokenRules, AnIssueTimeFarInThePastDoesNotWrapTheLifetimeAround) {
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_TRUE(time_problem(claims(kMin, kNow + kHour), kNow, {10, kDay}));
  EXPECT_TRUE(time_problem(claims(kMin + 16'700, kNow + 4956), kNow, {10, kDay}));
  EXPECT_TRUE(time_problem(claims(-kNow, kNow), kNow, {10, kDay}));
  EXPECT_FALSE(time_problem(claims(kNow - kDay + 1, kNow + 1), kNow, {10, kDay}));

  RawKey key;
  Verifier verifier({key.public_key()}, 10, kDay);
  auto header = R"({"alg":"EdDSA","typ":"JWT","kid":")" + key.kid() + R"("})";
  auto payload =
      R"({"sub":"user-1","role":"admin","iat":-9223372036854775808,"exp":)" + std::to_string(kNow + kHour) + "}";
  EXPECT_TRUE(rejected(verifier, key.sign(header, payload), kNow));
}

TEST(TokenRules, RenewalNeverPassesTheEndOfTheSignIn) {
  const std::int64_t max_session = 7 * kDay;
  // Right after signing in: a whole ttl.
  EXPECT_EQ(session_expiry(kNow, kNow, kHour, max_session), kNow + kHour);
  // Close to the end: cut to the end of the sign-in.
  EXPECT_EQ(session_expiry(kNow, kNow + max_session - 60, kHour, max_session), kNow + max_session);
  // At or after the end: no more tokens without signing in again.
  EXPECT_EQ(session_expiry(kNow, kNow + max_session, kHour, max_session), std::nullopt);
  EXPECT_EQ(session_expiry(kNow, kNow + 30 * kDay, kHour, max_session), std::nullopt);
  // Renewing again and again never gets past it.
  std::int64_t now = kNow;
  std::int64_t last = 0;
  int renewals = 0;
  while (auto exp = session_expiry(kNow, now, kHour, max_session)) {
    EXPECT_LE(*exp, kNow + max_session);
    last = *exp;
    // Renewed a minute before each expiry; at the end, once it is past.
    now = *exp == kNow + max_session ? *exp : *exp - 60;
    ASSERT_LT(++renewals, 1000);
  }
  EXPECT_EQ(last, kNow + max_session);
  EXPECT_EQ(now, kNow + max_session);
}

TEST(TokenRules, RevokedBelowTheMinimumVersion) {
  EXPECT_FALSE(revoked(0, 0));
  EXPECT_FALSE(revoked(3, 3));
  EXPECT_FALSE(revoked(4, 3));
  EXPECT_TRUE(revoked(2, 3));
}

TEST(TokenRules, SignedClaimsRoundTrip) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  Claims issued{"user-1", "attendee", kNow, kNow + kHour, kNow - 600, 4, kNow - 1};
  auto read = verifier.verify(key.sign(issued), kNow);
  EXPECT_EQ(read.auth_time, kNow - 600);
  EXPECT_EQ(read.ver, 4);
  EXPECT_EQ(read.nbf, kNow - 1);
  // Signed without an auth_time: it is the issue time.
  auto plain = verifier.verify(key.sign(Claims{"user-1", "attendee", kNow, kNow + kHour}), kNow);
  EXPECT_EQ(plain.auth_time, kNow);
  EXPECT_EQ(plain.ver, 0);
  EXPECT_FALSE(plain.nbf);
}

TEST(TokenRules, TheVerifierRefusesNotBeforeLongLivedAndMistypedClaims) {
  RawKey key;
  Verifier verifier({key.public_key()}, 10, kDay);
  auto header = R"({"alg":"EdDSA","typ":"JWT","kid":")" + key.kid() + R"("})";
  auto payload = [](const std::string& extra, std::int64_t exp) {
    return R"({"sub":"user-1","role":"attendee","iat":)" + std::to_string(kNow) + R"(,"exp":)" + std::to_string(exp) +
           extra + "}";
  };
  EXPECT_NO_THROW(verifier.verify(key.sign(header, payload("", kNow + kHour)), kNow));
  auto versioned = payload(R"(,"ver":2,"auth_time":1749990000)", kNow + kHour);
  EXPECT_NO_THROW(verifier.verify(key.sign(header, versioned), kNow));
  auto not_yet = payload(R"(,"nbf":)" + std::to_string(kNow + kHour), kNow + 2 * kHour);
  EXPECT_TRUE(rejected(verifier, key.sign(header, not_yet), kNow));
  EXPECT_TRUE(rejected(verifier, key.sign(header, payload("", kNow + kDay + 1)), kNow));
  for (const auto& extra : {R"(,"nbf":"soon")", R"(,"nbf":null)", R"(,"ver":"1")", R"(,"ver":1.5)",
                            R"(,"auth_time":[1])", R"(,"auth_time":null)"}) {
    EXPECT_TRUE(rejected(verifier, key.sign(header, payload(extra, kNow + kHour)), kNow)) << extra;
  }
}

TEST(TokenRules, TheVerifierRefusesRevokedVersionsEvenWhenRemembered) {
  auto key = SigningKey::generate();
  Verifier verifier({key.public_key()});
  auto old_token = key.sign(Claims{"user-1", "attendee", kNow, kNow + kHour, kNow, 0});
  auto new_token = key.sign(Claims{"user-1", "attendee", kNow, kNow + kHour, kNow, 1});
  auto other_user = key.sign(Claims{"user-2", "attendee", kNow, kNow + kHour, kNow, 0});
  EXPECT_NO_THROW(verifier.verify(old_token, kNow));  // now remembered
  verifier.revoke_below("user-1", 1);
  EXPECT_EQ(verifier.minimum_version("user-1"), 1);
  EXPECT_TRUE(rejected(verifier, old_token, kNow));
  EXPECT_NO_THROW(verifier.verify(new_token, kNow));
  EXPECT_NO_THROW(verifier.verify(other_user, kNow));
  verifier.revoke_below("user-1", 0);  // versions never go back
  EXPECT_EQ(verifier.minimum_version("user-1"), 1);
  EXPECT_TRUE(rejected(verifier, old_token, kNow));
  verifier.revoke_below("user-1", 2);
  EXPECT_TRUE(rejected(verifier, new_token, kNow));
}

}  // namespace
}  // namespace eventbook::auth
