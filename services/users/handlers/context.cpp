#include "users/handlers/context.hpp"

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

std::string issue_token(const UsersContext& context, const User& user) {
  auto now = core::now_seconds();
  return context.signing_key.sign({user.id, user.role, now, now + context.token_ttl_seconds});
}

User current_user(UsersContext& context, const http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto user = context.store.find_by_id(caller.id);
  if (!user) {
    throw core::ApiError::unauthorized("The account of this token no longer exists.");
  }
  return *user;
}

}  // namespace eventbook::users
