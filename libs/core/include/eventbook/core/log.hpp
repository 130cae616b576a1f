#pragma once

#include <boost/json/object.hpp>

#include <string_view>

namespace eventbook::core::log {

enum class Level { debug, info, warn, error };

// Sets up one JSON line per record on stderr. Safe to call more than once.
void init(Level minimum);
Level parse_level(std::string_view text);

// Writes {"ts","level","service","msg", ...fields}.
void write(Level level, std::string_view service, std::string_view message, boost::json::object fields = {});

inline void info(std::string_view service, std::string_view message, boost::json::object fields = {}) {
  write(Level::info, service, message, std::move(fields));
}
inline void warn(std::string_view service, std::string_view message, boost::json::object fields = {}) {
  write(Level::warn, service, message, std::move(fields));
}
inline void error(std::string_view service, std::string_view message, boost::json::object fields = {}) {
  write(Level::error, service, message, std::move(fields));
}

}  // namespace eventbook::core::log
