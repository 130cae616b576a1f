#include "users/domain/login_throttle.hpp"

namespace eventbook::users {

void LoginThrottle::prune(std::deque<std::int64_t>& failures, std::int64_t now) const {
  while (!failures.empty() && failures.front() <= now - limits_.window_seconds) {
    failures.pop_front();
  }
}

std::optional<std::int64_t> LoginThrottle::blocked_for(const std::string& key, std::int64_t now) const {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    return std::nullopt;
  }
  prune(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(it->second.size()) < limits_.max_failures) {
    return std::nullopt;
  }
  return std::max<std::int64_t>(1, it->second.front() + limits_.window_seconds - now);
}

void LoginThrottle::record_failure(const std::string& key, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (failures_.size() > kSweepAbove) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& failures = failures_[key];
  prune(failures, now);
  failures.push_back(now);
  // Memory stays bounded: only the newest failures matter for the decision.
  while (static_cast<int>(failures.size()) > limits_.max_failures) {
    failures.pop_front();
  }
}

void LoginThrottle::reset(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

}  // namespace eventbook::users
