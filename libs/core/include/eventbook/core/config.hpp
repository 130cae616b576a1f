#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::core {

// A bad configuration value; main prints what() as the one line and exits.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Command-line flags (--name value, --name=value, --switch) with a fallback to
// the environment variable EVENTBOOK_<NAME> (dashes become underscores).
class Args {
 public:
  Args(int argc, const char* const* argv);
  Args(std::vector<std::string> args);

  const std::vector<std::string>& positional() const noexcept { return positional_; }
  bool flag(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, std::string fallback) const;
  // A TCP port (1-65535), or 0 when allowed for "pick a free one".
  std::uint16_t port(const std::string& name, std::uint16_t fallback) const;
  std::int64_t integer(const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  // An on|off switch.
  bool on_off(const std::string& name, bool fallback) const;
  // Fails on a flag the command does not know.
  void allow_only(const std::vector<std::string>& names) const;

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

std::string env_name(const std::string& flag);

}  // namespace eventbook::core
