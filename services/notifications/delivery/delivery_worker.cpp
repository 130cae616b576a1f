#include "notifications/delivery/delivery_worker.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/log.hpp"

#include <algorithm>

namespace eventbook::notifications {

DeliveryWorker::DeliveryWorker(NotificationStore& store, Send send, DeliveryOptions options)
    : store_(store), send_(std::move(send)), options_(options) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() {
  if (auto in_doubt = store_.mark_in_doubt(); in_doubt > 0) {
    core::log::warn("notifications", "mails interrupted mid-send are not sent again", {{"count", in_doubt}});
  }
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void DeliveryWorker::notify() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

int DeliveryWorker::run_once() {
  auto due = store_.due_deliveries(core::now_ms(), options_.batch_size);
  int attempted = 0;
  for (const auto& delivery : due) {
    if (!store_.claim_delivery(delivery.id)) {
      continue;  // another worker has it
    }
    ++attempted;
    Mail mail{delivery.recipient, delivery.recipient_name, delivery.subject, delivery.text_body, delivery.html_body,
              "<" + delivery.notification_id + "@eventbook>"};
    std::int64_t attempt = delivery.attempts + 1;
    try {
      send_(mail);
      store_.delivery_sent(delivery.id);
      ++sent_;
      core::log::info("notifications", "mail sent", {{"deliveryId", delivery.id}, {"attempt", attempt}});
    } catch (const MailError& error) {
      if (error.permanent() || attempt >= options_.max_attempts) {
        store_.delivery_failed(delivery.id, error.what());
        ++failed_;
        core::log::error("notifications", "mail given up",
                         {{"deliveryId", delivery.id}, {"attempt", attempt}, {"error", error.what()}});
      } else {
        std::chrono::milliseconds delay =
            std::min<std::chrono::milliseconds>(options_.first_retry * (std::int64_t{1} << std::min<std::int64_t>(attempt - 1, 20)),
                                                options_.max_retry);
        store_.delivery_retry(delivery.id, core::now_ms() + delay.count(), error.what());
        core::log::warn("notifications", "mail will be retried",
                        {{"deliveryId", delivery.id}, {"attempt", attempt}, {"retryInMs", delay.count()},
                         {"error", error.what()}});
      }
    }
  }
  return attempted;
}

void DeliveryWorker::loop() {
  for (;;) {
    try {
      run_once();
    } catch (const std::exception& error) {
      core::log::warn("notifications", "delivery pass failed", {{"error", error.what()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    woken_ = false;
    if (stopping_) {
      return;
    }
  }
}

}  // namespace eventbook::notifications
