#include "events/events_service.hpp"

#include "eventbook/service/context.hpp"
#include "events/handlers/context.hpp"

namespace eventbook::events {

EventsService::EventsService(const EventsConfig& config, bus::Transport& transport)
    : transport_(transport),
      verifier_(config.token_keys, auth::kDefaultLeewaySeconds, config.token_max_lifetime_seconds) {
  // One committer: a group of reservations locks the rows of several events,
  // and two groups committing side by side could wait for each other.
  database_ = db::Database::open(config.database_url, {.pool_size = config.database_pool, .committers = 1});
  database_->migrate(
      service::concat(service::concat(migrations(), bus::migrations()), service::revocation_migrations()));
  relay_ = std::make_unique<bus::Relay>(*database_, transport_, bus::RelayOptions{.service = "events"});
  consumer_ = std::make_unique<bus::Consumer>(*database_, config.queue);
  revocations_ = std::make_unique<service::TokenRevocations>(*database_, verifier_);
  revocations_->register_handler(*consumer_);
  consumer_->attach(transport_);
  context_ = std::unique_ptr<EventsContext>(new EventsContext{*database_, EventStore(*database_), verifier_,
                                                              config.service_secret, config.require_organizer_role,
                                                              relay_.get()});
}

EventsService::~EventsService() { stop(); }

EventStore& EventsService::store() { return context_->store; }

void EventsService::start() {
  revocations_->start();
  relay_->start();
}

void EventsService::stop() {
  relay_->stop();
  revocations_->stop();
}

http::Router EventsService::router() {
  auto bind = service::binder(*context_);
  http::Router router;
  router.add("POST", "/api/events", bind(post_event));
  router.add("GET", "/api/events", bind(get_events));
  router.add("GET", "/api/events/mine", bind(get_my_events));
  router.add("GET", "/api/events/{id}", bind(get_event));
  router.add("PUT", "/api/events/{id}", bind(put_event));
  router.add("PATCH", "/api/events/{id}", bind(patch_event));
  router.add("DELETE", "/api/events/{id}", bind(delete_event));
  router.add("GET", "/api/events/{id}/ticket-types", bind(get_ticket_types));
  router.add("POST", "/api/events/{id}/ticket-types", bind(post_ticket_type));
  router.add("PATCH", "/api/events/{id}/ticket-types/{typeId}", bind(patch_ticket_type));
  router.add("DELETE", "/api/events/{id}/ticket-types/{typeId}", bind(delete_ticket_type));
  router.add("GET", "/api/events/{id}/offer", bind(get_offer));
  router.add("GET", "/api/events/{id}/promo-codes", bind(get_promo_codes));
  router.add("POST", "/api/events/{id}/promo-codes", bind(post_promo_code));
  router.add("PATCH", "/api/events/{id}/promo-codes/{codeId}", bind(patch_promo_code));
  router.add("DELETE", "/api/events/{id}/promo-codes/{codeId}", bind(delete_promo_code));
  router.add("POST", "/internal/reservations", bind(post_reservation));
  router.add("POST", "/internal/reservations/batch", bind(post_reservations));
  router.add("POST", "/internal/reservations/{bookingId}/release", bind(post_release));
  router.add("GET", "/internal/events/{id}", bind(get_internal_event));
  router.add("PUT", "/internal/events/{id}/waitlist", bind(put_waitlist_demand));
  return router;
}

http::ServerOptions EventsService::server_options(http::ServerOptions base) const {
  auto* relay = relay_.get();
  auto* consumer = consumer_.get();
  return service::service_options(std::move(base), "events", *database_, transport_,
                                  [relay, consumer]() -> core::Task<std::string> {
                                    std::string text = co_await relay->metrics_text();
                                    text += consumer->metrics_text();
                                    co_return text;
                                  });
}

}  // namespace eventbook::events
