#pragma once

#include "eventbook/db/database.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace eventbook::users {

struct User {
  std::string id;
  std::string username;
  std::string email;
  std::string password_hash;
  std::string role;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// Which of a username and an e-mail address another account already uses.
struct Taken {
  bool username = false;
  bool email = false;
  bool any() const noexcept { return username || email; }
};

class UserStore {
 public:
  explicit UserStore(db::Database& database) : db_(database) {}

  // Throws db::DbError(unique_violation) when the username or e-mail is taken.
  static void insert(db::Session& session, const User& user);
  std::optional<User> find_by_email(std::string_view email);
  std::optional<User> find_by_id(std::string_view id);
  // Taken by an account other than except_id.
  Taken taken(std::string_view username, std::string_view email, std::string_view except_id = {});
  // Returns false when the user no longer exists.
  bool update_profile(const User& user);
  // Returns false when no account has that e-mail.
  bool set_role(std::string_view email, std::string_view role);

 private:
  db::Database& db_;
};

}  // namespace eventbook::users
