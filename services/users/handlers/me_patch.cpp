#include "eventbook/auth/password.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/service/revocations.hpp"
#include "users/domain/validation.hpp"
#include "users/handlers/context.hpp"

namespace eventbook::users {

core::Task<http::Response> patch_me(UsersContext& context, http::Request& request) {
  auto user = co_await current_user(context, request);
  auto change = read_profile_change(request.json(), user.email);
  const auto& username = change.username;
  const auto& email = change.email;
  const auto& password = change.password;
  if (change.sensitive) {
    bool matches = co_await context.hashing.run(
        [&] { return auth::verify_password(user.password_hash, *change.current_password); });
    if (!matches) throw core::ApiError::validation({{"currentPassword", "is not correct"}});
  }

  auto taken = co_await context.store.taken(username.value_or(""), email.value_or(""), user.id);
  if ((username && taken.username) || (email && taken.email)) {
    throw core::ApiError(409, "already-registered", "That username or e-mail address belongs to another account.");
  }
  if (username) user.username = *username;
  if (email) user.email = *email;
  if (password) {
    user.password_hash = co_await context.hashing.run([&] { return auth::hash_password(*password); });
  }
  user.updated_at = core::now_ms();
  const bool revoke = password.has_value();
  bool updated = false;
  try {
    // A new password revokes every token of the account, the one used here
    // included: the version rises with the password, in one transaction, and
    // the other services learn it from the bus.
    updated = co_await context.database.transaction([&](db::Session& session) {
      if (!UserStore::update_profile(session, user)) return false;
      if (revoke) {
        auto raised = UserStore::bump_token_version(session, user.id, user.updated_at);
        if (!raised) return false;
        user.token_version = *raised;
        bus::add_to_outbox(session, service::kTokensRevoked, {{"userId", user.id}, {"tokenVersion", *raised}},
                           request.request_id);
      }
      return true;
    });
  } catch (const db::DbError& error) {
    if (error.kind() != db::DbError::Kind::unique_violation) throw;
    throw core::ApiError(409, "already-registered", "That username or e-mail address belongs to another account.");
  }
  if (!updated) throw core::ApiError::unauthorized("The account of this token no longer exists.");
  if (revoke) context.relay->notify();
  co_return http::Response::json(200, user_json(user));
}

}  // namespace eventbook::users
