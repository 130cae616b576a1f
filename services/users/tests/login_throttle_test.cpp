#include "users/domain/login_throttle.hpp"

#include <gtest/gtest.h>

namespace eventbook::users {
namespace {

TEST(LoginThrottle, BlocksAfterTheAllowanceUntilTheWindowPasses) {
  LoginThrottle throttle({.max_failures = 3, .window_seconds = 60});
  EXPECT_EQ(throttle.blocked_for("a", 1000), std::nullopt);
  throttle.record_failure("a", 1000);
  throttle.record_failure("a", 1010);
  EXPECT_EQ(throttle.blocked_for("a", 1010), std::nullopt);
  throttle.record_failure("a", 1020);
  EXPECT_EQ(throttle.blocked_for("a", 1020), 40);
  EXPECT_EQ(throttle.blocked_for("b", 1020), std::nullopt);
  EXPECT_EQ(throttle.blocked_for("a", 1059), 1);
  // The first failure has left the window: one more attempt is allowed.
  EXPECT_EQ(throttle.blocked_for("a", 1060), std::nullopt);
}

TEST(LoginThrottle, ResetForgetsTheFailures) {
  LoginThrottle throttle({.max_failures = 1, .window_seconds = 60});
  throttle.record_failure("a", 1);
  EXPECT_TRUE(throttle.blocked_for("a", 2));
  throttle.reset("a");
  EXPECT_EQ(throttle.blocked_for("a", 2), std::nullopt);
}

}  // namespace
}  // namespace eventbook::users
