#include "queue/clients/event_facts.hpp"

#include "eventbook/http/client.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/service/lookup.hpp"

namespace eventbook::queue {

namespace {

constexpr std::chrono::milliseconds kTimeout{2000};

using service::integer_of;

}  // namespace

EventDirectoryClient::EventDirectoryClient(const std::string& events_url, std::string service_secret)
    : secret_(std::move(service_secret)),
      events_(std::make_unique<http::Client>(
          events_url, http::ClientOptions{.connect_timeout = kTimeout, .request_timeout = kTimeout})) {}

EventDirectoryClient::~EventDirectoryClient() = default;

core::Task<std::optional<EventFacts>> EventDirectoryClient::event(std::string event_id) {
  auto target = "/internal/events/" + http::percent_encode(event_id);
  auto found = co_await service::internal_get(*events_, std::move(target), secret_, "events");
  if (!found) co_return std::nullopt;
  EventFacts facts;
  facts.id = service::text_of(*found, "id");
  facts.organizer_id = service::text_of(*found, "organizerId");
  facts.status = service::text_of(*found, "status");
  facts.starts_at = integer_of(*found, "startsAtMs").value_or(0);
  facts.on_sale_at = integer_of(*found, "onSaleAtMs");
  const auto* room = found->if_contains("waitingRoom");
  facts.waiting_room = room != nullptr && room->is_bool() && room->as_bool();
  facts.admit_per_minute = integer_of(*found, "admitPerMinute");
  facts.pass_minutes = integer_of(*found, "passMinutes").value_or(10);
  // What a buyer let in can take: the free seats not owed to the waitlist.
  facts.available_seats =
      integer_of(*found, "availableSeats").value_or(0) - integer_of(*found, "owedSeats").value_or(0);
  co_return facts;
}

}  // namespace eventbook::queue
