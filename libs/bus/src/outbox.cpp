#include "eventbook/bus/outbox.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/log.hpp"
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
    : database_(database), transport_(transport), options_(std::move(options)), owner_(core::new_id()) {}

Relay::~Relay() { stop(); }

void Relay::start() {
  if (!thread_.joinable()) {
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
  }
}

void Relay::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Relay::notify() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

int Relay::run_once() {
  std::vector<Envelope> batch;
  std::vector<std::string> ids;
  auto now = core::now_ms();
  database_.transaction([&](db::Session& session) {
    batch.clear();
    auto candidates = session.exec(sql::kCandidates, {owner_, now, static_cast<std::int64_t>(options_.batch_size)});
    if (candidates.empty()) {
      return;
    }
    session.exec(sql::kTakeLease, {owner_, now, now + options_.lease.count(), candidates.rows.front().text(0),
                                   candidates.rows.back().text(0)});
    auto leased = session.exec(sql::kLeased, {owner_, static_cast<std::int64_t>(options_.batch_size)});
    for (const auto& row : leased.rows) {
      try {
        batch.push_back(Envelope::from_json(row.text(1)));
      } catch (const std::invalid_argument& error) {
        // Written by add_to_outbox, so this cannot happen short of a damaged
        // row; still publish the id so the consumers' dead letters show it.
        core::log::error(options_.service, "outbox row is not an envelope",
                         {{"id", row.text(0)}, {"error", error.what()}});
        batch.push_back(Envelope{row.text(0), "invalid", core::format_utc(now), "", {}});
      }
    }
  });
  if (batch.empty()) {
    return 0;
  }
  transport_.publish(batch);
  database_.exec(sql::kMarkSent, {core::now_ms(), owner_, batch.back().id});
  published_ += batch.size();
  return static_cast<int>(batch.size());
}

void Relay::loop() {
  auto backoff = options_.backoff_min;
  std::mt19937 random{std::random_device{}()};
  bool failing = false;
  for (;;) {
    std::chrono::milliseconds wait = options_.poll_interval;
    try {
      int count = run_once();
      if (failing) {
        core::log::info(options_.service, "outbox relay publishing again");
        failing = false;
      }
      backoff = options_.backoff_min;
      if (count == options_.batch_size) {
        wait = std::chrono::milliseconds(0);
      }
      if (std::chrono::steady_clock::now() >= next_prune_) {
        next_prune_ = std::chrono::steady_clock::now() + std::chrono::minutes(10);
        auto horizon = core::now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(options_.keep_sent).count();
        database_.exec(sql::kPruneSent, {horizon});
      }
    } catch (const std::exception& error) {
      ++failures_;
      if (!failing) {
        core::log::warn(options_.service, "outbox relay cannot publish; retrying with backoff",
                        {{"error", error.what()}});
        failing = true;
      }
      std::uniform_int_distribution<long> jitter(0, backoff.count() / 2);
      wait = backoff + std::chrono::milliseconds(jitter(random));
      backoff = std::min(backoff * 2, options_.backoff_max);
    }
    std::unique_lock lock(mutex_);
    if (wait.count() > 0) {
      wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    }
    woken_ = false;
    if (stopping_) {
      return;
    }
  }
}

std::string Relay::metrics_text() {
  std::int64_t backlog = 0;
  double age_seconds = 0;
  try {
    auto result = database_.exec(sql::kBacklog);
    backlog = result.rows.at(0).integer(0);
    if (auto oldest = result.rows.at(0).opt_integer(1)) {
      age_seconds = static_cast<double>(core::now_ms() - *oldest) / 1000.0;
    }
  } catch (const db::DbError&) {
    backlog = -1;
  }
  const std::string label = "{service=\"" + options_.service + "\"}";
  return "# HELP eventbook_outbox_backlog Messages written but not yet confirmed by the bus.\n"
         "# TYPE eventbook_outbox_backlog gauge\neventbook_outbox_backlog" + label + " " + std::to_string(backlog) +
         "\n# HELP eventbook_outbox_oldest_age_seconds Age of the oldest unpublished message.\n"
         "# TYPE eventbook_outbox_oldest_age_seconds gauge\neventbook_outbox_oldest_age_seconds" + label + " " +
         std::to_string(age_seconds) +
         "\n# HELP eventbook_outbox_published_total Messages published and confirmed.\n"
         "# TYPE eventbook_outbox_published_total counter\neventbook_outbox_published_total" + label + " " +
         std::to_string(published_.load()) +
         "\n# HELP eventbook_outbox_publish_failures_total Publish attempts that failed and were retried.\n"
         "# TYPE eventbook_outbox_publish_failures_total counter\neventbook_outbox_publish_failures_total" + label +
         " " + std::to_string(failures_.load()) + "\n";
}

}  // namespace eventbook::bus
