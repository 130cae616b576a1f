#include "eventbook/core/json.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace eventbook::core {

namespace {

// Builds the value as boost::json::parse does (on a value_stack), and counts
// the members the parser saw in each object: Boost.JSON keeps one of two equal
// keys, so an object that gave a key twice ends up smaller than its count.
// With keep_keys, it also keeps the keys of the objects still open, to name a
// key given twice (the second parse of a body found to have one).
class BodyHandler {
 public:
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  BodyHandler(unsigned char* buffer, std::size_t size, bool keep_keys)
      : stack_({}, buffer, size), keep_keys_(keep_keys) {
    stack_.reset();
  }

  bool on_document_begin(boost::json::error_code&) { return true; }
  bool on_document_end(boost::json::error_code&) { return true; }
  bool on_object_begin(boost::json::error_code&) {
    if (keep_keys_) starts_.push_back(keys_.size());
    return true;
  }
  bool on_object_end(std::size_t n, boost::json::error_code& ec) {
    if (keep_keys_) {
      const auto start = starts_.back();
      starts_.pop_back();
      if (n > 1 && find_duplicate(start)) {
        ec = boost::json::error::exception;  // stops the parser; parse_object reads duplicate()
        return false;
      }
      keys_.resize(start);
    }
    counts_.push_back(n);
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(boost::json::error_code&) { return true; }
  bool on_array_end(std::size_t n, boost::json::error_code&) {
    stack_.push_array(n);
    return true;
  }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    stack_.push_chars(s);
    if (keep_keys_) key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    stack_.push_key(s);
    if (keep_keys_) {
      key_.append(s.data(), s.size());
      keys_.push_back(std::move(key_));
      key_.clear();
    }
    return true;
  }
  bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    stack_.push_string(s);
    return true;
  }
  bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code&) {
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code&) {
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, boost::json::string_view, boost::json::error_code&) {
    stack_.push_double(d);
    return true;
  }
  bool on_bool(bool b, boost::json::error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(boost::json::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::json::error_code&) { return true; }

  boost::json::value release() { return stack_.release(); }
  // How many members the parser saw in each object, in the order the objects
  // closed (an object's own objects before it).
  const std::vector<std::size_t>& counts() const noexcept { return counts_; }
  // With keep_keys: the first key found given twice.
  const std::optional<std::string>& duplicate() const noexcept { return duplicate_; }

 private:
  // Whether the keys of the object that began at start (in keys_) hold one twice.
  bool find_duplicate(std::size_t start) {
    std::vector<std::string_view> sorted(keys_.begin() + static_cast<std::ptrdiff_t>(start), keys_.end());
    std::sort(sorted.begin(), sorted.end());
    auto twice = std::adjacent_find(sorted.begin(), sorted.end());
    if (twice == sorted.end()) return false;
    duplicate_ = std::string(*twice);
    return true;
  }

  boost::json::value_stack stack_;
  bool keep_keys_;
  std::vector<std::size_t> counts_;
  std::vector<std::string> keys_;    // the keys of every open object, outermost first
  std::vector<std::size_t> starts_;  // where each open object's keys begin in keys_
  std::string key_;                  // a key read in parts
  std::optional<std::string> duplicate_;
};

// Whether every object in value, visited in the order the parser closed them,
// has as many members as counts says the parser saw (next: the count of the
// next object). An object that gave a key twice has fewer; and one whose
// repeated key held objects also leaves fewer objects than counts has.
bool counts_match(const boost::json::value& value, const std::vector<std::size_t>& counts, std::size_t& next) {
  if (const auto* object = value.if_object()) {
    for (const auto& member : *object) {
      if (!counts_match(member.value(), counts, next)) return false;
    }
    return next < counts.size() && object->size() == counts[next++];
  }
  if (const auto* array = value.if_array()) {
    for (const auto& item : *array) {
      if (!counts_match(item, counts, next)) return false;
    }
  }
  return true;
}

// Parses body as boost::json::parse does (the same value, the same errors).
boost::json::value parse_body(std::string_view body, bool keep_keys, std::vector<std::size_t>* counts,
                              std::optional<std::string>* duplicate) {
  boost::json::parse_options options;
  options.max_depth = 32;
  unsigned char buffer[4096];  // what the value is built in before it needs the heap, as in boost::json::parse
  boost::json::basic_parser<BodyHandler> parser(options, buffer, sizeof buffer, keep_keys);
  boost::json::error_code ec;
  const auto used = parser.write_some(false, body.data(), body.size(), ec);
  if (duplicate != nullptr) *duplicate = parser.handler().duplicate();
  if (!ec && used < body.size()) {
    ec = boost::json::error::extra_data;
  }
  if (ec) {
    if (duplicate != nullptr && *duplicate) return nullptr;
    throw ApiError::bad_request("The request body is not valid JSON: " + ec.message() + ".");
  }
  if (counts != nullptr) *counts = parser.handler().counts();
  return parser.handler().release();
}

}  // namespace

boost::json::object parse_object(std::string_view body) {
  if (body.empty()) {
    throw ApiError::bad_request("The request body is empty; a JSON object is expected.");
  }
  std::vector<std::size_t> counts;
  auto value = parse_body(body, false, &counts, nullptr);
  std::size_t next = 0;
  if (!counts_match(value, counts, next) || next != counts.size()) {
    // A key was given twice: parse again, keeping the keys this time, to name it.
    std::optional<std::string> key;
    parse_body(body, true, nullptr, &key);
    constexpr std::size_t kShown = 100;
    std::string shown = !key ? std::string("?") : key->size() > kShown ? key->substr(0, kShown) + "..." : *key;
    throw ApiError(400, "duplicate-key", "The request body gives \"" + shown + "\" more than once in one object.",
                   {{shown, "is given more than once"}});
  }
  if (!value.is_object()) {
    throw ApiError::bad_request("The request body must be a JSON object.");
  }
  return std::move(value.as_object());
}

