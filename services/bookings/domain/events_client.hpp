#pragma once

#include "bookings/domain/circuit_breaker.hpp"
#include "bookings/domain/seat_inventory.hpp"
#include "eventbook/http/client.hpp"

#include <memory>

namespace eventbook::bookings {

struct EventsClientOptions {
  std::string base_url = "http://127.0.0.1:5002";
  std::string service_secret;
  std::chrono::milliseconds timeout{2000};
  int attempts = 3;  // the calls are idempotent, so retrying is safe
  std::chrono::milliseconds retry_backoff{50};
  int breaker_threshold = 5;
  std::chrono::milliseconds breaker_cool_down{3000};
};

// The seat inventory over HTTP: timeouts, bounded retries, a circuit breaker,
// and the request id forwarded.
class EventsClient final : public SeatInventory {
 public:
  explicit EventsClient(EventsClientOptions options);

  SeatAnswer reserve(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                     const std::string& request_id) override;
  SeatAnswer release(const std::string& booking_id, const std::string& request_id) override;

  bool available() const { return !breaker_.open(); }

 private:
  SeatAnswer call(const std::string& target, const std::string& body, const std::string& request_id);

  EventsClientOptions options_;
  http::Client client_;
  CircuitBreaker breaker_;
};

}  // namespace eventbook::bookings
