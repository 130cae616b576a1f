#pragma once

#include "eventbook/bus/transport.hpp"
#include "eventbook/db/database.hpp"

#include "eventbook/core/worker.hpp"

#include <atomic>
#include <chrono>
#include <random>
#include <string>

namespace eventbook::bus {

// The bus tables (outbox, inbox) every service adds to its own migrations.
std::vector<db::Migration> migrations();

// Writes a message into the outbox inside the caller's transaction, so that it
// exists if and only if the state change it announces was committed.
Envelope add_to_outbox(db::Session& session, std::string type, boost::json::object data, std::string request_id);

struct RelayOptions {
  std::string service;  // for logs and metrics
  int batch_size = 256;
  std::chrono::milliseconds poll_interval{50};
  // How long rows a relay took stay its own: rows of a relay that died wait
  // this long for another. Short, since a row published twice is harmless
  // (consumers skip the ids they applied) and the publisher confirms within
  // its confirm timeout (5 s).
  std::chrono::milliseconds lease{5000};
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
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void start() { worker_.start(); }
  void stop() { worker_.stop(); }
  // Wakes the relay now instead of at the next poll (call after a commit).
  void notify() { worker_.notify(); }
  // Publishes what is pending now; returns the count. Throws TransportError
  // when the transport refuses.
  core::Task<int> run_once();

  // Prometheus text: backlog, oldest pending age, published, publish failures.
  core::Task<std::string> metrics_text();

 private:
  core::Task<void> step();

  db::Database& database_;
  Transport& transport_;
  RelayOptions options_;
  std::string owner_;
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> failures_{0};
  // Touched only by step(), on the worker's thread.
  std::chrono::milliseconds backoff_;
  std::chrono::steady_clock::time_point retry_at_{};
  bool failing_ = false;
  std::chrono::steady_clock::time_point next_prune_{};
  std::mt19937 random_{std::random_device{}()};
  core::Worker worker_;  // last: its thread runs step(), which uses everything above
};

}  // namespace eventbook::bus
