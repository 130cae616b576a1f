#include "users/domain/login_throttle.hpp"

#include <gtest/gtest.h>

namespace eventbook::users {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kT0 = 1'750'000'000'000;

const Backoff kBackoff{3, 5 * kSecond, 60 * kSecond, 3600 * kSecond};

TEST(Backoff, DelaysStartAtTheThresholdAndDoubleUpToTheCap) {
  EXPECT_EQ(delay_after(kBackoff, 0), 0);
  EXPECT_EQ(delay_after(kBackoff, 2), 0);
  EXPECT_EQ(delay_after(kBackoff, 3), 5 * kSecond);
  EXPECT_EQ(delay_after(kBackoff, 4), 10 * kSecond);
  EXPECT_EQ(delay_after(kBackoff, 5), 20 * kSecond);
  EXPECT_EQ(delay_after(kBackoff, 6), 40 * kSecond);
  EXPECT_EQ(delay_after(kBackoff, 7), 60 * kSecond);
  EXPECT_EQ(delay_after(kBackoff, 1000), 60 * kSecond);
}

TEST(Backoff, TheWaitRunsFromTheLastFailureAndQuietForgetsIt) {
  FailureRecord record;
  EXPECT_EQ(wait_ms(kBackoff, record, kT0), 0);
  for (int i = 0; i < 3; ++i) record = with_failure(kBackoff, record, kT0);
  EXPECT_EQ(record.failures, 3);
  EXPECT_EQ(wait_ms(kBackoff, record, kT0), 5 * kSecond);
  EXPECT_EQ(wait_ms(kBackoff, record, kT0 + 4 * kSecond), 1 * kSecond);
  EXPECT_EQ(wait_ms(kBackoff, record, kT0 + 5 * kSecond), 0);
  record = with_failure(kBackoff, record, kT0 + 5 * kSecond);
  EXPECT_EQ(wait_ms(kBackoff, record, kT0 + 5 * kSecond), 10 * kSecond);
  // An hour without a failure: it starts over.
  EXPECT_FALSE(forgotten(kBackoff, record, kT0 + 3604 * kSecond));
  EXPECT_TRUE(forgotten(kBackoff, record, kT0 + 3605 * kSecond));
  record = with_failure(kBackoff, record, kT0 + 3605 * kSecond);
  EXPECT_EQ(record.failures, 1);
  EXPECT_EQ(wait_ms(kBackoff, record, kT0 + 3605 * kSecond), 0);
}

TEST(Backoff, TheCountStaysBounded) {
  FailureRecord record;
  for (int i = 0; i < 10000; ++i) record = with_failure(kBackoff, record, kT0 + i);
  EXPECT_LE(record.failures, kBackoff.threshold + 64);
  EXPECT_EQ(wait_ms(kBackoff, record, kT0 + 9999), 60 * kSecond);
}

ThrottlePolicy policy() {
  return ThrottlePolicy{.pair = {3, 5 * kSecond, 15 * kMinute, 86400 * kSecond},
                        .account = {20, 1 * kSecond, 5 * kMinute, 3600 * kSecond},
                        .address = {10, 1 * kSecond, 1 * kMinute, 15 * kMinute}};
}

TEST(LoginThrottle, TheOwnersAddressIsNotHeldBackByFailuresFromElsewhere) {
  LoginThrottle throttle(policy());
  for (int i = 0; i < 5; ++i) throttle.record_failure("owner@example.com", "203.0.113.9", kT0 + i);
  // The attacker's address waits, with a growing delay...
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "203.0.113.9", kT0 + 5), 20);
  // ...and the owner's does not.
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0 + 5), std::nullopt);
}

TEST(LoginThrottle, TheAccountWideBoundIsFarHigherAndSpansAddresses) {
  LoginThrottle throttle(policy());
  // Guessing spread over many addresses, each staying below its own threshold.
  for (int i = 0; i < 19; ++i) throttle.record_failure("owner@example.com", "10.0.0." + std::to_string(i), kT0);
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0), std::nullopt);
  throttle.record_failure("owner@example.com", "10.0.1.1", kT0);
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0), 1);
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0 + kSecond), std::nullopt);
  // Other accounts are not concerned.
  EXPECT_EQ(throttle.blocked_for("other@example.com", "198.51.100.7", kT0), std::nullopt);
}

TEST(LoginThrottle, SprayingFromOneAddressSlowsOnlyThatAddressBriefly) {
  LoginThrottle throttle(policy());
  for (int i = 0; i < 14; ++i) {
    throttle.record_failure("user" + std::to_string(i) + "@example.com", "203.0.113.9", kT0);
  }
  // The sprayer waits (1 s doubling, here 16 s), at most a minute...
  EXPECT_EQ(throttle.blocked_for("new@example.com", "203.0.113.9", kT0), 16);
  for (int i = 0; i < 50; ++i) throttle.record_failure("x@example.com", "203.0.113.9", kT0);
  EXPECT_EQ(throttle.blocked_for("new@example.com", "203.0.113.9", kT0), 60);
  // ...and none of the sprayed accounts is locked for its owners elsewhere.
  EXPECT_EQ(throttle.blocked_for("user0@example.com", "198.51.100.7", kT0), std::nullopt);
}

TEST(LoginThrottle, SuccessClearsOnlyThePair) {
  LoginThrottle throttle(policy());
  for (int i = 0; i < 3; ++i) throttle.record_failure("owner@example.com", "198.51.100.7", kT0);
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0), 5);
  throttle.record_success("owner@example.com", "198.51.100.7");
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0), std::nullopt);
  // The account-wide and the address counters keep counting.
  for (int i = 0; i < 17; ++i) throttle.record_failure("owner@example.com", "10.0.0." + std::to_string(i), kT0);
  EXPECT_EQ(throttle.blocked_for("owner@example.com", "198.51.100.7", kT0), 1);
}

TEST(LoginThrottle, RetryAfterIsRoundedUpToWholeSeconds) {
  LoginThrottle throttle(policy());
  for (int i = 0; i < 3; ++i) throttle.record_failure("a@example.com", "192.0.2.1", kT0);
  EXPECT_EQ(throttle.blocked_for("a@example.com", "192.0.2.1", kT0 + 4001), 1);
  EXPECT_EQ(throttle.blocked_for("a@example.com", "192.0.2.1", kT0 + 5000), std::nullopt);
}

}  // namespace
}  // namespace eventbook::users
