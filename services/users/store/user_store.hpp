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
  // Tokens below it are revoked; raised by a password change and by signing out everywhere.
  std::int64_t token_version = 0;
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
  core::Task<std::optional<User>> find_by_email(std::string email);
  core::Task<std::optional<User>> find_by_id(std::string id);
  // Taken by an account other than except_id.
  core::Task<Taken> taken(std::string username, std::string email, std::string except_id = {});
  // Returns false when the user no longer exists.
  core::Task<bool> update_profile(User user);
  static bool update_profile(db::Session& session, const User& user);
  // Raises the account's token version (revoking every token issued so far);
  // the new version, or nothing when the account no longer exists.
  static std::optional<std::int64_t> bump_token_version(db::Session& session, const std::string& id,
                                                        std::int64_t now_ms);
  // Returns false when no account has that e-mail.
  core::Task<bool> set_role(std::string email, std::string role);

 private:
  db::Database& db_;
};

}  // namespace eventbook::users
