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
  // allowed: the fields the object may have; any other is refused. nullable:
  // those of them that may be null (to clear them). Any other field given as
  // null is refused ("must not be null"), whether or not it is read: null
  // is not a way to leave a field out.
  FieldReader(const boost::json::object& object, std::initializer_list<std::string_view> allowed,
              std::initializer_list<std::string_view> nullable = {});

  // What a text field may hold besides printable characters. No C0 control
  // character or DEL (a NUL, an escape, a bare carriage return) is taken
  // otherwise: such text would reach logs, e-mails and calendar files as it is.
  enum class Text {
    line,    // one line: no control character at all
    lines,   // several lines: line feeds, CR LF pairs and tabs too
    secret,  // a password checked against the one stored: any character, as it was taken before
  };
  std::optional<std::string> string(std::string_view name, bool required, Text text = Text::line);
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
