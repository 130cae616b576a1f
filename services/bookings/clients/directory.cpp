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
  auto integer = [&](std::string_view name, std::int64_t otherwise) {
    return service::integer_of(*found, name).value_or(otherwise);
  };

  EventFacts facts{text_of(*found, "id"), text_of(*found, "organizerId"), text_of(*found, "title"),
                   text_of(*found, "date"), text_of(*found, "status")};
  facts.starts_at = integer("startsAtMs", 0);
  facts.available_seats = integer("availableSeats", 0);
  facts.owed_seats = integer("owedSeats", 0);
  facts.waitlist_demand = integer("waitlistDemand", -1);
  facts.offer_minutes = integer("offerMinutes", 15);
  facts.max_per_booking = service::integer_of(*found, "maxPerBooking");
  if (auto order = text_of(*found, "waitlistOrder"); !order.empty()) facts.waitlist_order = order;
  if (const auto* types = found->if_contains("ticketTypes"); types != nullptr && types->is_array()) {
    for (const auto& type : types->as_array()) {
      if (!type.is_object()) continue;
      const auto& object = type.as_object();
      EventFacts::TypeSeats seats{text_of(object, "id"), std::nullopt, false};
      seats.quota_left = service::integer_of(object, "quotaLeft");
      if (const auto* hidden = object.if_contains("hidden"); hidden != nullptr && hidden->is_bool()) {
        seats.hidden = hidden->as_bool();
      }
      facts.ticket_types.push_back(std::move(seats));
    }
  }
  co_return facts;
}

core::Task<std::optional<Account>> DirectoryClient::account_by_email(std::string email) {
  auto target = "/internal/accounts?email=" + http::percent_encode(email);
  auto found = co_await service::internal_get(*users_, std::move(target), secret_, "users");
  if (!found) co_return std::nullopt;
  co_return Account{text_of(*found, "id"), text_of(*found, "username"), text_of(*found, "email")};
}

}  // namespace eventbook::bookings
