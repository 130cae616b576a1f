#pragma once

#include "notifications/mail/mailer.hpp"
#include "notifications/store/notification_store.hpp"

#include "eventbook/core/worker.hpp"

#include <atomic>
#include <chrono>
#include <functional>

namespace eventbook::notifications {

struct DeliveryOptions {
  int max_attempts = 8;
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{10 * 60 * 1000};
  std::chrono::milliseconds poll_interval{200};
  int batch_size = 20;
};

// The mail a delivery sends, its QR codes drawn as inline PNG images. Throws
// a permanent MailError when a code cannot be drawn.
Mail mail_for(const Delivery& delivery);

// Sends the queued e-mails of the delivery log: each at most once, retried
// with exponential backoff on transient failures, given up on after
// max_attempts or a permanent refusal. Sending blocks (SMTP): it happens on
// the worker's own thread.
class DeliveryWorker {
 public:
  using Send = std::function<void(const Mail&)>;  // throws MailError

  DeliveryWorker(NotificationStore& store, Send send, DeliveryOptions options = {});

  // Marks the mails a previous run left mid-send, then starts the worker.
  void start();
  void stop() { worker_.stop(); }
  void notify() { worker_.notify(); }
  // One pass over what is due now; returns how many were attempted.
  core::Task<int> run_once();

  std::uint64_t sent() const noexcept { return sent_; }
  std::uint64_t failed() const noexcept { return failed_; }

 private:
  std::chrono::milliseconds retry_delay(std::int64_t attempt) const;

  NotificationStore& store_;
  Send send_;
  DeliveryOptions options_;
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> failed_{0};
  core::Worker worker_;  // last: its thread uses everything above
};

}  // namespace eventbook::notifications
