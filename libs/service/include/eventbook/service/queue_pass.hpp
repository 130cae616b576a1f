#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/core/task.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace eventbook::http {
class Client;
}

namespace eventbook::service {

// A waiting room's admission pass: a token signed with the queue service's
// key, for one account (sub) and one event (aud "event:<id>"), valid until exp.
inline constexpr const char* kQueuePassRole = "queue-pass";
// The longest a pass may live (an event's passMinutes is at most 60).
inline constexpr std::int64_t kQueuePassMaxSeconds = 3600;

// A pass valid until `expires_at_seconds` (at most kQueuePassMaxSeconds from now).
std::string issue_queue_pass(const auth::SigningKey& key, const std::string& user_id, const std::string& event_id,
                             std::int64_t now_seconds, std::int64_t expires_at_seconds);

// Checks passes without asking the queue service for each: its public keys,
// given (one process) or fetched from QUEUE_URL/api/queue/.well-known/jwks.json
// when a pass does not verify with those known (at most every 10 s).
class QueuePasses {
 public:
  QueuePasses(std::vector<auth::PublicKey> keys, std::string queue_url);
  ~QueuePasses();

  // Whether `pass` admits `user_id` to buy for `event_id` now.
  core::Task<bool> admits(std::string pass, std::string user_id, std::string event_id);

 private:
  bool valid(const std::string& pass, const std::string& user_id, const std::string& event_id) const;
  core::Task<bool> refresh_keys();

  auth::Verifier verifier_;
  std::unique_ptr<http::Client> client_;  // none when the keys are given
  std::mutex mutex_;
  std::chrono::steady_clock::time_point next_fetch_{};
};

}  // namespace eventbook::service
