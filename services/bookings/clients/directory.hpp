#pragma once

#include "eventbook/core/task.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::http {
class Client;
}

namespace eventbook::bookings {

// What the door needs to know of an event, from the events service.
struct EventFacts {
  std::string id;
  std::string organizer_id;
  std::string title;
  std::string date;
  std::string status;                     // scheduled, cancelled
  std::int64_t starts_at = 0;             // UTC ms
  std::int64_t available_seats = 0;       // free seats, those owed to the waitlist included
  std::int64_t owed_seats = 0;            // free seats owed to the waitlist
  std::int64_t waitlist_demand = -1;      // what the events service was last told the waitlist wants
  std::string waitlist_order = "strict";  // strict, fit
  std::int64_t offer_minutes = 15;
  std::optional<std::int64_t> max_per_booking = std::nullopt;  // most seats one booking takes
  // The event's ticket types: what each one's quota leaves (none: no quota
  // of its own), and whether it is sold only with a promo code.
  struct TypeSeats {
    std::string id;
    std::optional<std::int64_t> quota_left;
    bool hidden = false;
  };
  std::vector<TypeSeats> ticket_types = {};
  // The type `type_id`; "" names the default type (the first one not
  // hidden), which a booking without lines takes its seats of.
  const TypeSeats* ticket_type(const std::string& type_id) const {
    for (const auto& type : ticket_types) {
      if (type_id.empty() ? !type.hidden : type.id == type_id) return &type;
    }
    return nullptr;
  }
  // What a new booker can take.
  std::int64_t open_seats() const noexcept { return available_seats - owed_seats; }
};

// An account, from the users service.
struct Account {
  std::string id;
  std::string username;
  std::string email;
};

// The facts bookings looks up in the services that own them, for the door:
// who organizes an event, whose is an e-mail address. Each throws a 503
// ApiError when the owning service cannot be asked.
class Directory {
 public:
  virtual ~Directory() = default;
  virtual core::Task<std::optional<EventFacts>> event(std::string event_id) = 0;
  virtual core::Task<std::optional<Account>> account_by_email(std::string email) = 0;
};

// The directory over HTTP: GET /internal/events/{id} of the events service
// and GET /internal/accounts?email= of the users service, with the service
// secret.
class DirectoryClient final : public Directory {
 public:
  DirectoryClient(const std::string& events_url, const std::string& users_url, std::string service_secret);
  ~DirectoryClient() override;

  core::Task<std::optional<EventFacts>> event(std::string event_id) override;
  core::Task<std::optional<Account>> account_by_email(std::string email) override;

 private:
  std::string secret_;
  std::unique_ptr<http::Client> events_;
  std::unique_ptr<http::Client> users_;
};

}  // namespace eventbook::bookings