namespace {

// The length of the well-formed UTF-8 sequence at the start of text (RFC
// 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

std::string valid_utf8(std::string text) {
  std::string_view rest(text);
  std::size_t good = 0;
  while (good < rest.size()) {
    const auto length = utf8_sequence(rest.substr(good));
    if (length == 0) break;
    good += length;
  }
  if (good == rest.size()) return text;  // the usual case: nothing to mend
  std::string mended(text, 0, good);
  mended.reserve(text.size() + 8);
  for (std::size_t at = good; at < rest.size();) {
    const auto length = utf8_sequence(rest.substr(at));
    if (length == 0) {
      mended += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER, for each byte that starts no valid sequence
      ++at;
    } else {
      mended.append(rest.substr(at, length));
      at += length;
    }
  }
  return mended;
}

namespace {

void write_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t run = 0;  // start of the characters still to copy as they are
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(run, at - run));
    run = at + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
  }
  out.append(text.substr(run));
  out += '"';
}

template <class Number>
void write_number(std::string& out, Number number) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, end);
}

void write_value(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out += "null";
      break;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::int64:
      write_number(out, value.get_int64());
      break;
    case boost::json::kind::uint64:
      write_number(out, value.get_uint64());
      break;
    case boost::json::kind::double_:
      // The shortest decimal that reads back as this double, plain where
      // that is shortest (12.5, 25, 0.99; not 1.25E1): amounts read as
      // they were written. JSON has no infinity or NaN.
      if (std::isfinite(value.get_double())) {
        write_number(out, value.get_double());
      } else {
        out += "null";
      }
      break;
    case boost::json::kind::string:
      write_string(out, value.get_string());
      break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        write_value(out, item);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& entry : value.get_object()) {
        if (!first) out += ',';
        first = false;
        write_string(out, entry.key());
        out += ':';
        write_value(out, entry.value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string to_json(const boost::json::value& value) {
  std::string out;
  out.reserve(256);
  write_value(out, value);
  return valid_utf8(std::move(out));
}

FieldReader::FieldReader(const boost::json::object& object, std::initializer_list<std::string_view> allowed,
                         std::initializer_list<std::string_view> nullable)
    : object_(object) {
  for (const auto& entry : object_) {
    if (std::find(allowed.begin(), allowed.end(), entry.key()) == allowed.end()) {
      errors_.push_back({std::string(entry.key()), "is not a known field"});
    } else if (entry.value().is_null() && std::find(nullable.begin(), nullable.end(), entry.key()) == nullable.end()) {
      errors_.push_back({std::string(entry.key()), "must not be null"});
    }
  }
}

bool FieldReader::has(std::string_view name) const { return object_.contains(name); }

// A null is never a value read: it was refused above, or clears a nullable field.
const boost::json::value* FieldReader::find(std::string_view name, bool required) {
  const auto* value = object_.if_contains(name);
  if (value == nullptr) {
    if (required) {
      fail(name, "is required");
    }
    return nullptr;
  }
  return value->is_null() ? nullptr : value;
}

namespace {

// Why text does not fit its kind, or nothing when it does.
const char* control_character_problem(std::string_view text, FieldReader::Text kind) {
  if (kind == FieldReader::Text::secret) return nullptr;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != 0x7F) continue;
    if (kind == FieldReader::Text::lines &&
        (c == '\n' || c == '\t' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))) {
      continue;
    }
    return kind == FieldReader::Text::lines ? "must not contain control characters other than line breaks and tabs"
                                            : "must not contain control characters";
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> FieldReader::string(std::string_view name, bool required, Text text) {
  const auto* value = find(name, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  const auto& chars = value->as_string();
  if (const auto* problem = control_character_problem(std::string_view(chars.data(), chars.size()), text)) {
    fail(name, problem);
    return std::nullopt;
  }
  return std::string(chars);
}

std::optional<std::int64_t> FieldReader::integer(std::string_view name, bool required) {
  const auto* value = find(name, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->is_int64()) {
    return value->as_int64();
  }
  if (value->is_uint64()) {
    fail(name, "is too large");
    return std::nullopt;
  }
  if (value->is_double()) {
    double d = value->as_double();
    if (std::trunc(d) == d && std::abs(d) < 9.0e15) {
      return static_cast<std::int64_t>(d);
    }
  }
  fail(name, "must be an integer");
  return std::nullopt;
}

std::optional<double> FieldReader::number(std::string_view name, bool required) {
  const auto* value = find(name, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (value->is_number()) {
    return value->to_number<double>();
  }
  fail(name, "must be a number");
  return std::nullopt;
}

std::optional<bool> FieldReader::boolean(std::string_view name, bool required) {
  const auto* value = find(name, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_bool()) {
    fail(name, "must be true or false");
    return std::nullopt;
  }
  return value->as_bool();
}

void FieldReader::fail(std::string_view name, std::string message) {
  errors_.push_back({std::string(name), std::move(message)});
}

void FieldReader::finish() const {
  if (!errors_.empty()) {
    throw ApiError::validation(errors_);
  }
}

}  // namespace eventbook::core
