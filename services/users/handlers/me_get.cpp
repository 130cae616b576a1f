#include "users/handlers/context.hpp"

namespace eventbook::users {

core::Task<http::Response> get_me(UsersContext& context, http::Request& request) {
  auto user = co_await current_user(context, request);
  co_return http::Response::json(200, user_json(user));
}

}  // namespace eventbook::users
