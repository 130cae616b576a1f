#include "bookings/clients/directory.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/http/client.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/service/lookup.hpp"

namespace eventbook::bookings {

namespace {

constexpr std::chrono::milliseconds kTimeout{2000};

using service::text_of;

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
  auto found = co_await service::internal_get(*events_, std::move(target), secret_, "events");
  if (!found) co_return std::nullopt;
  co_return EventFacts{text_of(*found, "id"), text_of(*found, "organizerId"), text_of(*found, "title"),
                       text_of(*found, "date"), text_of(*found, "status")};
}

core::Task<std::optional<Account>> DirectoryClient::account_by_email(std::string email) {
  auto target = "/internal/accounts?email=" + http::percent_encode(email);
  auto found = co_await service::internal_get(*users_, std::move(target), secret_, "users");
  if (!found) co_return std::nullopt;
  co_return Account{text_of(*found, "id"), text_of(*found, "username"), text_of(*found, "email")};
}

}  // namespace eventbook::bookings
