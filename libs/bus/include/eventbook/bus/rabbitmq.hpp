#pragma once

#include "eventbook/bus/topology.hpp"
#include "eventbook/bus/transport.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace eventbook::bus {

struct RabbitMqOptions {
  std::string url;                     // amqp://user:pass@host:port/vhost
  std::string exchange = "eventbook";  // topic exchange, durable
  int max_attempts = 5;                // deliveries before a message is dead-lettered
  int prefetch = 32;
  std::chrono::milliseconds confirm_timeout{5000};
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{5000};
  // Consumers' queues the publisher declares as well (see bus::topology).
  std::vector<QueueBinding> declare_queues{};
};

// RabbitMQ through rabbitmq-c. Queues are durable quorum queues named after
// the subscriber, with a dead-letter queue "<queue>.dead"; messages are
// persistent and published with publisher confirms; acknowledgements are
// manual, after the handler returns.
std::unique_ptr<Transport> make_rabbitmq_transport(RabbitMqOptions options);

}  // namespace eventbook::bus
