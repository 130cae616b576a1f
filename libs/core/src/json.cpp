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

std::string to_json(const boost::json::value& value) { return boost::json::serialize(value); }

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
