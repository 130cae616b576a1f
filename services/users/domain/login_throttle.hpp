#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace eventbook::users {

// Growing delays after repeated failed sign-ins (OWASP's advice: slow the
// guesser down instead of locking the account). Times in milliseconds.
struct Backoff {
  int threshold = 10;                       // the failure count from which each failure imposes a delay
  std::int64_t first_delay_ms = 5000;       // the delay after the threshold-th failure; doubles with each further one
  std::int64_t max_delay_ms = 15 * 60000;   // the delay never grows beyond this
  std::int64_t forget_after_ms = 86400000;  // failures are forgotten after this long without one
};

// The failures of one key (an account, an address, or the pair of both).
struct FailureRecord {
  int failures = 0;
  std::int64_t last_failure_ms = 0;
};

// The rules, as pure functions of the record and the time.
// The delay that follows the `failures`-th failure: 0 below the threshold,
// then first_delay_ms, doubling with each further failure, up to max_delay_ms.
std::int64_t delay_after(const Backoff& backoff, int failures);
// Whether the record has been quiet long enough to be forgotten.
bool forgotten(const Backoff& backoff, const FailureRecord& record, std::int64_t now_ms);
// Milliseconds before the key may try again (0: now).
std::int64_t wait_ms(const Backoff& backoff, const FailureRecord& record, std::int64_t now_ms);
// The record after one more failure at now_ms (a forgotten record starts over).
FailureRecord with_failure(const Backoff& backoff, FailureRecord record, std::int64_t now_ms);

// What a sign-in is held to: three counters with their own backoff.
struct ThrottlePolicy {
  // Per account and client address: the owner's own address is never held
  // back by failures made from elsewhere. A successful sign-in clears it.
  Backoff pair{10, 5000, 15 * 60000, 86400000};
  // Per account across all addresses: far higher, against guessing spread
  // over many addresses.
  Backoff account{100, 1000, 5 * 60000, 3600000};
  // Per client address across all accounts: slows spraying one password
  // over many accounts, with short delays that lock no account out.
  Backoff address{50, 1000, 60000, 15 * 60000};
};

// Keeps the counters in memory (each replica on its own) and applies the
// policy. Thread-safe.
class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottlePolicy policy = {}) : policy_(policy) {}

  // Whole seconds (rounded up) until this account may be tried from this
  // address, or nothing when it may be tried now.
  std::optional<std::int64_t> blocked_for(const std::string& account, const std::string& address,
                                          std::int64_t now_ms) const;
  void record_failure(const std::string& account, const std::string& address, std::int64_t now_ms);
  // The owner signed in from this address: its pair starts over (the
  // account-wide and address counters do not, or a guesser could clear them
  // by signing in to an account of their own).
  void record_success(const std::string& account, const std::string& address);

  const ThrottlePolicy& policy() const noexcept { return policy_; }

 private:
  static constexpr std::size_t kSweepAbove = 100000;
  using Table = std::unordered_map<std::string, FailureRecord>;

  static std::string pair_key(const std::string& account, const std::string& address);
  static std::int64_t wait_in(const Table& table, const Backoff& backoff, const std::string& key, std::int64_t now_ms);
  static void fail_in(Table& table, const Backoff& backoff, const std::string& key, std::int64_t now_ms);

  ThrottlePolicy policy_;
  mutable std::mutex mutex_;
  Table pairs_;
  Table accounts_;
  Table addresses_;
};

}  // namespace eventbook::users
