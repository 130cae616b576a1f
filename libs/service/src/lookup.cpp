#include "eventbook/service/lookup.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/http/client.hpp"
#include "eventbook/http/message.hpp"

#include <boost/json/parse.hpp>

namespace eventbook::service {

core::Task<std::optional<boost::json::object>> internal_get(http::Client& client, std::string target,
                                                            const std::string& secret, const char* service) {
  std::optional<http::ClientResponse> response;
  std::string failure;
  try {
    http::Headers headers{{"Authorization", "Service " + secret}};
    response = co_await client.request("GET", std::move(target), std::move(headers));
  } catch (const http::ClientError& error) {
    failure = error.what();
  }
  if (response && response->status == 404) co_return std::nullopt;
  if (response && response->status == 200) {
    boost::json::error_code ec;
    auto value = boost::json::parse(response->body, ec);
    if (!ec && value.is_object()) co_return std::move(value.as_object());
    failure = "an answer that cannot be read";
  }
  if (response && failure.empty()) failure = "status " + std::to_string(response->status);
  throw core::ApiError::unavailable(
      std::string("The ") + service + " service cannot be asked right now; retry shortly.",
      std::string(service) + " lookup failed: " + failure);
}

std::string text_of(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::optional<std::int64_t> integer_of(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_int64() ? std::optional<std::int64_t>(value->as_int64()) : std::nullopt;
}

}  // namespace eventbook::service
