#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace eventbook::db::detail {

// Numbers as text, the same way on both engines: shortest form that reads
// back to the same value.
inline std::string format_number(std::int64_t value) {
  char buffer[24];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

inline std::string format_number(double value) {
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

// The start of a statement, for error messages.
inline std::string excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 160;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "...";
}

}  // namespace eventbook::db::detail
