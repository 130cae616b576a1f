#pragma once

#include "eventbook/core/error.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::notifications {

// ?unread=: "true" lists only unread notifications, "false" (or no value)
// all of them; anything else adds a problem to `errors`.
bool read_unread_only(const std::optional<std::string>& unread, std::vector<core::FieldError>& errors);

}  // namespace eventbook::notifications
