#pragma once

#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventbook::users {

inline constexpr std::size_t kMinPassword = 8;
inline constexpr std::size_t kMaxPassword = 1024;

// Each returns the problem with the value, or nothing when it is acceptable.
std::optional<std::string> check_username(std::string_view username);
std::optional<std::string> check_email(std::string_view email);
std::optional<std::string> check_password(std::string_view password);
bool is_role(std::string_view role);

// The form uniqueness is decided on: e-mail and username ignore case.
std::string fold_case(std::string_view text);

// Whether a profile change needs the current password: a new password, or
// an e-mail address other than the current one (case aside).
bool needs_current_password(std::string_view current_email, const std::optional<std::string>& new_email,
                            bool new_password);

// Adds the problems of the given profile fields to the reader.
void check_profile_fields(core::FieldReader& reader, const std::optional<std::string>& username,
                          const std::optional<std::string>& email, const std::optional<std::string>& password);

// The bodies of the users routes, read and checked: each throws a 422 naming
// every bad field.

// POST /api/users/register {username, email, password}.
struct Registration {
  std::string username;
  std::string email;
  std::string password;
};
Registration read_registration(const boost::json::object& body);

// POST /api/users/login {email, password}: the password is taken as it is,
// whatever it holds (it is only compared with the stored hash).
struct SignIn {
  std::string email;
  std::string password;
};
SignIn read_sign_in(const boost::json::object& body);

// PATCH /api/users/me {username?, email?, password?, currentPassword?}: the
// fields given; role is refused, whatever its value. current_email is the
// account's address now: another one, or a new password, needs the current
// password (needs_current_password).
struct ProfileChange {
  std::optional<std::string> username;
  std::optional<std::string> email;
  std::optional<std::string> password;
  std::optional<std::string> current_password;
  bool sensitive = false;  // the current password is required, and given
};
ProfileChange read_profile_change(const boost::json::object& body, std::string_view current_email);

// The 409 for a registration whose username or e-mail address (or both)
// belongs to another account; the e-mail address is named first.
core::ApiError registration_conflict(bool username_taken, bool email_taken);

}  // namespace eventbook::users
