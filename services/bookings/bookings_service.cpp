#include "bookings/bookings_service.hpp"

#include "bookings/domain/events_client.hpp"
#include "bookings/handlers/context.hpp"
#include "eventbook/core/log.hpp"

namespace eventbook::bookings {

BookingsService::BookingsService(const BookingsConfig& config, bus::Transport& transport)
    : config_(config), transport_(transport), verifier_(config.token_keys) {
  database_ = db::Database::open(config.database_url, {.pool_size = config.database_pool});
  database_->migrate(service::concat(migrations(), bus::migrations()));
  relay_ = std::make_unique<bus::Relay>(*database_, transport_, bus::RelayOptions{.service = "bookings"});
  store_ = std::make_unique<BookingStore>(*database_);
  if (config.inventory == nullptr) {
    events_ = std::make_unique<EventsClient>(
        EventsClientOptions{.base_url = config.events_url, .service_secret = config.service_secret});
  }
  inventory_ = config.inventory != nullptr ? config.inventory : events_.get();
  saga_ = std::make_unique<BookingSaga>(*database_, *store_, *inventory_, *relay_);
  consumer_ = std::make_unique<bus::Consumer>(*database_, config.queue);
  register_handlers(*consumer_);
  consumer_->attach(transport_);
  context_ = std::unique_ptr<BookingsContext>(new BookingsContext{*store_, *saga_, verifier_, config.max_seats});
}

void register_handlers(bus::Consumer& consumer) {
  consumer.on("event.cancelled", [](db::Session& session, const bus::Envelope& envelope) {
    const auto* event_id = envelope.data.if_contains("eventId");
    if (event_id == nullptr || !event_id->is_string()) {
      throw std::invalid_argument("event.cancelled without eventId");
    }
    BookingSaga::cancel_event(session, std::string(event_id->as_string()), envelope.request_id);
  });
}

BookingsService::~BookingsService() { stop(); }

void BookingsService::start() {
  relay_->start();
  stopping_ = false;
  recovery_ = std::thread([this] { recovery_loop(); });
}

void BookingsService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (recovery_.joinable()) recovery_.join();
  // The servers have stopped taking requests; let the bookings under way
  // finish their steps (an unanswered one stays pending for recovery).
  if (!context_->in_flight.wait_idle(std::chrono::seconds(10))) {
    core::log::warn("bookings", "stopping with bookings still under way; recovery settles them at the next start");
  }
  relay_->stop();
}

void BookingsService::recovery_loop() {
  // The first pass settles everything a previous run left pending: no
  // request of this run can be in flight yet.
  auto older_than = std::chrono::milliseconds(0);
  for (;;) {
    try {
      saga_->recover(older_than);
    } catch (const std::exception& error) {
      core::log::warn("bookings", "recovery pass failed", {{"error", error.what()}});
    }
    // Later passes leave alone what a request may still be settling.
    older_than = std::chrono::milliseconds(10000);
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, config_.recovery_interval, [this] { return stopping_; })) return;
  }
}

http::Router BookingsService::router() {
  auto bind = service::binder(*context_);
  http::Router router;
  router.add_async("POST", "/api/bookings", [context = context_.get()](http::Request& request, http::Reply reply) {
    post_booking(*context, request, std::move(reply));
  }, {.start_on_io_thread = true});
  router.add("GET", "/api/bookings", bind(get_bookings));
  router.add("GET", "/api/bookings/{id}", bind(get_booking));
  router.add("DELETE", "/api/bookings/{id}", bind(cancel_booking));
  router.add("POST", "/api/bookings/{id}/cancel", bind(cancel_booking));
  return router;
}

http::ServerOptions BookingsService::server_options(http::ServerOptions base) const {
  // New bookings hold no thread while they wait (see post_booking); the
  // worker threads serve reads, Idempotency-Key lookups, and cancellations,
  // which wait on the events service to give the seats back.
  base.pools["default"].threads = std::max(base.pools["default"].threads, 32);
  auto* relay = relay_.get();
  auto* consumer = consumer_.get();
  auto* store = store_.get();
  auto* events = events_.get();
  base = service::service_options(std::move(base), "bookings", *database_, transport_, [relay, consumer, store] {
    std::string text = relay->metrics_text() + consumer->metrics_text() +
                       "# HELP eventbook_bookings Bookings by status.\n# TYPE eventbook_bookings gauge\n";
    std::string seats = "# HELP eventbook_booked_seats Seats by booking status.\n# TYPE eventbook_booked_seats gauge\n";
    for (const auto& count : store->status_counts()) {
      text += "eventbook_bookings{status=\"" + count.status + "\"} " + std::to_string(count.bookings) + "\n";
      seats += "eventbook_booked_seats{status=\"" + count.status + "\"} " + std::to_string(count.seats) + "\n";
    }
    return text + seats;
  });
  if (events == nullptr) return base;
  base.readiness = [shared = base.readiness, events] {
    auto readiness = shared();
    bool events_ok = events->available();
    readiness.checks["events"] = events_ok ? "ok" : "failing";
    readiness.ready = readiness.ready && events_ok;
    return readiness;
  };
  return base;
}

}  // namespace eventbook::bookings
