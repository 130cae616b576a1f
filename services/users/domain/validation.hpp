#pragma once

#include "eventbook/core/error.hpp"

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

// The 409 for a registration whose username or e-mail address (or both)
// belongs to another account; the e-mail address is named first.
core::ApiError registration_conflict(bool username_taken, bool email_taken);

}  // namespace eventbook::users
