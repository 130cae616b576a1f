#include "users/handlers/context.hpp"

namespace eventbook::users {

http::Response get_me(UsersContext& context, http::Request& request) {
  return http::Response::json(200, user_json(current_user(context, request)));
}

}  // namespace eventbook::users
