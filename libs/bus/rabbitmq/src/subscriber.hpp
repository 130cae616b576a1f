#pragma once

#include "amqp_connection.hpp"
#include "counters.hpp"
#include "retry.hpp"

#include "eventbook/bus/rabbitmq.hpp"

#include <string>
#include <thread>
#include <vector>

namespace eventbook::bus::rabbitmq {

// The names a subscription's queue brings along.
std::string dead_letter_exchange_name(const std::string& exchange);
std::string dead_letter_queue_name(const std::string& queue);

// Declares the exchanges, the durable quorum queue with its dead-letter
// queue, and the bindings of one consuming queue.
void declare_queue(Connection& connection, const RabbitMqOptions& options, const std::string& queue,
                   const std::vector<std::string>& keys);

// How many times a message has been handed out before (the x-delivery-count
// header quorum queues set on redeliveries; absent the first time).
int previous_deliveries(const amqp_basic_properties_t& properties) noexcept;

// One consuming queue on its own thread and connection. It declares the queue
// (durable, quorum, with a delivery limit and a dead-letter queue), binds it,
// consumes with manual acknowledgements and reconnects with backoff whenever
// the connection breaks.
class Subscriber {
 public:
  // batch_handler, when given, applies the deliveries already waiting
  // together (see consume); handler then serves the one-by-one fallback.
  Subscriber(BrokerAddress address, const RabbitMqOptions& options, std::string queue, std::vector<std::string> keys,
             Transport::Handler handler, Counters& counters, StopSignal& stop,
             Transport::BatchHandler batch_handler = nullptr);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  void start();
  // Waits for the thread; the StopSignal must have been raised.
  void join();

 private:
  void run();
  void declare(Connection& connection);
  void consume(Connection& connection);
  void handle(Connection& connection, const amqp_envelope_t& delivery);
  void handle_batch(Connection& connection, std::vector<amqp_envelope_t>& deliveries);
  void dead_letter(Connection& connection, std::uint64_t delivery_tag, std::string_view message_id,
                   const std::string& reason);
  void on_other_frame(Connection& connection);

  const BrokerAddress address_;
  const RabbitMqOptions options_;
  const std::string queue_;
  const std::vector<std::string> keys_;
  const Transport::Handler handler_;
  const Transport::BatchHandler batch_handler_;
  Counters& counters_;
  StopSignal& stop_;
  Backoff backoff_;
  ConnectionLog log_;
  std::thread thread_;
};

}  // namespace eventbook::bus::rabbitmq
