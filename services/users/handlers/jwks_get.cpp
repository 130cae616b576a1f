#include "users/handlers/context.hpp"

namespace eventbook::users {

core::Task<http::Response> get_jwks(UsersContext& context, http::Request&) {
  auto response = http::Response::json(200, auth::to_jwks({context.signing_key.public_key()}));
  response.set_header("Cache-Control", "public, max-age=300");
  co_return response;
}

}  // namespace eventbook::users
