#include "eventbook/bus/rabbitmq.hpp"

#include "amqp_connection.hpp"
#include "counters.hpp"
#include "publisher.hpp"
#include "retry.hpp"
#include "subscriber.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace eventbook::bus {

namespace {

using rabbitmq::BrokerAddress;

class RabbitMqTransport final : public Transport {
 public:
  RabbitMqTransport(BrokerAddress address, RabbitMqOptions options)
      : address_(std::move(address)), options_(std::move(options)), publisher_(address_, options_, counters_) {}

  ~RabbitMqTransport() override { stop(); }

  void publish(const std::vector<Envelope>& batch) override { publisher_.publish(batch); }

  void subscribe(const std::string& queue, const std::vector<std::string>& keys, Handler handler) override {
    subscribe_batched(queue, keys, std::move(handler), nullptr);
  }

  void subscribe_batched(const std::string& queue, const std::vector<std::string>& keys, Handler handler,
                         BatchHandler batch_handler) override {
    if (queue.empty()) {
      throw std::invalid_argument("a subscription needs a queue name");
    }
    std::lock_guard lock(mutex_);
    if (state_ != State::created) {
      throw std::logic_error("subscribe to " + queue + " before starting the transport");
    }
    subscribers_.push_back(std::make_unique<rabbitmq::Subscriber>(address_, options_, queue, keys, std::move(handler),
                                                                  counters_, stop_, std::move(batch_handler)));
  }

  void start() override {
    std::lock_guard lock(mutex_);
    if (state_ == State::stopped) {
      throw std::logic_error("the RabbitMQ transport cannot start again after stop()");
    }
    if (state_ == State::started) {
      return;
    }
    state_ = State::started;
    publisher_.start();
    for (auto& subscriber : subscribers_) {
      subscriber->start();
    }
  }

  void stop() override {
    std::lock_guard lock(mutex_);
    if (state_ == State::stopped) {
      return;
    }
    state_ = State::stopped;
    stop_.request();
    for (auto& subscriber : subscribers_) {
      subscriber->join();
    }
    publisher_.stop();
  }

  bool connected() const override { return publisher_.connected(); }

  TransportStats stats() const override {
    return {counters_.published.load(), counters_.delivered.load(), counters_.failed.load(),
            counters_.dead_lettered.load()};
  }

 private:
  enum class State { created, started, stopped };

  const BrokerAddress address_;
  const RabbitMqOptions options_;
  rabbitmq::Counters counters_;
  rabbitmq::StopSignal stop_;
  rabbitmq::Publisher publisher_;
  std::mutex mutex_;
  State state_ = State::created;
  std::vector<std::unique_ptr<rabbitmq::Subscriber>> subscribers_;
};

}  // namespace

std::unique_ptr<Transport> make_rabbitmq_transport(RabbitMqOptions options) {
  auto address = rabbitmq::parse_url(options.url);
  if (options.exchange.empty()) {
    throw std::invalid_argument("the RabbitMQ exchange name must not be empty");
  }
  if (options.max_attempts < 1) {
    throw std::invalid_argument("max_attempts must be at least 1");
  }
  if (options.prefetch < 1 || options.prefetch > 65535) {
    throw std::invalid_argument("prefetch must be between 1 and 65535");
  }
  if (options.confirm_timeout.count() <= 0 || options.reconnect_min.count() <= 0 ||
      options.reconnect_max < options.reconnect_min) {
    throw std::invalid_argument("RabbitMQ timeouts must be positive, with reconnect_min <= reconnect_max");
  }
  return std::make_unique<RabbitMqTransport>(std::move(address), std::move(options));
}

}  // namespace eventbook::bus
