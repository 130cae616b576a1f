#pragma once

#include <cstdint>
#include <string>

namespace eventbook::core {

std::int64_t now_ms() noexcept;
std::int64_t now_seconds() noexcept;
// RFC 3339 UTC time with milliseconds: 2025-06-15T10:00:00.000Z
std::string format_utc(std::int64_t ms);

}  // namespace eventbook::core
