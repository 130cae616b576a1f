#include "users/domain/validation.hpp"
#include "eventbook/auth/password.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "users/handlers/context.hpp"

namespace eventbook::users {

http::Response patch_me(UsersContext& context, http::Request& request) {
  auto user = current_user(context, request);
  auto body = request.json();
  core::FieldReader reader(body, {"username", "email", "password", "currentPassword", "role"});
  if (reader.has("role")) {
    reader.fail("role", "is granted by an administrator and cannot be changed here");
  }
  auto username = reader.string("username", false);
  auto email = reader.string("email", false);
  auto password = reader.string("password", false);
  auto current = reader.string("currentPassword", false);
  check_profile_fields(reader, username, email, password);
  bool sensitive = password || (email && fold_case(*email) != fold_case(user.email));
  if (sensitive && !current) {
    reader.fail("currentPassword", "is required to change the e-mail address or password");
  }
  reader.finish();
  if (sensitive && !auth::verify_password(user.password_hash, *current)) {
    throw core::ApiError::validation({{"currentPassword", "is not correct"}});
  }

  auto taken = context.store.taken(username.value_or(""), email.value_or(""), user.id);
  if ((username && taken.username) || (email && taken.email)) {
    throw core::ApiError(409, "already-registered", "That username or e-mail address belongs to another account.");
  }
  if (username) user.username = *username;
  if (email) user.email = *email;
  if (password) user.password_hash = auth::hash_password(*password);
  user.updated_at = core::now_ms();
  try {
    if (!context.store.update_profile(user)) {
      throw core::ApiError::unauthorized("The account of this token no longer exists.");
    }
  } catch (const db::DbError& error) {
    if (error.kind() != db::DbError::Kind::unique_violation) throw;
    throw core::ApiError(409, "already-registered", "That username or e-mail address belongs to another account.");
  }
  return http::Response::json(200, user_json(user));
}

}  // namespace eventbook::users
