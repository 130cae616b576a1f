#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace eventbook::users {

// Counts failed logins per key (an account or an address) in a sliding window
// and refuses further attempts once a key has used up its allowance. Kept in
// memory: each replica throttles on its own.
class LoginThrottle {
 public:
  struct Limits {
    int max_failures = 10;
    std::int64_t window_seconds = 900;
  };

  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // Seconds until the key may try again, or nothing when it may try now.
  std::optional<std::int64_t> blocked_for(const std::string& key, std::int64_t now) const;
  void record_failure(const std::string& key, std::int64_t now);
  void reset(const std::string& key);

 private:
  static constexpr std::size_t kSweepAbove = 100000;
  void prune(std::deque<std::int64_t>& failures, std::int64_t now) const;

  Limits limits_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::string, std::deque<std::int64_t>> failures_;
};

}  // namespace eventbook::users
