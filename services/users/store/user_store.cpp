#include "users/store/user_store.hpp"

#include "eventbook/core/clock.hpp"
#include "users/domain/validation.hpp"
#include "users/store/sql.hpp"

namespace eventbook::users {

namespace {

std::optional<User> first_user(const db::Result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  const auto& row = result.rows.front();
  return User{row.text(0), row.text(1),    row.text(2),    row.text(3),
              row.text(4), row.integer(5), row.integer(6), row.integer(7)};
}

}  // namespace

void UserStore::insert(db::Session& session, const User& user) {
  session.exec(sql::kInsertUser, {user.id, user.username, fold_case(user.username), user.email, fold_case(user.email),
                                  user.password_hash, user.role, user.created_at});
}

core::Task<std::optional<User>> UserStore::find_by_email(std::string email) {
  db::Params params{fold_case(email)};
  auto result = co_await db_.query(sql::kFindByEmail, std::move(params));
  co_return first_user(result);
}

core::Task<std::optional<User>> UserStore::find_by_id(std::string id) {
  db::Params params{std::move(id)};
  auto result = co_await db_.query(sql::kFindById, std::move(params));
  co_return first_user(result);
}

core::Task<Taken> UserStore::taken(std::string username, std::string email, std::string except_id) {
  db::Params params{fold_case(username), fold_case(email)};
  auto result = co_await db_.query(sql::kTakenBy, std::move(params));
  const auto& row = result.rows.at(0);
  auto other = [&](std::size_t col) { return !row.is_null(col) && row.text(col) != except_id; };
  co_return Taken{other(0), other(1)};
}

core::Task<bool> UserStore::update_profile(User user) {
  co_return co_await db_.transaction([&](db::Session& session) { return update_profile(session, user); });
}

bool UserStore::update_profile(db::Session& session, const User& user) {
  return session
             .exec(sql::kUpdateProfile, {user.id, user.username, fold_case(user.username), user.email,
                                         fold_case(user.email), user.password_hash, user.updated_at})
             .affected == 1;
}

std::optional<std::int64_t> UserStore::bump_token_version(db::Session& session, const std::string& id,
                                                          std::int64_t now_ms) {
  auto result = session.exec(sql::kBumpTokenVersion, {id, now_ms});
  if (result.empty()) return std::nullopt;
  return result.rows.front().integer(0);
}

core::Task<bool> UserStore::set_role(std::string email, std::string role) {
  co_return co_await db_.transaction([&](db::Session& session) {
    return session.exec(sql::kSetRole, {fold_case(email), role, core::now_ms()}).affected == 1;
  });
}

}  // namespace eventbook::users
