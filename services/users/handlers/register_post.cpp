#include "eventbook/auth/password.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/json.hpp"
#include "users/domain/validation.hpp"
#include "users/handlers/context.hpp"

namespace eventbook::users {

core::Task<http::Response> post_register(UsersContext& context, http::Request& request) {
  auto wanted = read_registration(request.json());

  // Checked before the costly hash; the unique indexes still decide races.
  auto taken = co_await context.store.taken(wanted.username, wanted.email);
  if (taken.any()) throw registration_conflict(taken.username, taken.email);
  auto now = core::now_ms();
  auto hash = co_await context.hashing.run([&] { return auth::hash_password(wanted.password); });
  User user{core::new_id(), wanted.username, wanted.email, std::move(hash), "attendee", now, now};
  bool duplicate = false;
  try {
    co_await context.database.transaction([&](db::Session& session) {
      UserStore::insert(session, user);
      bus::add_to_outbox(session, "user.registered",
                         {{"userId", user.id}, {"username", user.username}, {"email", user.email}}, request.request_id);
    });
  } catch (const db::DbError& error) {
    if (error.kind() != db::DbError::Kind::unique_violation) throw;
    duplicate = true;
  }
  // Lost a race for the name or address: say which, as the check above would have.
  if (duplicate) {
    auto now_taken = co_await context.store.taken(wanted.username, wanted.email);
    throw registration_conflict(now_taken.username, now_taken.email);
  }
  context.relay->notify();
  auto response =
      http::Response::json(201, boost::json::object{{"message", "User registered successfully!"}, {"userId", user.id}});
  response.set_header("Location", "/api/users/me");
  co_return response;
}

}  // namespace eventbook::users
