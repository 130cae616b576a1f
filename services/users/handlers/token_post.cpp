#include "users/handlers/context.hpp"

namespace eventbook::users {

// Exchanges a valid token for a fresh one that carries the account's current role.
core::Task<http::Response> post_token(UsersContext& context, http::Request& request) {
  auto user = co_await current_user(context, request);
  co_return http::Response::json(
      200, boost::json::object{{"token", issue_token(context, user)}, {"expiresIn", context.token_ttl_seconds}});
}

}  // namespace eventbook::users
