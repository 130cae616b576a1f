#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/service/context.hpp"
#include "users/domain/login_throttle.hpp"
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
  std::int64_t session_max_age_seconds;
  bus::Relay* relay;  // woken after a commit that wrote to the outbox
  // Argon2id: each hash holds 19 MiB for tens of milliseconds, so a bounded
  // pool answers 503 quickly instead of piling up memory and latency.
  core::ThreadPool& hashing;
  std::string service_secret;
};

boost::json::object user_json(const User& user);

struct IssuedToken {
  std::string token;
  std::int64_t expires_in = 0;  // seconds
};
// A token for the user's sign-in at auth_time (seconds; a new sign-in is now):
// the token lifetime from now, cut at the end of the sign-in. Nothing once the
// sign-in has reached its maximum age: only signing in again gives a token.
std::optional<IssuedToken> issue_token(const UsersContext& context, const User& user, std::int64_t auth_time);

// The signed-in caller: the account and what its token says.
struct SignedIn {
  User user;
  service::Caller caller;
};

// The signed-in caller; 401 when the token is bad or revoked (the account's
// token version in this database is above the token's), or the account is gone.
core::Task<SignedIn> signed_in(UsersContext& context, const http::Request& request);
// The signed-in caller's account (see signed_in).
core::Task<User> current_user(UsersContext& context, const http::Request& request);

core::Task<http::Response> post_register(UsersContext& context, http::Request& request);
core::Task<http::Response> post_login(UsersContext& context, http::Request& request);
core::Task<http::Response> get_me(UsersContext& context, http::Request& request);
core::Task<http::Response> patch_me(UsersContext& context, http::Request& request);
core::Task<http::Response> post_token(UsersContext& context, http::Request& request);
core::Task<http::Response> post_sign_out_everywhere(UsersContext& context, http::Request& request);
core::Task<http::Response> get_jwks(UsersContext& context, http::Request& request);
// GET /internal/accounts?email=: the account with that address, for other services.
core::Task<http::Response> get_account_by_email(UsersContext& context, http::Request& request);

}  // namespace eventbook::users
