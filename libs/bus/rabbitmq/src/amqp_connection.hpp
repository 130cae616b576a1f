#pragma once

#include <amqp.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace eventbook::bus::rabbitmq {

// The connection failed or the broker refused an operation; the connection
// that raised it must not be used again.
class AmqpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BrokerAddress {
  std::string host;
  int port = 5672;
  std::string user;
  std::string password;
  std::string vhost;

  // host:port, for logs (never the credentials).
  std::string endpoint() const;
};

// Throws std::invalid_argument unless url is a well-formed amqp:// URL.
// "amqp://host/" (empty path) means the default vhost "/", as most clients read it.
BrokerAddress parse_url(const std::string& url);

// Text of a library status code or of an RPC reply, for errors and logs.
std::string describe_status(int status);
std::string describe_reply(const amqp_rpc_reply_t& reply);
// Text of a connection.close or channel.close the broker sent.
std::string describe_close(const amqp_method_t& method);

// One AMQP connection with one channel open (kChannel). Used by a single
// thread at a time: rabbitmq-c connections are not thread-safe.
class Connection {
 public:
  static constexpr amqp_channel_t kChannel = 1;

  // Connects, logs in and opens the channel. Every step, and every later RPC,
  // gives up after timeout. name shows in `rabbitmqctl list_connections`.
  Connection(const BrokerAddress& address, std::chrono::milliseconds timeout, std::chrono::seconds heartbeat,
             const std::string& name);
  // Closes politely while the connection is healthy, then frees it.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  amqp_connection_state_t get() const noexcept { return state_.get(); }
  int socket_fd() const noexcept;

  // Throws AmqpError (and marks the connection broken) when the last RPC on
  // this connection failed, or when status is an error.
  void check_rpc(std::string_view what);
  void check_status(int status, std::string_view what);
  [[noreturn]] void fail(const std::string& message);
  // Tells the broker this connection is alive, while it is not read for a while.
  void heartbeat();

  void declare_exchange(const std::string& name, const char* type);
  // Declares a durable quorum queue. delivery_limit < 0 leaves it unlimited;
  // dead_letter_exchange empty leaves dead-lettering off.
  void declare_quorum_queue(const std::string& name, int delivery_limit, const std::string& dead_letter_exchange,
                            const std::string& dead_letter_key);
  void bind_queue(const std::string& queue, const std::string& exchange, const std::string& key);

 private:
  struct StateCloser {
    void operator()(amqp_connection_state_t state) const noexcept;
  };

  std::unique_ptr<amqp_connection_state_t_, StateCloser> state_;
  bool healthy_ = false;
};

inline amqp_bytes_t as_bytes(std::string_view text) noexcept { return {text.size(), const_cast<char*>(text.data())}; }

inline std::string_view as_view(amqp_bytes_t bytes) noexcept {
  return {static_cast<const char*>(bytes.bytes), bytes.len};
}

timeval to_timeval(std::chrono::microseconds duration) noexcept;

}  // namespace eventbook::bus::rabbitmq
