// A request body as every handler reads it: one JSON object, its fields read
// through FieldReader. Whatever comes in is either refused with an ApiError
// or read into values that serialize back to valid JSON.
#include "eventbook/core/json.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

using namespace eventbook;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  boost::json::object object;
  try {
    object = core::parse_object(body);
  } catch (const core::ApiError&) {
    return 0;
  }
  core::FieldReader reader(object, {"title", "seats", "price", "published", "description"});
  boost::json::object read;
  try {
    if (auto title = reader.string("title", false)) read["title"] = *title;
    if (auto seats = reader.integer("seats", false)) read["seats"] = *seats;
    if (auto price = reader.number("price", false)) read["price"] = *price;
    if (auto published = reader.boolean("published", false)) read["published"] = *published;
    if (auto description = reader.string("description", false)) read["description"] = *description;
    reader.finish();
  } catch (const core::ApiError&) {
    return 0;
  }
  boost::json::error_code ec;
  boost::json::parse(core::to_json(read), ec);
  if (ec) throw std::logic_error("fields read from a body did not serialize back to JSON: " + ec.message());
  return 0;
}
