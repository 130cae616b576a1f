#pragma once

#include "bookings/clients/seat_inventory.hpp"
#include "bookings/domain/circuit_breaker.hpp"
#include "eventbook/core/worker.hpp"
#include "eventbook/http/client.hpp"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace eventbook::bookings {

struct EventsClientOptions {
  std::string base_url = "http://127.0.0.1:5002";
  std::string service_secret;
  std::chrono::milliseconds timeout{2000};
  int attempts = 3;  // the calls are idempotent, so retrying is safe
  std::chrono::milliseconds retry_backoff{50};
  int breaker_threshold = 5;
  std::chrono::milliseconds breaker_cool_down{3000};
  // Reservations queued meanwhile go out together, up to batch_size in one
  // call, from this many senders.
  int senders = 4;
  std::size_t batch_size = 256;
};

// The seat inventory over HTTP: timeouts, bounded retries, a circuit breaker,
// and the request id forwarded. reserve() queues the reservation; the
// senders carry what has queued up in one call of
// POST /internal/reservations/batch, so an on-sale rush costs the events
// service one request and a few commits per batch, not per booking.
class EventsClient final : public SeatInventory {
 public:
  explicit EventsClient(EventsClientOptions options);
  // Reservations still queued are answered InventoryUnavailable (their
  // bookings stay pending for recovery).
  ~EventsClient() override;

  core::Task<SeatAnswer> reserve(SeatRequest wanted, std::string request_id) override;
  core::Task<SeatAnswer> release(std::string booking_id, std::string request_id) override;
  core::Task<void> set_waitlist_demand(std::string event_id, std::int64_t seats, std::string request_id) override;

  bool available() const { return !breaker_.open(); }

 private:
  struct Queued {
    SeatRequest wanted;
    std::string request_id;
    core::Completion<SeatAnswer> done;
  };

  // The body of the events service's 200 answer.
  core::Task<std::string> call(std::string target, std::string body, std::string request_id,
                               std::string method = "POST");
  // A sender's step: one batch of what is queued.
  core::Task<void> send();

  EventsClientOptions options_;
  http::Client client_;
  CircuitBreaker breaker_;
  std::mutex mutex_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::atomic<std::size_t> next_sender_{0};
  std::vector<std::unique_ptr<core::Worker>> senders_;  // last: started once everything above exists
};

}  // namespace eventbook::bookings
