#include "users/handlers/context.hpp"

#include "eventbook/auth/token_rules.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/service/context.hpp"

namespace eventbook::users {

boost::json::object user_json(const User& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"email", user.email},
          {"role", user.role},
          {"createdAt", core::format_utc(user.created_at)},
          {"updatedAt", core::format_utc(user.updated_at)}};
}

std::optional<IssuedToken> issue_token(const UsersContext& context, const User& user, std::int64_t auth_time) {
  auto now = core::now_seconds();
  auto exp = auth::session_expiry(auth_time, now, context.token_ttl_seconds, context.session_max_age_seconds);
  if (!exp) return std::nullopt;
  auto token = context.signing_key.sign({user.id, user.role, now, *exp, auth_time, user.token_version});
  return IssuedToken{std::move(token), *exp - now};
}

core::Task<SignedIn> signed_in(UsersContext& context, const http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto user = co_await context.store.find_by_id(caller.id);
  if (!user) {
    throw core::ApiError::unauthorized("The account of this token no longer exists.");
  }
  if (auth::revoked(caller.token_version, user->token_version)) {
    // As the verifier answers any unusable token; the log says why.
    core::ApiError error{401,
                         "unauthorized",
                         "The bearer token is invalid or expired.",
                         {},
                         "bearer token rejected: revoked: version " + std::to_string(caller.token_version) + " of " +
                             caller.id + ", now " + std::to_string(user->token_version)};
    error.headers.emplace_back("WWW-Authenticate", R"(Bearer error="invalid_token")");
    throw error;
  }
  co_return SignedIn{std::move(*user), std::move(caller)};
}

core::Task<User> current_user(UsersContext& context, const http::Request& request) {
  auto signed_in_caller = co_await signed_in(context, request);
  co_return std::move(signed_in_caller.user);
}

}  // namespace eventbook::users
