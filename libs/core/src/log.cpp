#include "eventbook/core/log.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

namespace eventbook::core::log {

namespace {

std::atomic<Level> g_minimum{Level::info};

std::shared_ptr<spdlog::logger> logger() {
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto created = spdlog::stderr_logger_mt("eventbook");
    created->set_pattern("%v");
    created->set_level(spdlog::level::trace);
    created->flush_on(spdlog::level::trace);
    return created;
  }();
  return instance;
}

std::string_view name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

}  // namespace

void init(Level minimum) {
  g_minimum = minimum;
  logger();
}

Level parse_level(std::string_view text) {
  if (text == "debug") return Level::debug;
  if (text == "warn") return Level::warn;
  if (text == "error") return Level::error;
  return Level::info;
}

void write(Level level, std::string_view service, std::string_view message, boost::json::object fields) {
  if (level < g_minimum.load(std::memory_order_relaxed)) {
    return;
  }
  boost::json::object record;
  record.reserve(fields.size() + 4);
  record["ts"] = format_utc(now_ms());
  record["level"] = name(level);
  record["service"] = service;
  record["msg"] = message;
  for (auto& field : fields) {
    record[field.key()] = std::move(field.value());
  }
  logger()->info(to_json(record));
}

}  // namespace eventbook::core::log
