#include "users/domain/login_throttle.hpp"

#include <algorithm>

namespace eventbook::users {

std::int64_t delay_after(const Backoff& backoff, int failures) {
  if (failures < backoff.threshold) {
    return 0;
  }
  std::int64_t delay = backoff.first_delay_ms;
  for (int beyond = failures - backoff.threshold; beyond > 0 && delay < backoff.max_delay_ms; --beyond) {
    delay *= 2;
  }
  return std::min(delay, backoff.max_delay_ms);
}

bool forgotten(const Backoff& backoff, const FailureRecord& record, std::int64_t now_ms) {
  return record.failures == 0 || now_ms - record.last_failure_ms >= backoff.forget_after_ms;
}

std::int64_t wait_ms(const Backoff& backoff, const FailureRecord& record, std::int64_t now_ms) {
  if (forgotten(backoff, record, now_ms)) {
    return 0;
  }
  return std::max<std::int64_t>(0, record.last_failure_ms + delay_after(backoff, record.failures) - now_ms);
}

FailureRecord with_failure(const Backoff& backoff, FailureRecord record, std::int64_t now_ms) {
  if (forgotten(backoff, record, now_ms)) {
    record = {};
  }
  // Bounded: far beyond the point where the delay stops growing nothing changes.
  record.failures = std::min(record.failures + 1, backoff.threshold + 64);
  record.last_failure_ms = std::max(record.last_failure_ms, now_ms);
  return record;
}

std::string LoginThrottle::pair_key(const std::string& account, const std::string& address) {
  // An address never holds a newline; an e-mail address we accept does not either.
  return account + '\n' + address;
}

std::int64_t LoginThrottle::wait_in(const Table& table, const Backoff& backoff, const std::string& key,
                                    std::int64_t now_ms) {
  auto found = table.find(key);
  return found == table.end() ? 0 : wait_ms(backoff, found->second, now_ms);
}

void LoginThrottle::fail_in(Table& table, const Backoff& backoff, const std::string& key, std::int64_t now_ms) {
  if (table.size() > kSweepAbove) {
    std::erase_if(table, [&](const auto& entry) { return forgotten(backoff, entry.second, now_ms); });
  }
  auto& record = table[key];
  record = with_failure(backoff, record, now_ms);
}

std::optional<std::int64_t> LoginThrottle::blocked_for(const std::string& account, const std::string& address,
                                                       std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  std::int64_t wait = std::max({wait_in(pairs_, policy_.pair, pair_key(account, address), now_ms),
                                wait_in(accounts_, policy_.account, account, now_ms),
                                wait_in(addresses_, policy_.address, address, now_ms)});
  if (wait <= 0) {
    return std::nullopt;
  }
  return (wait + 999) / 1000;
}

void LoginThrottle::record_failure(const std::string& account, const std::string& address, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  fail_in(pairs_, policy_.pair, pair_key(account, address), now_ms);
  fail_in(accounts_, policy_.account, account, now_ms);
  fail_in(addresses_, policy_.address, address, now_ms);
}

void LoginThrottle::record_success(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  pairs_.erase(pair_key(account, address));
}

}  // namespace eventbook::users
