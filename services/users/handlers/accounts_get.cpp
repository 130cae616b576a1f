#include "users/handlers/context.hpp"

namespace eventbook::users {

// Only other services ask (with the service secret): the bookings service
// names door staff by e-mail address.
core::Task<http::Response> get_account_by_email(UsersContext& context, http::Request& request) {
  service::require_service(request, context.service_secret);
  auto email = request.query("email");
  if (!email || email->empty()) throw core::ApiError::validation({{"email", "is required"}});
  auto user = co_await context.store.find_by_email(*email);
  if (!user) throw core::ApiError::not_found("No account has that e-mail address.");
  co_return http::Response::json(
      200, boost::json::object{{"id", user->id}, {"username", user->username}, {"email", user->email}});
}

}  // namespace eventbook::users
