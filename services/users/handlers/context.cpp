#include "users/handlers/context.hpp"

#include "eventbook/core/clock.hpp"
#include "users/domain/validation.hpp"
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

void check_profile_fields(core::FieldReader& reader, const std::optional<std::string>& username,
                          const std::optional<std::string>& email, const std::optional<std::string>& password) {
  if (username) {
    if (auto problem = check_username(*username)) reader.fail("username", *problem);
  }
  if (email) {
    if (auto problem = check_email(*email)) reader.fail("email", *problem);
  }
  if (password) {
    if (auto problem = check_password(*password)) reader.fail("password", *problem);
  }
}

core::Task<User> current_user(UsersContext& context, const http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto user = co_await context.store.find_by_id(caller.id);
  if (!user) {
    throw core::ApiError::unauthorized("The account of this token no longer exists.");
  }
  co_return *user;
}

}  // namespace eventbook::users
