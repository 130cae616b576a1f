#include "eventbook/bus/consumer.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/core/metrics_text.hpp"
#include "sql.hpp"

namespace eventbook::bus {

Consumer::Consumer(db::Database& database, std::string queue) : database_(database), queue_(std::move(queue)) {}

void Consumer::on(std::string type, Handler handler) { handlers_[std::move(type)] = std::move(handler); }

std::vector<std::string> Consumer::types() const {
  std::vector<std::string> keys;
  for (const auto& [type, handler] : handlers_) {
    keys.push_back(type);
  }
  return keys;
}

void Consumer::attach(Transport& transport) {
  transport.subscribe_batched(
      queue_, types(), [this](const Envelope& envelope) { handle(envelope); },
      [this](const std::vector<Envelope>& envelopes) { handle(envelopes); });
}

bool Consumer::handle(const Envelope& envelope) {
  try {
    return handle(std::vector<Envelope>{envelope}) == 1;
  } catch (const std::exception& error) {
    ++failed_;
    core::log::warn(queue_, "message handler failed",
                    {{"messageId", envelope.id},
                     {"type", envelope.type},
                     {"requestId", envelope.request_id},
                     {"error", error.what()}});
    throw;
  }
}

// Called on the transport's delivery thread, which has nothing else in
// flight: it waits here until the batch is committed, and only then does the
// transport acknowledge the messages.
std::size_t Consumer::handle(const std::vector<Envelope>& envelopes) {
  std::vector<bool> fresh(envelopes.size());
  core::run_blocking(database_.transaction([&](db::Session& session) {
    auto now = core::now_ms();
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
      const auto& envelope = envelopes[i];
      fresh[i] = session.exec(sql::kInsertInbox, {envelope.id, envelope.type, now}).affected == 1;
      if (auto it = handlers_.find(envelope.type); fresh[i] && it != handlers_.end()) {
        it->second(session, envelope);
      }
    }
  }));
  std::size_t applied = 0;
  for (std::size_t i = 0; i < envelopes.size(); ++i) {
    if (!fresh[i]) {
      ++duplicates_;
      continue;
    }
    ++applied;
    ++handled_;
    core::log::info(
        queue_, "message handled",
        {{"messageId", envelopes[i].id}, {"type", envelopes[i].type}, {"requestId", envelopes[i].request_id}});
  }
  return applied;
}

std::string Consumer::metrics_text() const {
  core::MetricsText text;
  text.family("eventbook_bus_consumed_total", core::MetricType::counter, "Messages applied by this consumer.");
  text.sample({{"queue", queue_}}, handled_.load());
  text.family("eventbook_bus_duplicates_total", core::MetricType::counter,
              "Redelivered messages that changed nothing.");
  text.sample({{"queue", queue_}}, duplicates_.load());
  text.family("eventbook_bus_handler_failures_total", core::MetricType::counter,
              "Handler attempts that failed (to be redelivered).");
  text.sample({{"queue", queue_}}, failed_.load());
  return text.take();
}

}  // namespace eventbook::bus
