#pragma once

#include "users/domain/login_throttle.hpp"
#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/http/message.hpp"
#include "users/store/user_store.hpp"

#include <boost/json/object.hpp>

namespace eventbook::users {

// What the users handlers share; built once by UsersService.
struct UsersContext {
  db::Database& database;
  UserStore store;
  auth::SigningKey signing_key;
  auth::Verifier verifier;
  LoginThrottle throttle;
  std::int64_t token_ttl_seconds;
  bus::Relay* relay;  // woken after a commit that wrote to the outbox
  // Argon2id: each hash holds 19 MiB for tens of milliseconds, so a bounded
  // pool answers 503 quickly instead of piling up memory and latency.
  core::ThreadPool& hashing;
};

boost::json::object user_json(const User& user);
std::string issue_token(const UsersContext& context, const User& user);
// Adds the problems of the given profile fields to the reader.
void check_profile_fields(core::FieldReader& reader, const std::optional<std::string>& username,
                          const std::optional<std::string>& email, const std::optional<std::string>& password);

// The signed-in caller's account; 401 when the token is bad or the account is gone.
core::Task<User> current_user(UsersContext& context, const http::Request& request);

core::Task<http::Response> post_register(UsersContext& context, http::Request& request);
core::Task<http::Response> post_login(UsersContext& context, http::Request& request);
core::Task<http::Response> get_me(UsersContext& context, http::Request& request);
core::Task<http::Response> patch_me(UsersContext& context, http::Request& request);
core::Task<http::Response> post_token(UsersContext& context, http::Request& request);
core::Task<http::Response> get_jwks(UsersContext& context, http::Request& request);

}  // namespace eventbook::users
