#include "amqp_connection.hpp"

#include <amqp_tcp_socket.h>

#include <array>
#include <vector>

namespace eventbook::bus::rabbitmq {

std::string BrokerAddress::endpoint() const { return host + ":" + std::to_string(port); }

BrokerAddress parse_url(const std::string& url) {
  // amqp_parse_url writes into its argument and points the result into it.
  std::vector<char> text(url.begin(), url.end());
  text.push_back('\0');
  amqp_connection_info info{};
  amqp_default_connection_info(&info);
  if (amqp_parse_url(text.data(), &info) != AMQP_STATUS_OK) {
    // The URL may hold a password: it stays out of the message.
    throw std::invalid_argument(
        "the broker URL is not a valid amqp:// URL (expected amqp://user:password@host:port/vhost)");
  }
  if (info.ssl) {
    throw std::invalid_argument(
        "amqps:// is not supported; use amqp:// (TLS belongs to a proxy in front of the broker)");
  }
  BrokerAddress address{info.host, info.port, info.user, info.password, info.vhost};
  if (address.vhost.empty()) {
    address.vhost = "/";
  }
  return address;
}

timeval to_timeval(std::chrono::microseconds duration) noexcept {
  if (duration.count() < 0) {
    duration = std::chrono::microseconds::zero();
  }
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(duration.count() / 1'000'000);
  tv.tv_usec = static_cast<suseconds_t>(duration.count() % 1'000'000);
  return tv;
}

std::string describe_status(int status) { return amqp_error_string2(status); }

std::string describe_close(const amqp_method_t& method) {
  if (method.id == AMQP_CONNECTION_CLOSE_METHOD) {
    const auto* close = static_cast<const amqp_connection_close_t*>(method.decoded);
    return "connection closed by the broker: " + std::to_string(close->reply_code) + " " +
           std::string(as_view(close->reply_text));
  }
  if (method.id == AMQP_CHANNEL_CLOSE_METHOD) {
    const auto* close = static_cast<const amqp_channel_close_t*>(method.decoded);
    return "channel closed by the broker: " + std::to_string(close->reply_code) + " " +
           std::string(as_view(close->reply_text));
  }
  return "unexpected method " + std::to_string(method.id) + " from the broker";
}

std::string describe_reply(const amqp_rpc_reply_t& reply) {
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return "ok";
    case AMQP_RESPONSE_NONE:
      return "no reply from the broker";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return describe_status(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      return describe_close(reply.reply);
  }
  return "unknown reply";
}

void Connection::StateCloser::operator()(amqp_connection_state_t state) const noexcept {
  amqp_destroy_connection(state);
}

Connection::Connection(const BrokerAddress& address, std::chrono::milliseconds timeout, std::chrono::seconds heartbeat,
                       const std::string& name)
    : state_(amqp_new_connection()) {
  if (!state_) {
    throw AmqpError("cannot allocate an AMQP connection");
  }
  amqp_socket_t* socket = amqp_tcp_socket_new(state_.get());
  if (socket == nullptr) {
    throw AmqpError("cannot allocate an AMQP socket");
  }
  const timeval limit = to_timeval(timeout);
  if (int status = amqp_socket_open_noblock(socket, address.host.c_str(), address.port, &limit);
      status != AMQP_STATUS_OK) {
    throw AmqpError("cannot connect to " + address.endpoint() + ": " + describe_status(status));
  }
  amqp_set_handshake_timeout(state_.get(), &limit);
  amqp_set_rpc_timeout(state_.get(), &limit);

  // rabbitmq-c does not announce these by default. With them the broker says
  // when it blocks publishers (memory or disk alarm) and when it cancels a
  // consumer (its queue was deleted), instead of going silent.
  std::array<amqp_table_entry_t, 2> capability_entries{};
  capability_entries[0].key = amqp_cstring_bytes("connection.blocked");
  capability_entries[1].key = amqp_cstring_bytes("consumer_cancel_notify");
  for (auto& capability : capability_entries) {
    capability.value.kind = AMQP_FIELD_KIND_BOOLEAN;
    capability.value.value.boolean = 1;
  }
  std::array<amqp_table_entry_t, 2> properties_entries{};
  properties_entries[0].key = amqp_cstring_bytes("connection_name");
  properties_entries[0].value.kind = AMQP_FIELD_KIND_UTF8;
  properties_entries[0].value.value.bytes = as_bytes(name);
  properties_entries[1].key = amqp_cstring_bytes("capabilities");
  properties_entries[1].value.kind = AMQP_FIELD_KIND_TABLE;
  properties_entries[1].value.value.table = {static_cast<int>(capability_entries.size()), capability_entries.data()};
  const amqp_table_t properties{static_cast<int>(properties_entries.size()), properties_entries.data()};
  auto login = amqp_login_with_properties(state_.get(), address.vhost.c_str(), AMQP_DEFAULT_MAX_CHANNELS,
                                          AMQP_DEFAULT_FRAME_SIZE, static_cast<int>(heartbeat.count()), &properties,
                                          AMQP_SASL_METHOD_PLAIN, address.user.c_str(), address.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) {
    throw AmqpError("cannot log in to " + address.endpoint() + " as " + address.user + ": " + describe_reply(login));
  }
  healthy_ = true;
  amqp_channel_open(state_.get(), kChannel);
  check_rpc("channel.open");
}

Connection::~Connection() {
  if (healthy_) {
    // Bounded by the RPC timeout; the broker requeues anything unacknowledged.
    amqp_connection_close(state_.get(), AMQP_REPLY_SUCCESS);
  }
}

void Connection::heartbeat() {
  amqp_frame_t frame{};
  frame.frame_type = AMQP_FRAME_HEARTBEAT;
  frame.channel = 0;
  check_status(amqp_send_frame(state_.get(), &frame), "heartbeat");
}

int Connection::socket_fd() const noexcept { return amqp_socket_get_sockfd(amqp_get_socket(state_.get())); }

void Connection::fail(const std::string& message) {
  healthy_ = false;
  throw AmqpError(message);
}

void Connection::check_rpc(std::string_view what) {
  auto reply = amqp_get_rpc_reply(state_.get());
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    fail(std::string(what) + ": " + describe_reply(reply));
  }
}

