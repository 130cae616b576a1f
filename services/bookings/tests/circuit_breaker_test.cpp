#include "bookings/domain/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace eventbook::bookings {
namespace {

using namespace std::chrono_literals;

TEST(CircuitBreaker, OpensAfterTheThresholdAndTriesOnceAfterTheCoolDown) {
  CircuitBreaker breaker(3, 1000ms);
  auto t0 = CircuitBreaker::Clock::now();
  EXPECT_TRUE(breaker.allow(t0));
  breaker.failure(t0);
  breaker.failure(t0);
  EXPECT_TRUE(breaker.allow(t0));
  breaker.failure(t0);
  EXPECT_TRUE(breaker.open(t0));
  EXPECT_FALSE(breaker.allow(t0 + 500ms));
  EXPECT_TRUE(breaker.allow(t0 + 1001ms));   // the trial call
  EXPECT_FALSE(breaker.allow(t0 + 1002ms));  // only one at a time
  breaker.failure(t0 + 1100ms);
  EXPECT_FALSE(breaker.allow(t0 + 1500ms));
  EXPECT_TRUE(breaker.allow(t0 + 2200ms));
  breaker.success();
  EXPECT_FALSE(breaker.open(t0 + 2200ms));
  EXPECT_TRUE(breaker.allow(t0 + 2200ms));
}

}  // namespace
}  // namespace eventbook::bookings
