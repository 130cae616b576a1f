#pragma once

#include "eventbook/core/error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventbook::core {

// Parses a request body that must be one JSON object; anything else is a 400.
// So is an object, at any depth, that gives one key twice ({"seats":1,"seats":500}):
// which of the two values counts would be a guess (Boost.JSON keeps the last).
boost::json::object parse_object(std::string_view body);

// Serializes value as valid UTF-8, whatever bytes its strings hold (a
// percent-decoded path, say): every byte that starts no well-formed UTF-8
// sequence becomes U+FFFD. Every JSON the services write goes through it.
std::string to_json(const boost::json::value& value);

// text with every byte that starts no well-formed UTF-8 sequence replaced by
// U+FFFD; text itself when it is valid.
std::string valid_utf8(std::string text);

// Reads the fields of a request object, collecting every problem before
// answering, so the client learns about all bad fields in one 422.
class FieldReader {
 public:
  FieldReader(const boost::json::object& object, std::initializer_list<std::string_view> allowed);

  std::optional<std::string> string(std::string_view name, bool required);
  std::optional<std::int64_t> integer(std::string_view name, bool required);
  std::optional<double> number(std::string_view name, bool required);
  std::optional<bool> boolean(std::string_view name, bool required);
  // Whether the field is present at all (null included).
  bool has(std::string_view name) const;

  void fail(std::string_view name, std::string message);
  bool ok() const noexcept { return errors_.empty(); }
  // Throws a 422 listing every problem found so far.
  void finish() const;

 private:
  const boost::json::value* find(std::string_view name, bool required);

  const boost::json::object& object_;
  std::vector<FieldError> errors_;
};

}  // namespace eventbook::core
