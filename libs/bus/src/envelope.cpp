#include "eventbook/bus/envelope.hpp"

#include "eventbook/core/json.hpp"

#include <boost/json/parse.hpp>

#include <stdexcept>

namespace eventbook::bus {

std::string Envelope::to_json() const {
  return core::to_json(boost::json::object{
      {"id", id}, {"type", type}, {"occurredAt", occurred_at}, {"requestId", request_id}, {"data", data}});
}

Envelope Envelope::from_json(std::string_view text) {
  boost::json::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) {
    throw std::invalid_argument("envelope is not a JSON object");
  }
  const auto& object = value.as_object();
  auto text_field = [&](std::string_view name, bool required) -> std::string {
    const auto* field = object.if_contains(name);
    if (field == nullptr || field->is_null()) {
      if (required) throw std::invalid_argument("envelope lacks " + std::string(name));
      return {};
    }
    if (!field->is_string()) throw std::invalid_argument("envelope field " + std::string(name) + " is not text");
    return std::string(field->as_string());
  };
  Envelope envelope;
  envelope.id = text_field("id", true);
  envelope.type = text_field("type", true);
  envelope.occurred_at = text_field("occurredAt", true);
  envelope.request_id = text_field("requestId", false);
  const auto* data = object.if_contains("data");
  if (data == nullptr || !data->is_object()) {
    throw std::invalid_argument("envelope data is not an object");
  }
  envelope.data = data->as_object();
  if (envelope.id.empty() || envelope.type.empty()) {
    throw std::invalid_argument("envelope id and type must not be empty");
  }
  return envelope;
}

}  // namespace eventbook::bus
