#include "eventbook/core/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>

namespace eventbook::core {

boost::json::object parse_object(std::string_view body) {
  if (body.empty()) {
    throw ApiError::bad_request("The request body is empty; a JSON object is expected.");
  }
  boost::json::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  auto value = boost::json::parse(body, ec, {}, options);
  if (ec) {
    throw ApiError::bad_request("The request body is not valid JSON: " + ec.message() + ".");
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

std::string to_json(const boost::json::value& value) { return valid_utf8(boost::json::serialize(value)); }

FieldReader::FieldReader(const boost::json::object& object, std::initializer_list<std::string_view> allowed)
    : object_(object) {
  for (const auto& entry : object_) {
    if (std::find(allowed.begin(), allowed.end(), entry.key()) == allowed.end()) {
      errors_.push_back({std::string(entry.key()), "is not a known field"});
    }
  }
}

bool FieldReader::has(std::string_view name) const { return object_.contains(name); }

const boost::json::value* FieldReader::find(std::string_view name, bool required) {
  const auto* value = object_.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (required) {
      fail(name, "is required");
    }
    return nullptr;
  }
  return value;
}

std::optional<std::string> FieldReader::string(std::string_view name, bool required) {
  const auto* value = find(name, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  return std::string(value->as_string());
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
