#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string_view>
#include <thread>

namespace eventbook::testing {

// Calls `condition` until it returns true or `timeout` has passed, pausing
// `interval` between calls; whether it came true. For the support code that
// reports a timeout its own way (a process that will not stop, a server that
// never gets healthy).
template <typename Condition>
bool poll_until(Condition&& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

// Waits for something the test expects to happen, instead of sleeping a
// fixed time: polls `condition` until it holds, or fails naming `what` once
// `timeout` has passed. The timeout is a deadline for a hung system, not a
// measure of speed; `interval` spares a costly condition.
//   ASSERT_TRUE(eventually([&] { return pending() == 0; }, std::chrono::seconds(10), "the outbox drains"));
template <typename Condition>
[[nodiscard]] ::testing::AssertionResult eventually(
    Condition&& condition, std::chrono::milliseconds timeout, std::string_view what,
    std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
  if (poll_until(condition, timeout, interval)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not so after " << timeout.count() << " ms: " << what;
}

}  // namespace eventbook::testing
