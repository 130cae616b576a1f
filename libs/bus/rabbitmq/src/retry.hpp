#pragma once

#include "eventbook/core/log.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace eventbook::bus::rabbitmq {

// Exponential backoff between reconnection attempts: min, 2·min, 4·min ... up
// to max, each with up to a quarter of jitter so that replicas do not all
// come back in the same instant.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max)
      : min_(std::max(min, std::chrono::milliseconds(1))),
        max_(std::max(max, min_)),
        next_(min_),
        random_(std::random_device{}()) {}

  std::chrono::milliseconds next() {
    auto delay = next_;
    next_ = std::min(next_ * 2, max_);
    std::uniform_int_distribution<std::int64_t> jitter(0, delay.count() / 4);
    return std::min(delay + std::chrono::milliseconds(jitter(random_)), max_);
  }
  void reset() noexcept { next_ = min_; }

 private:
  std::chrono::milliseconds min_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
  std::minstd_rand random_;
};

// A stop request the worker threads can sleep on.
class StopSignal {
 public:
  void request() {
    {
      std::lock_guard lock(mutex_);
      requested_ = true;
    }
    changed_.notify_all();
  }
  bool requested() const noexcept { return requested_.load(); }
  // Sleeps for duration or until a stop is requested; true when it was.
  bool wait_for(std::chrono::milliseconds duration) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, duration, [this] { return requested_.load(); });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::atomic<bool> requested_{false};
};

// Logs a connection's ups and downs once per change of state, not once per
// reconnection attempt.
class ConnectionLog {
 public:
  ConnectionLog(std::string role, boost::json::object fields) : role_(std::move(role)), fields_(std::move(fields)) {}

  void up() {
    if (!up_) {
      core::log::info("bus", role_ + " connected to the broker", fields_);
    }
    up_ = true;
    reported_down_ = false;
  }
  void down(const std::string& error) {
    if (up_ || !reported_down_) {
      auto fields = fields_;
      fields["error"] = error;
      core::log::warn(
          "bus",
          role_ + (up_ ? " lost its broker connection; reconnecting" : " cannot connect to the broker; retrying"),
          std::move(fields));
    }
    up_ = false;
    reported_down_ = true;
  }

 private:
  std::string role_;
  boost::json::object fields_;
  bool up_ = false;
  bool reported_down_ = false;
};

}  // namespace eventbook::bus::rabbitmq
