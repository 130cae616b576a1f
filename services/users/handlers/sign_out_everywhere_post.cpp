#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/service/revocations.hpp"
#include "users/handlers/context.hpp"

namespace eventbook::users {

// POST /api/users/me/sign-out-everywhere: revokes every token of the account,
// the one presented included. The body is empty or an empty JSON object.
core::Task<http::Response> post_sign_out_everywhere(UsersContext& context, http::Request& request) {
  auto user = co_await current_user(context, request);
  if (!request.body.empty()) {
    auto body = request.json();
    core::FieldReader reader(body, {});
    reader.finish();
  }
  auto version = co_await context.database.transaction([&](db::Session& session) -> std::optional<std::int64_t> {
    auto raised = UserStore::bump_token_version(session, user.id, core::now_ms());
    if (raised) {
      bus::add_to_outbox(session, service::kTokensRevoked, {{"userId", user.id}, {"tokenVersion", *raised}},
                         request.request_id);
    }
    return raised;
  });
  if (!version) throw core::ApiError::unauthorized("The account of this token no longer exists.");
  context.relay->notify();
  co_return http::Response::no_content();
}

}  // namespace eventbook::users
