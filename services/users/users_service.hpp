#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/server.hpp"
#include "users/domain/login_throttle.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace eventbook::users {

struct UsersConfig {
  std::string database_url;
  std::filesystem::path signing_key_file;
  std::int64_t token_ttl_seconds = 3600;
  // How long a sign-in lasts: renewing a token never reaches beyond it.
  std::int64_t session_max_age_seconds = 7 * 24 * 3600;
  ThrottlePolicy throttle;
  int hash_threads = 0;  // 0: one per core
  int database_pool = 8;
  // What other services show to call /internal routes.
  std::string service_secret;
};

struct UsersContext;
class UserStore;

// Accounts, credentials, roles and the token signing key.
class UsersService {
 public:
  // Opens the database, applies migrations and loads (or creates) the key.
  // Messages (user.registered) go out through the transport.
  UsersService(const UsersConfig& config, bus::Transport& transport);
  ~UsersService();

  // Starts and stops the outbox relay.
  void start();
  void stop();

  // The routes and server settings. Password hashing runs on its own
  // bounded pool, so that a flood of logins cannot stall the other routes.
  http::Router router();
  http::ServerOptions server_options(http::ServerOptions base) const;

  const auth::SigningKey& signing_key() const;
  // The accounts, for a service in the same process (embedded mode).
  UserStore& store();

 private:
  std::unique_ptr<db::Database> database_;
  bus::Transport& transport_;
  std::unique_ptr<bus::Relay> relay_;
  std::unique_ptr<core::ThreadPool> hashing_;
  std::unique_ptr<UsersContext> context_;
};

// Grants ROLE to the account with EMAIL; false when there is no such account.
core::Task<bool> grant_role(db::Database& database, const std::string& email, const std::string& role);

std::vector<db::Migration> migrations();

}  // namespace eventbook::users
