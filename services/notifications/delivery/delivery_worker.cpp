#include "notifications/delivery/delivery_worker.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/qr/qr.hpp"

#include <algorithm>
#include <stdexcept>

namespace eventbook::notifications {

Mail mail_for(const Delivery& delivery) {
  Mail mail{delivery.recipient,
            delivery.recipient_name,
            delivery.subject,
            delivery.text_body,
            delivery.html_body,
            "<" + delivery.notification_id + "@eventbook>",
            {}};
  for (std::size_t i = 0; i < delivery.qr_codes.size(); ++i) {
    const auto& code = delivery.qr_codes[i];
    std::string image;
    try {
      image = qr::png(code.text);
    } catch (const std::invalid_argument& e) {
      throw MailError(std::string("a QR code of the mail cannot be drawn: ") + e.what(), true);
    }
    mail.images.push_back(
        InlineImage{code.content_id, "image/png", "ticket-" + std::to_string(i + 1) + ".png", std::move(image)});
  }
  return mail;
}

DeliveryWorker::DeliveryWorker(NotificationStore& store, Send send, DeliveryOptions options)
    : store_(store),
      send_(std::move(send)),
      options_(options),
      worker_("delivery", options_.poll_interval, [this]() -> core::Task<void> { co_await run_once(); }) {}

// At start-up, before the worker runs: nothing else is in flight.
void DeliveryWorker::start() {
  if (auto in_doubt = core::run_blocking(store_.mark_in_doubt()); in_doubt > 0) {
    core::log::warn("notifications", "mails interrupted mid-send are not sent again", {{"count", in_doubt}});
  }
  worker_.start();
}

core::Task<int> DeliveryWorker::run_once() {
  auto due = co_await store_.due_deliveries(core::now_ms(), options_.batch_size);
  int attempted = 0;
  for (const auto& delivery : due) {
    bool claimed = co_await store_.claim_delivery(delivery.id);
    if (!claimed) {
      continue;  // another worker has it
    }
    ++attempted;
    std::int64_t attempt = delivery.attempts + 1;
    std::optional<MailError> failure;
    try {
      send_(mail_for(delivery));
    } catch (const MailError& error) {
      failure = error;
    }
    if (!failure) {
      co_await store_.delivery_sent(delivery.id);
      ++sent_;
      core::log::info("notifications", "mail sent", {{"deliveryId", delivery.id}, {"attempt", attempt}});
    } else if (failure->permanent() || attempt >= options_.max_attempts) {
      co_await store_.delivery_failed(delivery.id, failure->what());
      ++failed_;
      core::log::error("notifications", "mail given up",
                       {{"deliveryId", delivery.id}, {"attempt", attempt}, {"error", failure->what()}});
    } else {
      auto delay = retry_delay(attempt);
      co_await store_.delivery_retry(delivery.id, core::now_ms() + delay.count(), failure->what());
      core::log::warn("notifications", "mail will be retried",
                      {{"deliveryId", delivery.id},
                       {"attempt", attempt},
                       {"retryInMs", delay.count()},
                       {"error", failure->what()}});
    }
  }
  co_return attempted;
}

// Doubles from first_retry with each attempt, up to max_retry.
std::chrono::milliseconds DeliveryWorker::retry_delay(std::int64_t attempt) const {
  return std::min<std::chrono::milliseconds>(
      options_.first_retry * (std::int64_t{1} << std::min<std::int64_t>(attempt - 1, 20)), options_.max_retry);
}

}  // namespace eventbook::notifications
