#include "users/store/user_store.hpp"

#include "users/domain/validation.hpp"
#include "eventbook/core/clock.hpp"
#include "users/store/sql.hpp"

namespace eventbook::users {

namespace {

std::optional<User> first_user(const db::Result& result) {
  if (result.empty()) {
    return std::nullopt;
  }
  const auto& row = result.rows.front();
  return User{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.integer(5), row.integer(6)};
}

}  // namespace

void UserStore::insert(db::Session& session, const User& user) {
  session.exec(sql::kInsertUser, {user.id, user.username, fold_case(user.username), user.email, fold_case(user.email),
                              user.password_hash, user.role, user.created_at});
}

std::optional<User> UserStore::find_by_email(std::string_view email) {
  return first_user(db_.exec(sql::kFindByEmail, {fold_case(email)}));
}

std::optional<User> UserStore::find_by_id(std::string_view id) {
  return first_user(db_.exec(sql::kFindById, {std::string(id)}));
}

Taken UserStore::taken(std::string_view username, std::string_view email, std::string_view except_id) {
  auto result = db_.exec(sql::kTakenBy, {fold_case(username), fold_case(email)});
  const auto& row = result.rows.at(0);
  auto other = [&](std::size_t col) { return !row.is_null(col) && row.text(col) != except_id; };
  return Taken{other(0), other(1)};
}

bool UserStore::update_profile(const User& user) {
  auto result = db_.exec(sql::kUpdateProfile, {user.id, user.username, fold_case(user.username), user.email,
                                               fold_case(user.email), user.password_hash, user.updated_at});
  return result.affected == 1;
}

bool UserStore::set_role(std::string_view email, std::string_view role) {
  return db_.exec(sql::kSetRole, {fold_case(email), std::string(role), core::now_ms()}).affected == 1;
}

}  // namespace eventbook::users
