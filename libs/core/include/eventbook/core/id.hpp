#pragma once

#include <string>

namespace eventbook::core {

// A time-ordered UUID (version 7), as text.
std::string new_id();

// Whether text has the shape of a UUID.
bool looks_like_id(std::string_view text) noexcept;

}  // namespace eventbook::core
