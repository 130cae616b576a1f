#include "bookings/bookings_service.hpp"

#include "bookings/clients/events_client.hpp"
#include "bookings/handlers/context.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/core/metrics_text.hpp"
#include "eventbook/service/lease.hpp"

namespace eventbook::bookings {

BookingsService::BookingsService(const BookingsConfig& config, bus::Transport& transport)
    : config_(config),
      transport_(transport),
      verifier_(config.token_keys, auth::kDefaultLeewaySeconds, config.token_max_lifetime_seconds) {
  database_ = db::Database::open(config.database_url, {.pool_size = config.database_pool});
  database_->migrate(service::concat(
      service::concat(service::concat(migrations(), bus::migrations()), service::revocation_migrations()),
      service::lease_migrations()));
  relay_ = std::make_unique<bus::Relay>(*database_, transport_, bus::RelayOptions{.service = "bookings"});
  store_ = std::make_unique<BookingStore>(*database_);
  tickets_ = std::make_unique<TicketStore>(*database_);
  if (config.directory == nullptr) {
    directory_client_ = std::make_unique<DirectoryClient>(config.events_url, config.users_url, config.service_secret);
  }
  Directory& directory = config.directory != nullptr ? *config.directory : *directory_client_;
  if (config.inventory == nullptr) {
    events_ = std::make_unique<EventsClient>(
        EventsClientOptions{.base_url = config.events_url, .service_secret = config.service_secret});
  }
  inventory_ = config.inventory != nullptr ? config.inventory : events_.get();
  saga_ = std::make_unique<BookingSaga>(*database_, *store_, *tickets_, *inventory_, *relay_);
  consumer_ = std::make_unique<bus::Consumer>(*database_, config.queue);
  register_handlers(*consumer_);
  revocations_ = std::make_unique<service::TokenRevocations>(*database_, verifier_);
  revocations_->register_handler(*consumer_);
  consumer_->attach(transport_);
  passes_ = std::make_unique<service::QueuePasses>(config.queue_keys, config.queue_url);
  waitlist_ = std::make_unique<WaitlistStore>(*database_);
  offers_ = std::make_unique<WaitlistOffers>(*database_, *waitlist_, *store_, *saga_, *inventory_, directory, *relay_);
  context_ = std::unique_ptr<BookingsContext>(new BookingsContext{
      *store_, *saga_, verifier_, config.max_seats, *tickets_, directory, *passes_, *waitlist_, *offers_});
  recovery_ = std::make_unique<core::Worker>("recovery", config.recovery_interval, [this] { return recover(); });
  hold_sweep_ = std::make_unique<core::Worker>("hold sweep", config.hold_sweep_interval, [this] { return sweep(); });
  ticket_issue_ =
      std::make_unique<core::Worker>("ticket issue", config.recovery_interval, [this] { return issue_tickets(); });
  waitlist_worker_ =
      std::make_unique<core::Worker>("waitlist", config.waitlist_interval, [this] { return offers_->step(); });
}

void register_handlers(bus::Consumer& consumer) {
  consumer.on("event.cancelled", [](db::Session& session, const bus::Envelope& envelope) {
    const auto* event_id = envelope.data.if_contains("eventId");
    if (event_id == nullptr || !event_id->is_string()) {
      throw std::invalid_argument("event.cancelled without eventId");
    }
    BookingSaga::cancel_event(session, std::string(event_id->as_string()), envelope.request_id);
    // Nobody waits for a cancelled event (an offer held ends with its hold).
    WaitlistStore::end_waiting(session, std::string(event_id->as_string()), core::now_ms());
  });
}

BookingsService::~BookingsService() { stop(); }

void BookingsService::start() {
  revocations_->start();
  relay_->start();
  recovery_->start();
  hold_sweep_->start();
  ticket_issue_->start();
  waitlist_worker_->start();
}

// The servers have stopped first, once the bookings under way were answered.
void BookingsService::stop() {
  waitlist_worker_->stop();
  ticket_issue_->stop();
  hold_sweep_->stop();
  recovery_->stop();
  relay_->stop();
  revocations_->stop();
}

// The first pass settles everything a previous run left pending: no request
// of this run can be in flight yet. Later passes leave alone what a request
// may still be settling.
core::Task<void> BookingsService::recover() {
  const auto older_than = first_recovery_ ? std::chrono::milliseconds(0) : std::chrono::milliseconds(10000);
  co_await saga_->recover(older_than);
  first_recovery_ = false;
}

// Holds past their expiry end here, their seats going back at once; a
// release the events service cannot take now is left to recovery.
core::Task<void> BookingsService::sweep() { co_await saga_->expire_holds(); }

// Bookings confirmed without tickets get them a page at a time, each page a
// step of its own, so that stopping waits for one page at most however many
// an upgrade left.
core::Task<void> BookingsService::issue_tickets() {
  constexpr int kPage = 200;
  int issued = co_await saga_->issue_missing_tickets(kPage);
  if (issued > 0)
    core::log::info("bookings", "tickets written for bookings confirmed without them", {{"bookings", issued}});
  if (issued > 0) ticket_issue_->notify();  // until a page finds nothing left
}

http::Router BookingsService::router() {
  auto bind = service::binder(*context_);
  http::Router router;
  router.add("POST", "/api/bookings", bind(post_booking));
  router.add("GET", "/api/bookings", bind(get_bookings));
  router.add("GET", "/api/bookings/{id}", bind(get_booking));
  router.add("DELETE", "/api/bookings/{id}", bind(cancel_booking));
  router.add("POST", "/api/bookings/{id}/cancel", bind(cancel_booking));
  router.add("POST", "/api/bookings/{id}/payment", bind(post_payment));
  router.add("POST", "/api/holds", bind(post_hold));
  router.add("GET", "/api/holds/{id}", bind(get_hold));
  router.add("POST", "/api/holds/{id}/confirm", bind(confirm_hold));
  router.add("DELETE", "/api/holds/{id}", bind(delete_hold));
  router.add("POST", "/api/events/{id}/waitlist", bind(post_waitlist));
  router.add("GET", "/api/events/{id}/waitlist", bind(get_waitlist));
  router.add("GET", "/api/events/{id}/waitlist/me", bind(get_my_waitlist));
  router.add("DELETE", "/api/events/{id}/waitlist/me", bind(delete_my_waitlist));
  router.add("GET", "/api/bookings/{id}/tickets", bind(get_booking_tickets));
  router.add("GET", "/api/tickets/{file}", bind(get_ticket_image));
  router.add("POST", "/api/events/{id}/checkins", bind(post_checkin));
  router.add("DELETE", "/api/events/{id}/checkins/{ticketId}", bind(delete_checkin));
  router.add("GET", "/api/events/{id}/checkins/stats", bind(get_checkin_stats));
  router.add("GET", "/api/events/{id}/staff", bind(get_staff));
  router.add("POST", "/api/events/{id}/staff", bind(post_staff));
  router.add("DELETE", "/api/events/{id}/staff/{userId}", bind(delete_staff));
  router.add("GET", "/api/staff/events", bind(get_staff_events));
  router.add("GET", "/api/events/{id}/attendees", bind(get_attendees));
  router.add("GET", "/api/events/{id}/attendees.csv", bind(get_attendees_csv));
  return router;
}

http::ServerOptions BookingsService::server_options(http::ServerOptions base) const {
  auto* relay = relay_.get();
  auto* consumer = consumer_.get();
  auto* store = store_.get();
  auto* events = events_.get();
  base = service::service_options(
      std::move(base), "bookings", *database_, transport_, [relay, consumer, store]() -> core::Task<std::string> {
        std::string text = co_await relay->metrics_text();
        text += consumer->metrics_text();
        auto counts = co_await store->status_counts();
        core::MetricsText by_status;
        by_status.family("eventbook_bookings", core::MetricType::gauge, "Bookings by status.");
        for (const auto& count : counts) {
          by_status.sample({{"status", count.status}}, count.bookings);
        }
        by_status.family("eventbook_booked_seats", core::MetricType::gauge, "Seats by booking status.");
        for (const auto& count : counts) {
          by_status.sample({{"status", count.status}}, count.seats);
        }
        text += by_status.take();
        co_return text;
      });
  if (events == nullptr) return base;
  base.readiness = [shared = base.readiness, events]() -> core::Task<http::Readiness> {
    auto readiness = co_await shared();
    bool events_ok = events->available();
    readiness.checks["events"] = events_ok ? "ok" : "failing";
    readiness.ready = readiness.ready && events_ok;
    co_return readiness;
  };
  return base;
}

}  // namespace eventbook::bookings
