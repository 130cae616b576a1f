#include "users/users_service.hpp"

#include "eventbook/service/context.hpp"
#include "users/domain/validation.hpp"
#include "users/handlers/context.hpp"

#include <thread>

namespace eventbook::users {

UsersService::UsersService(const UsersConfig& config, bus::Transport& transport) : transport_(transport) {
  db::Options options;
  options.pool_size = config.database_pool;
  database_ = db::Database::open(config.database_url, options);
  database_->migrate(service::concat(migrations(), bus::migrations()));
  relay_ = std::make_unique<bus::Relay>(*database_, transport_, bus::RelayOptions{.service = "users"});
  auto key = auth::SigningKey::load_or_create(config.signing_key_file);
  const int hash_threads = config.hash_threads > 0
                               ? config.hash_threads
                               : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  hashing_ = std::make_unique<core::ThreadPool>("hashing", hash_threads, hash_threads * 32);
  context_ = std::unique_ptr<UsersContext>(
      new UsersContext{*database_, UserStore(*database_), key,
                       auth::Verifier({key.public_key()}, auth::kDefaultLeewaySeconds, config.token_ttl_seconds),
                       LoginThrottle(config.throttle), config.token_ttl_seconds, config.session_max_age_seconds,
                       relay_.get(), *hashing_, config.service_secret});
}

UsersService::~UsersService() { stop(); }

void UsersService::start() { relay_->start(); }

void UsersService::stop() { relay_->stop(); }

const auth::SigningKey& UsersService::signing_key() const { return context_->signing_key; }

UserStore& UsersService::store() { return context_->store; }

http::Router UsersService::router() {
  auto bind = service::binder(*context_);
  http::Router router;
  router.add("POST", "/api/users/register", bind(post_register));
  router.add("POST", "/api/users/login", bind(post_login));
  router.add("GET", "/api/users/me", bind(get_me));
  router.add("PATCH", "/api/users/me", bind(patch_me));
  router.add("POST", "/api/users/token", bind(post_token));
  router.add("POST", "/api/users/me/sign-out-everywhere", bind(post_sign_out_everywhere));
  router.add("GET", "/api/users/.well-known/jwks.json", bind(get_jwks));
  router.add("GET", "/internal/accounts", bind(get_account_by_email));
  return router;
}

http::ServerOptions UsersService::server_options(http::ServerOptions base) const {
  base.pools.push_back(hashing_.get());
  auto* relay = relay_.get();
  return service::service_options(std::move(base), "users", *database_, transport_,
                                  [relay] { return relay->metrics_text(); });
}

core::Task<bool> grant_role(db::Database& database, const std::string& email, const std::string& role) {
  if (!is_role(role)) {
    throw std::invalid_argument("unknown role '" + role + "': expected attendee, organizer or admin");
  }
  co_return co_await UserStore(database).set_role(email, role);
}

}  // namespace eventbook::users
