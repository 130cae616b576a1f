#include "bookings/clients/directory.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/http/client.hpp"
#include "eventbook/http/message.hpp"

#include <boost/json/parse.hpp>

namespace eventbook::bookings {

namespace {

constexpr std::chrono::milliseconds kTimeout{2000};

std::string text(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The 200 answer's object; nothing for a 404; a 503 for anything else.
core::Task<std::optional<boost::json::object>> look_up(http::Client& client, std::string target,
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

}  // namespace

DirectoryClient::DirectoryClient(const std::string& events_url, const std::string& users_url,
                                 std::string service_secret)
    : secret_(std::move(service_secret)),
      events_(std::make_unique<http::Client>(
          events_url, http::ClientOptions{.connect_timeout = kTimeout, .request_timeout = kTimeout})),
      users_(std::make_unique<http::Client>(
          users_url, http::ClientOptions{.connect_timeout = kTimeout, .request_timeout = kTimeout})) {}

DirectoryClient::~DirectoryClient() = default;

core::Task<std::optional<EventFacts>> DirectoryClient::event(std::string event_id) {
  auto target = "/internal/events/" + http::percent_encode(event_id);
  auto found = co_await look_up(*events_, std::move(target), secret_, "events");
  if (!found) co_return std::nullopt;
  co_return EventFacts{text(*found, "id"), text(*found, "organizerId"), text(*found, "title"), text(*found, "date"),
                       text(*found, "status")};
}

core::Task<std::optional<Account>> DirectoryClient::account_by_email(std::string email) {
  auto target = "/internal/accounts?email=" + http::percent_encode(email);
  auto found = co_await look_up(*users_, std::move(target), secret_, "users");
  if (!found) co_return std::nullopt;
  co_return Account{text(*found, "id"), text(*found, "username"), text(*found, "email")};
}

}  // namespace eventbook::bookings
