#pragma once

namespace eventbook::users::sql {

inline constexpr const char* kInsertUser =
    "INSERT INTO users (id, username, username_key, email, email_key, password_hash, role, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";

inline constexpr const char* kFindByEmail =
    "SELECT id, username, email, password_hash, role, created_at, updated_at, token_version FROM users "
    "WHERE email_key = $1";

inline constexpr const char* kFindById =
    "SELECT id, username, email, password_hash, role, created_at, updated_at, token_version FROM users WHERE id = $1";

inline constexpr const char* kTakenBy =
    "SELECT (SELECT id FROM users WHERE username_key = $1), (SELECT id FROM users WHERE email_key = $2)";

inline constexpr const char* kUpdateProfile =
    "UPDATE users SET username = $2, username_key = $3, email = $4, email_key = $5, password_hash = $6, "
    "updated_at = $7 WHERE id = $1";

// Revokes every token issued so far: tokens carry the version they were issued with.
inline constexpr const char* kBumpTokenVersion =
    "UPDATE users SET token_version = token_version + 1, updated_at = $2 WHERE id = $1 RETURNING token_version";

inline constexpr const char* kSetRole = "UPDATE users SET role = $2, updated_at = $3 WHERE email_key = $1";

}  // namespace eventbook::users::sql
