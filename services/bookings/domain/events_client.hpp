#pragma once

#include "bookings/domain/circuit_breaker.hpp"
#include "bookings/domain/seat_inventory.hpp"
#include "eventbook/http/client.hpp"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
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
  // reserve_async: reservations queued meanwhile go out together, up to
  // batch_size in one call, from this many sending threads.
  int senders = 4;
  std::size_t batch_size = 256;
};

// The seat inventory over HTTP: timeouts, bounded retries, a circuit breaker,
// and the request id forwarded. reserve_async queues the reservation; the
// sending threads carry what has queued up in one call of
// POST /internal/reservations/batch, so an on-sale rush costs the events
// service one request and a few commits per batch, not per booking.
class EventsClient final : public SeatInventory {
 public:
  explicit EventsClient(EventsClientOptions options);
  // Reservations still queued are answered InventoryUnavailable (their
  // bookings stay pending for recovery).
  ~EventsClient() override;

  SeatAnswer reserve(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                     const std::string& request_id) override;
  SeatAnswer release(const std::string& booking_id, const std::string& request_id) override;
  // done runs on a sending thread: it must not block for long.
  void reserve_async(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                     const std::string& request_id, std::function<void(std::exception_ptr, SeatAnswer)> done) override;

  bool available() const { return !breaker_.open(); }

 private:
  struct Queued {
    std::string booking_id;
    std::string event_id;
    std::int64_t seats;
    std::string request_id;
    std::function<void(std::exception_ptr, SeatAnswer)> done;
  };

  // The body of the events service's 200 answer.
  std::string call(const std::string& target, const std::string& body, const std::string& request_id);
  void send_loop();
  void send(std::vector<Queued>& batch);

  EventsClientOptions options_;
  http::Client client_;
  CircuitBreaker breaker_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::vector<std::thread> senders_;  // last: started once everything above exists
};

}  // namespace eventbook::bookings