void Connection::check_status(int status, std::string_view what) {
  if (status != AMQP_STATUS_OK) {
    fail(std::string(what) + ": " + describe_status(status));
  }
}

void Connection::declare_exchange(const std::string& name, const char* type) {
  amqp_exchange_declare(state_.get(), kChannel, as_bytes(name), amqp_cstring_bytes(type), /*passive=*/0,
                        /*durable=*/1, /*auto_delete=*/0, /*internal=*/0, amqp_empty_table);
  check_rpc("declaring exchange " + name);
}

void Connection::declare_quorum_queue(const std::string& name, int delivery_limit,
                                      const std::string& dead_letter_exchange, const std::string& dead_letter_key) {
  std::vector<amqp_table_entry_t> arguments;
  auto add = [&](const char* key) -> amqp_field_value_t& {
    auto& entry = arguments.emplace_back();
    entry.key = amqp_cstring_bytes(key);
    return entry.value;
  };
  auto& type = add("x-queue-type");
  type.kind = AMQP_FIELD_KIND_UTF8;
  type.value.bytes = amqp_cstring_bytes("quorum");
  if (delivery_limit >= 0) {
    auto& limit = add("x-delivery-limit");
    limit.kind = AMQP_FIELD_KIND_I64;
    limit.value.i64 = delivery_limit;
  }
  if (!dead_letter_exchange.empty()) {
    auto& exchange = add("x-dead-letter-exchange");
    exchange.kind = AMQP_FIELD_KIND_UTF8;
    exchange.value.bytes = as_bytes(dead_letter_exchange);
    auto& key = add("x-dead-letter-routing-key");
    key.kind = AMQP_FIELD_KIND_UTF8;
    key.value.bytes = as_bytes(dead_letter_key);
  }
  const amqp_table_t table{static_cast<int>(arguments.size()), arguments.data()};
  amqp_queue_declare(state_.get(), kChannel, as_bytes(name), /*passive=*/0, /*durable=*/1, /*exclusive=*/0,
                     /*auto_delete=*/0, table);
  check_rpc("declaring queue " + name);
}

void Connection::bind_queue(const std::string& queue, const std::string& exchange, const std::string& key) {
  amqp_queue_bind(state_.get(), kChannel, as_bytes(queue), as_bytes(exchange), as_bytes(key), amqp_empty_table);
  check_rpc("binding queue " + queue + " to " + exchange + " with " + key);
}

}  // namespace eventbook::bus::rabbitmq
