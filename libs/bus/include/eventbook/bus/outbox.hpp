#pragma once

#include "eventbook/bus/transport.hpp"
#include "eventbook/db/database.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace eventbook::bus {

// The bus tables (outbox, inbox) every service adds to its own migrations.
std::vector<db::Migration> migrations();

// Writes a message into the outbox inside the caller's transaction, so that it
// exists if and only if the state change it announces was committed.
Envelope add_to_outbox(db::Session& session, std::string type, boost::json::object data,
                       std::string request_id);

struct RelayOptions {
  std::string service;  // for logs and metrics
  int batch_size = 256;
  std::chrono::milliseconds poll_interval{50};
  std::chrono::milliseconds lease{30000};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{5000};
  std::chrono::hours keep_sent{24};
};

// Publishes the outbox's pending rows in id (creation) order, in batches,
// through the transport, and marks them sent once the transport has confirmed
// them. While the transport fails it backs off and retries; a row is never
// dropped. Several relays on one database share the work through leases.
class Relay {
 public:
  Relay(db::Database& database, Transport& transport, RelayOptions options);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void start();
  void stop();
  // Wakes the relay now instead of at the next poll (call after a commit).
  void notify();
  // Publishes what is pending now, on the caller's thread; returns the count.
  // Throws TransportError when the transport refuses.
  int run_once();

  std::uint64_t published() const noexcept { return published_; }
  // Prometheus text: backlog, oldest pending age, published, publish failures.
  std::string metrics_text();

 private:
  void loop();

  db::Database& database_;
  Transport& transport_;
  RelayOptions options_;
  std::string owner_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::chrono::steady_clock::time_point next_prune_{};
};

}  // namespace eventbook::bus
