#include "eventbook/auth/password.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/service/context.hpp"
#include "users/domain/validation.hpp"
#include "users/handlers/context.hpp"

namespace eventbook::users {

core::Task<http::Response> post_login(UsersContext& context, http::Request& request) {
  auto wanted = read_sign_in(request.json());

  auto now = core::now_ms();
  std::string account_key = fold_case(wanted.email);
  std::string address_key = service::client_address(request);
  if (auto wait = context.throttle.blocked_for(account_key, address_key, now)) {
    throw core::ApiError::too_many_requests(static_cast<int>(*wait),
                                            "Too many failed sign-in attempts; try again later.");
  }

  auto user = co_await context.store.find_by_email(wanted.email);
  // An unknown address costs the same hash as a wrong password and gets the same answer.
  const std::string& hash = user ? user->password_hash : auth::decoy_hash();
  bool matches = co_await context.hashing.run([&] { return auth::verify_password(hash, wanted.password); });
  bool ok = matches && user;
  if (!ok) {
    context.throttle.record_failure(account_key, address_key, core::now_ms());
    throw core::ApiError::unauthorized("Invalid e-mail or password.");
  }
  context.throttle.record_success(account_key, address_key);
  // A new sign-in: it starts now, so a token is always issued.
  auto issued = issue_token(context, *user, core::now_seconds());
  co_return http::Response::json(
      200, boost::json::object{
               {"token", issued->token},
               {"user", boost::json::object{{"id", user->id}, {"username", user->username}, {"email", user->email}}}});
}

}  // namespace eventbook::users
