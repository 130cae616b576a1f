#include "users/handlers/context.hpp"

namespace eventbook::users {

// Exchanges a valid token for a fresh one that carries the account's current
// role, for the same sign-in: it never lasts beyond the sign-in's maximum age,
// after which only signing in again gives a token.
core::Task<http::Response> post_token(UsersContext& context, http::Request& request) {
  auto caller = co_await signed_in(context, request);
  auto issued = issue_token(context, caller.user, caller.caller.auth_time);
  if (!issued) {
    core::ApiError error{401,
                         "unauthorized",
                         "The sign-in has expired; sign in again.",
                         {},
                         "token renewal refused: signed in at " + std::to_string(caller.caller.auth_time)};
    error.headers.emplace_back("WWW-Authenticate", R"(Bearer error="invalid_token")");
    throw error;
  }
  co_return http::Response::json(200, boost::json::object{{"token", issued->token}, {"expiresIn", issued->expires_in}});
}

}  // namespace eventbook::users
