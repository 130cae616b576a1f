#include "eventbook/bus/in_process.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/db/blocking.hpp"
#include "sql.hpp"

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <thread>

namespace eventbook::bus {

namespace {

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto dot = text.find('.', start);
    out.push_back(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool match_words(std::span<const std::string_view> pattern, std::span<const std::string_view> key) {
  if (pattern.empty()) {
    return key.empty();
  }
  if (pattern.front() == "#") {
    // "#" takes zero or more words.
    for (std::size_t taken = 0; taken <= key.size(); ++taken) {
      if (match_words(pattern.subspan(1), key.subspan(taken))) return true;
    }
    return false;
  }
  return !key.empty() && (pattern.front() == "*" || pattern.front() == key.front()) &&
         match_words(pattern.subspan(1), key.subspan(1));
}

}  // namespace

bool topic_matches(std::string_view pattern, std::string_view key) {
  auto pattern_words = words(pattern);
  auto key_words = words(key);
  return match_words(pattern_words, key_words);
}

namespace {

class InProcessTransport final : public Transport {
 public:
  explicit InProcessTransport(InProcessOptions options) : options_(options) {}

  void publish(const std::vector<Envelope>& batch) override {
    if (stopped_) {
      throw TransportError("the in-process bus is stopped");
    }
    std::shared_lock lock(mutex_);
    // Each queue gets its messages in order; queues are independent of each other.
    for (const auto& subscription : subscriptions_) {
      std::vector<Envelope> mine;
      for (const auto& envelope : batch) {
        if (subscribed(subscription, envelope.type)) mine.push_back(envelope);
      }
      deliver(subscription, mine);
    }
    published_ += batch.size();
  }

  void subscribe(const std::string& queue, const std::vector<std::string>& keys, Handler handler) override {
    subscribe_batched(queue, keys, std::move(handler), nullptr);
  }

  void subscribe_batched(const std::string& queue, const std::vector<std::string>& keys, Handler handler,
                         BatchHandler batch_handler) override {
    std::unique_lock lock(mutex_);
    subscriptions_.push_back({queue, keys, std::move(handler), std::move(batch_handler)});
  }

  void start() override { stopped_ = false; }
  void stop() override { stopped_ = true; }
  bool connected() const override { return !stopped_; }

  TransportStats stats() const override {
    return {published_.load(), delivered_.load(), failed_.load(), dead_lettered_.load()};
  }

 private:
  struct Subscription {
    std::string queue;
    std::vector<std::string> keys;
    Handler handler;
    BatchHandler batch_handler;  // may be empty
  };

  static bool subscribed(const Subscription& subscription, const std::string& type) {
    for (const auto& key : subscription.keys) {
      if (topic_matches(key, type)) return true;
    }
    return false;
  }

  // A batch handler applies a relay batch in one go (one transaction); if it
  // fails, every message is tried again alone, so one bad message is
  // dead-lettered without holding up the others. A failure whose cause may
  // pass (the consumer's database out of reach, its disk full) is no fault of
  // the messages: publish() fails, the outbox keeps them and its relay tries
  // again later (consumers skip what they already applied).
  void deliver(const Subscription& subscription, const std::vector<Envelope>& envelopes) {
    if (envelopes.size() > 1 && subscription.batch_handler) {
      try {
        subscription.batch_handler(envelopes);
        delivered_ += envelopes.size();
        return;
      } catch (const std::exception& error) {
        ++failed_;
        if (core::may_pass(error)) throw;
        core::log::info("bus", "batch not applied; applying its messages one at a time",
                        {{"queue", subscription.queue},
                         {"messages", static_cast<std::int64_t>(envelopes.size())},
                         {"error", error.what()}});
      }
    }
    for (const auto& envelope : envelopes) {
      deliver(subscription, envelope);
    }
  }

  void deliver(const Subscription& subscription, const Envelope& envelope) {
    std::string last_error;
    for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
      try {
        subscription.handler(envelope);
        ++delivered_;
        return;
      } catch (const std::exception& error) {
        ++failed_;
        if (core::may_pass(error)) throw;
        last_error = error.what();
      }
      if (attempt < options_.max_attempts) {
        std::this_thread::sleep_for(options_.retry_backoff * attempt);
      }
    }
    dead_letter(subscription.queue, envelope, last_error);
  }

  void dead_letter(const std::string& queue, const Envelope& envelope, const std::string& error) {
    core::log::error("bus", "message dead-lettered",
                     {{"queue", queue},
                      {"messageId", envelope.id},
                      {"type", envelope.type},
                      {"requestId", envelope.request_id},
                      {"error", error}});
    if (options_.dead_letters != nullptr) {
      // If this write fails the publish fails too, and the outbox retries later.
      db::blocking::exec(*options_.dead_letters, sql::kInsertDeadLetter,
                         {envelope.id, queue, envelope.to_json(), error, core::now_ms()});
    }
    ++dead_lettered_;
  }

  InProcessOptions options_;
  std::shared_mutex mutex_;
  std::vector<Subscription> subscriptions_;
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> dead_lettered_{0};
};

}  // namespace

std::unique_ptr<Transport> make_in_process_transport(InProcessOptions options) {
  return std::make_unique<InProcessTransport>(options);
}

}  // namespace eventbook::bus
