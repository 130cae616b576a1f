#include "notifications/notifications_service.hpp"

#include "eventbook/bus/outbox.hpp"
#include "eventbook/core/metrics_text.hpp"
#include "eventbook/service/context.hpp"
#include "notifications/consumers/inbox_writer.hpp"
#include "notifications/delivery/delivery_worker.hpp"
#include "notifications/handlers/context.hpp"

namespace eventbook::notifications {

NotificationsService::NotificationsService(const NotificationsConfig& config, bus::Transport& transport)
    : transport_(transport),
      verifier_(config.token_keys, auth::kDefaultLeewaySeconds, config.token_max_lifetime_seconds) {
  database_ = db::Database::open(config.database_url, {.pool_size = config.database_pool});
  database_->migrate(
      service::concat(service::concat(migrations(), bus::migrations()), service::revocation_migrations()));
  store_ = std::make_unique<NotificationStore>(*database_);
  consumer_ = std::make_unique<bus::Consumer>(*database_, config.queue);
  bool mail = !config.smtp_url.empty();
  register_handlers(*consumer_, mail, config.public_url);
  revocations_ = std::make_unique<service::TokenRevocations>(*database_, verifier_);
  revocations_->register_handler(*consumer_);
  consumer_->attach(transport_);
  if (mail) {
    auto mailer = std::make_shared<Mailer>(MailerOptions{.smtp_url = config.smtp_url, .from = config.mail_from});
    delivery_ = std::make_unique<DeliveryWorker>(*store_, [mailer](const Mail& m) { mailer->send(m); });
  }
  context_ = std::unique_ptr<NotificationsContext>(new NotificationsContext{*store_, verifier_});
}

NotificationsService::~NotificationsService() { stop(); }

void NotificationsService::start() {
  revocations_->start();
  if (delivery_) delivery_->start();
}

void NotificationsService::stop() {
  if (delivery_) delivery_->stop();
  revocations_->stop();
}

http::Router NotificationsService::router() {
  auto bind = service::binder(*context_);
  http::Router router;
  router.add("GET", "/api/notifications", bind(get_notifications));
  router.add("POST", "/api/notifications/{id}/read", bind(post_read));
  router.add("POST", "/api/notifications/read-all", bind(post_read_all));
  return router;
}

http::ServerOptions NotificationsService::server_options(http::ServerOptions base) const {
  auto* consumer = consumer_.get();
  auto* store = store_.get();
  auto* delivery = delivery_.get();
  return service::service_options(std::move(base), "notifications", *database_, transport_,
                                  [consumer, store, delivery]() -> core::Task<std::string> {
                                    std::string text = consumer->metrics_text();
                                    if (delivery != nullptr) {
                                      auto counts = co_await store->delivery_counts();
                                      core::MetricsText mail;
                                      mail.family("eventbook_mail_deliveries", core::MetricType::gauge,
                                                  "Mails in the delivery log by status.");
                                      for (const auto& [status, count] : counts) {
                                        mail.sample({{"status", status}}, count);
                                      }
                                      text += mail.take();
                                    }
                                    co_return text;
                                  });
}

}  // namespace eventbook::notifications
