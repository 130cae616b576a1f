#pragma once

#include <chrono>
#include <mutex>

namespace eventbook::bookings {

// Stops calling a dependency that keeps failing: after `threshold` failures
// in a row it opens for `cool_down`, then lets one trial call through.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;

  CircuitBreaker(int threshold, std::chrono::milliseconds cool_down) : threshold_(threshold), cool_down_(cool_down) {}

  // Whether a call may go out now.
  bool allow(Clock::time_point now = Clock::now());
  void success();
  void failure(Clock::time_point now = Clock::now());
  bool open(Clock::time_point now = Clock::now()) const;

 private:
  int threshold_;
  std::chrono::milliseconds cool_down_;
  mutable std::mutex mutex_;
  int failures_ = 0;
  Clock::time_point open_until_{};
  bool trial_in_flight_ = false;
};

}  // namespace eventbook::bookings
