#include "eventbook/bus/outbox.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/core/metrics_text.hpp"
#include "sql.hpp"

#include <algorithm>
#include <random>

namespace eventbook::bus {

Envelope add_to_outbox(db::Session& session, std::string type, boost::json::object data, std::string request_id) {
  auto now = core::now_ms();
  Envelope envelope{core::new_id(), std::move(type), core::format_utc(now), std::move(request_id), std::move(data)};
  session.exec(sql::kInsertOutbox, {envelope.id, envelope.type, envelope.to_json(), now});
  return envelope;
}

Relay::Relay(db::Database& database, Transport& transport, RelayOptions options)
    : database_(database),
      transport_(transport),
      options_(std::move(options)),
      owner_(core::new_id()),
      backoff_(options_.backoff_min),
      worker_("relay " + options_.service, options_.poll_interval, [this] { return step(); }) {}

core::Task<int> Relay::run_once() {
  auto now = core::now_ms();
  auto batch = co_await database_.transaction([&](db::Session& session) {
    std::vector<Envelope> leased_batch;
    auto candidates = session.exec(sql::kCandidates, {owner_, now, static_cast<std::int64_t>(options_.batch_size)});
    if (candidates.empty()) return leased_batch;
    session.exec(sql::kTakeLease, {owner_, now, now + options_.lease.count(), candidates.rows.front().text(0),
                                   candidates.rows.back().text(0)});
    auto leased = session.exec(sql::kLeased, {owner_, static_cast<std::int64_t>(options_.batch_size)});
    for (const auto& row : leased.rows) {
      try {
        leased_batch.push_back(Envelope::from_json(row.text(1)));
      } catch (const std::invalid_argument& error) {
        // Written by add_to_outbox, so this cannot happen short of a damaged
        // row; still publish the id so the consumers' dead letters show it.
        core::log::error(options_.service, "outbox row is not an envelope",
                         {{"id", row.text(0)}, {"error", error.what()}});
        leased_batch.push_back(Envelope{row.text(0), "invalid", core::format_utc(now), "", {}});
      }
    }
    return leased_batch;
  });
  if (batch.empty()) co_return 0;
  // The worker's own thread: the transport may block until the broker confirms.
  transport_.publish(batch);
  const auto last = batch.back().id;
  co_await database_.transaction([&](db::Session& session) {
    session.exec(sql::kMarkSent, {core::now_ms(), owner_, last});
  });
  published_ += batch.size();
  co_return static_cast<int>(batch.size());
}

// One pass of the relay's worker: publish what is pending (at once again if
// the batch was full), prune what was sent long ago, and after a failure
// leave the outbox alone for a growing, jittered while.
core::Task<void> Relay::step() {
  if (std::chrono::steady_clock::now() < retry_at_) co_return;
  try {
    int count = co_await run_once();
    if (failing_) {
      core::log::info(options_.service, "outbox relay publishing again");
      failing_ = false;
    }
    backoff_ = options_.backoff_min;
    if (count == options_.batch_size) worker_.notify();
    if (std::chrono::steady_clock::now() >= next_prune_) {
      next_prune_ = std::chrono::steady_clock::now() + std::chrono::minutes(10);
      auto horizon = core::now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(options_.keep_sent).count();
      co_await database_.transaction([&](db::Session& session) { session.exec(sql::kPruneSent, {horizon}); });
    }
  } catch (const std::exception& error) {
    ++failures_;
    if (!failing_) {
      core::log::warn(options_.service, "outbox relay cannot publish; retrying with backoff",
                      {{"error", error.what()}});
      failing_ = true;
    }
    std::uniform_int_distribution<long> jitter(0, backoff_.count() / 2);
    retry_at_ = std::chrono::steady_clock::now() + backoff_ + std::chrono::milliseconds(jitter(random_));
    backoff_ = std::min(backoff_ * 2, options_.backoff_max);
  }
}

core::Task<std::string> Relay::metrics_text() {
  std::int64_t backlog = 0;
  double age_seconds = 0;
  try {
    auto result = co_await database_.query(sql::kBacklog);
    backlog = result.rows.at(0).integer(0);
    if (auto oldest = result.rows.at(0).opt_integer(1)) {
      age_seconds = static_cast<double>(core::now_ms() - *oldest) / 1000.0;
    }
  } catch (const db::DbError&) {
    backlog = -1;
  }
  core::MetricsText text;
  text.family("eventbook_outbox_backlog", core::MetricType::gauge,
              "Messages written but not yet confirmed by the bus.");
  text.sample({{"service", options_.service}}, backlog);
  text.family("eventbook_outbox_oldest_age_seconds", core::MetricType::gauge, "Age of the oldest unpublished message.");
  text.sample({{"service", options_.service}}, age_seconds);
  text.family("eventbook_outbox_published_total", core::MetricType::counter, "Messages published and confirmed.");
  text.sample({{"service", options_.service}}, published_.load());
  text.family("eventbook_outbox_publish_failures_total", core::MetricType::counter,
              "Publish attempts that failed and were retried.");
  text.sample({{"service", options_.service}}, failures_.load());
  co_return text.take();
}

}  // namespace eventbook::bus
