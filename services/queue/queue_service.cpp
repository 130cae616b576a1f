#include "queue/queue_service.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/core/metrics_text.hpp"
#include "eventbook/service/context.hpp"
#include "eventbook/service/lease.hpp"
#include "queue/clients/event_facts.hpp"
#include "queue/handlers/context.hpp"
#include "queue/store/queue_store.hpp"

namespace eventbook::queue {

namespace {

// Every visitor of a waiting room polls in turn, each with a token of their
// own: the verifier remembers the tokens of this many (up to some 45 MB), so
// that a poll seldom checks a signature.
constexpr std::size_t kRememberedTokens = 65536;

}  // namespace

QueueService::QueueService(const QueueConfig& config, bus::Transport& transport)
    : config_(config),
      transport_(transport),
      key_(auth::SigningKey::load_or_create(config.signing_key_file)),
      verifier_(config.token_keys, auth::kDefaultLeewaySeconds, config.token_max_lifetime_seconds, kRememberedTokens),
      owner_(core::new_id()) {
  database_ = db::Database::open(config.database_url, {.pool_size = config.database_pool});
  database_->migrate(service::concat(migrations(), service::lease_migrations()));
  store_ = std::make_unique<QueueStore>(*database_);
  if (config.events == nullptr) {
    events_client_ = std::make_unique<EventDirectoryClient>(config.events_url, config.service_secret);
  }
  EventDirectory& events = config.events != nullptr ? *config.events : *events_client_;
  context_ = std::unique_ptr<QueueContext>(new QueueContext{*store_, events, key_, verifier_});
  admission_ = std::make_unique<core::Worker>("admission", config.admission_interval, [this] { return advance(); });
}

QueueService::~QueueService() { stop(); }

void QueueService::start() { admission_->start(); }

void QueueService::stop() { admission_->stop(); }

const auth::SigningKey& QueueService::signing_key() const { return key_; }

// One step of every active room, by the process holding the lease (held
// for a few steps, renewed at each).
core::Task<void> QueueService::advance() {
  const auto now = core::now_ms();
  const auto hold_for = std::max<std::int64_t>(5000, 3 * config_.admission_interval.count());
  bool holder = co_await service::take_lease(*database_, "admission", owner_, now, now + hold_for);
  if (!holder) co_return;
  auto rooms = co_await store_->active_rooms(now);
  for (const auto& room : rooms) {
    std::optional<EventFacts> facts;
    try {
      facts = co_await context_->events.event(room.event_id);
    } catch (const core::ApiError& error) {
      core::log::warn(
          "queue", "room not advanced: its event cannot be asked",
          {{"eventId", room.event_id}, {"error", error.log_message().empty() ? error.detail() : error.log_message()}});
      continue;
    }
    auto result = co_await store_->step(room.event_id, std::move(facts), core::now_ms());
    admitted_ += result.admitted;
    ++steps_;
    if (result.placed > 0 || result.admitted > 0 || result.sold_out) {
      core::log::info("queue", "room advanced",
                      {{"eventId", room.event_id},
                       {"placed", std::to_string(result.placed)},
                       {"admitted", std::to_string(result.admitted)},
                       {"soldOut", result.sold_out ? "true" : "false"}});
    }
  }
}

http::Router QueueService::router() {
  auto bind = service::binder(*context_);
  http::Router router;
  router.add("POST", "/api/events/{id}/queue", bind(post_join));
  router.add("GET", "/api/events/{id}/queue", bind(get_room));
  router.add("GET", "/api/events/{id}/queue/{queueId}", bind(get_entry));
  router.add("GET", "/api/queue/.well-known/jwks.json", bind(get_jwks));
  return router;
}

http::ServerOptions QueueService::server_options(http::ServerOptions base) const {
  const auto* admitted = &admitted_;
  const auto* steps = &steps_;
  return service::service_options(std::move(base), "queue", *database_, transport_,
                                  [admitted, steps]() -> core::Task<std::string> {
                                    core::MetricsText text;
                                    text.family("eventbook_queue_admitted_total", core::MetricType::counter,
                                                "Visitors admitted from waiting rooms by this process.");
                                    text.sample({}, admitted->load());
                                    text.family("eventbook_queue_steps_total", core::MetricType::counter,
                                                "Admission steps of a room taken by this process.");
                                    text.sample({}, steps->load());
                                    co_return text.take();
                                  });
}

}  // namespace eventbook::queue
