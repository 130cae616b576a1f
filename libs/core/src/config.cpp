#include "eventbook/core/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace eventbook::core {

std::string env_name(const std::string& flag) {
  std::string name = "EVENTBOOK_";
  for (char c : flag) {
    name.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return name;
}

Args::Args(int argc, const char* const* argv) : Args(std::vector<std::string>(argv + std::min(argc, 1), argv + argc)) {}

Args::Args(std::vector<std::string> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      positional_.push_back(arg);
      continue;
    }
    std::string body = arg.substr(2);
    auto eq = body.find('=');
    if (eq != std::string::npos) {
      values_[body.substr(0, eq)] = body.substr(eq + 1);
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      values_[body] = args[++i];
    } else {
      values_[body] = "";
    }
  }
}

bool Args::flag(const std::string& name) const { return values_.contains(name); }

std::optional<std::string> Args::get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) {
    return it->second;
  }
  if (const char* env = std::getenv(env_name(name).c_str()); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  return std::nullopt;
}

std::string Args::get_or(const std::string& name, std::string fallback) const {
  auto value = get(name);
  return value ? *value : std::move(fallback);
}

bool Args::on_off(const std::string& name, bool fallback) const {
  auto value = get(name);
  if (!value) {
    return fallback;
  }
  if (*value != "on" && *value != "off") {
    throw ConfigError("invalid --" + name + " (" + env_name(name) + ") '" + *value + "': expected on or off");
  }
  return *value == "on";
}

std::int64_t Args::integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  auto text = get(name);
  if (!text) {
    return fallback;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    throw ConfigError("invalid --" + name + " (" + env_name(name) + ") '" + *text + "': expected an integer from " +
                      std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

std::uint16_t Args::port(const std::string& name, std::uint16_t fallback) const {
  return static_cast<std::uint16_t>(integer(name, fallback, 0, 65535));
}

void Args::allow_only(const std::vector<std::string>& names) const {
  for (const auto& [key, value] : values_) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      throw ConfigError("unknown option --" + key + " (see --help)");
    }
  }
}

}  // namespace eventbook::core
