#pragma once

#include "notifications/mail/mailer.hpp"
#include "notifications/store/notification_store.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace eventbook::notifications {

struct DeliveryOptions {
  int max_attempts = 8;
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{10 * 60 * 1000};
  std::chrono::milliseconds poll_interval{200};
  int batch_size = 20;
};

// Sends the queued e-mails of the delivery log: each at most once, retried
// with exponential backoff on transient failures, given up on after
// max_attempts or a permanent refusal.
class DeliveryWorker {
 public:
  using Send = std::function<void(const Mail&)>;  // throws MailError

  DeliveryWorker(NotificationStore& store, Send send, DeliveryOptions options = {});
  ~DeliveryWorker();

  void start();
  void stop();
  void notify();
  // One pass over what is due now; returns how many were attempted.
  int run_once();

  std::uint64_t sent() const noexcept { return sent_; }
  std::uint64_t failed() const noexcept { return failed_; }

 private:
  void loop();

  NotificationStore& store_;
  Send send_;
  DeliveryOptions options_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace eventbook::notifications
