#include "bookings/domain/circuit_breaker.hpp"

namespace eventbook::bookings {

bool CircuitBreaker::allow(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (failures_ < threshold_) return true;
  if (now < open_until_ || trial_in_flight_) return false;
  trial_in_flight_ = true;  // half-open: one call finds out
  return true;
}

void CircuitBreaker::success() {
  std::lock_guard lock(mutex_);
  failures_ = 0;
  trial_in_flight_ = false;
}

void CircuitBreaker::failure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++failures_;
  trial_in_flight_ = false;
  if (failures_ >= threshold_) open_until_ = now + cool_down_;
}

bool CircuitBreaker::open(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return failures_ >= threshold_ && now < open_until_;
}

}  // namespace eventbook::bookings
