#pragma once

#include "amqp_connection.hpp"
#include "counters.hpp"
#include "retry.hpp"

#include "eventbook/bus/rabbitmq.hpp"
#include "eventbook/core/task.hpp"
#include "eventbook/core/worker.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

namespace eventbook::bus::rabbitmq {

// Which delivery tags of a published batch the broker has confirmed.
class ConfirmTracker {
 public:
  ConfirmTracker(std::uint64_t first, std::uint64_t last);

  // Records a basic.ack; with multiple it covers every tag up to tag.
  // Tags outside the batch are ignored.
  void ack(std::uint64_t tag, bool multiple);
  bool complete() const noexcept { return outstanding_ == 0; }
  std::uint64_t outstanding() const noexcept { return outstanding_; }

 private:
  void mark(std::uint64_t tag);

  std::uint64_t first_;
  std::uint64_t last_;
  std::uint64_t lowest_open_;  // every tag below it is confirmed
  std::uint64_t outstanding_;
  std::vector<bool> confirmed_;
};

// The publishing half: one connection whose channel is in confirm mode, owned
// by the thread of a core::Worker. publish() hands the batch to that worker,
// notifies it and waits for the outcome, so callers on any thread never touch
// rabbitmq-c. The worker's step serves the batch handed over, if there is one;
// otherwise it watches the idle connection (heartbeats, a broker closing it)
// and reconnects with backoff, which keeps connected() true to the facts.
class Publisher {
 public:
  Publisher(BrokerAddress address, const RabbitMqOptions& options, Counters& counters);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Starts the worker if it is not running yet.
  void start();
  void publish(const std::vector<Envelope>& batch);
  // Cuts a publish under way short (see interrupt()), lets the worker's step
  // end and fails a batch handed over but not taken yet. Idempotent.
  void stop();
  bool connected() const noexcept { return connected_.load(); }

 private:
  // A batch handed over by publish(), on its caller's stack; the worker
  // writes the outcome under mutex_, and the caller waits on served_.
  struct Request {
    const std::vector<Envelope>* batch;
    std::exception_ptr error;
    bool done = false;
  };

  core::Task<void> step();
  std::exception_ptr serve(const std::vector<Envelope>& batch);
  void connect();
  void disconnect(const std::string& reason);
  void watch_idle_connection();
  void send(const std::vector<Envelope>& batch);
  bool next_frame(amqp_frame_t& frame, std::chrono::microseconds wait);
  void on_frame(const amqp_frame_t& frame, ConfirmTracker* confirms);
  void interrupt() noexcept;

  const BrokerAddress address_;
  const RabbitMqOptions options_;
  Counters& counters_;

  std::mutex callers_;  // one publish() at a time, whatever thread calls it
  std::mutex mutex_;    // guards pending_, serving_, stopping_ and starting the worker
  std::condition_variable served_;
  Request* pending_ = nullptr;  // handed over, not yet taken by the worker
  bool serving_ = false;        // the worker is publishing a batch
  bool stopping_ = false;

  // The socket of the live connection, for interrupt() from a caller's thread.
  std::mutex socket_mutex_;
  int socket_fd_ = -1;

  // Touched only by the worker's thread (and by stop() once it has ended).
  std::unique_ptr<Connection> connection_;
  std::uint64_t next_delivery_tag_ = 1;
  Backoff backoff_;
  std::chrono::steady_clock::time_point next_attempt_{};
  ConnectionLog log_;

  std::atomic<bool> connected_{false};
  core::Worker worker_;  // last: its thread runs step(), which uses everything above
};

}  // namespace eventbook::bus::rabbitmq
