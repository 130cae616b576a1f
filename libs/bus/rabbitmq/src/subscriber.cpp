#include "subscriber.hpp"

#include "eventbook/core/error.hpp"

#include <algorithm>

namespace eventbook::bus::rabbitmq {

namespace {

// How long one wait for a delivery lasts: the bound on noticing stop().
constexpr std::chrono::milliseconds kPoll{100};
constexpr std::chrono::seconds kHeartbeat{30};
// Pause before a failed message goes back to the queue: attempt × step, capped.
constexpr std::chrono::milliseconds kRetryStep{50};
constexpr std::chrono::milliseconds kRetryCap{1000};
constexpr std::chrono::milliseconds kPassingFirst{100};
constexpr std::chrono::milliseconds kPassingCap{2000};

// Frees the deliveries of one round, and empties the list.
class DeliveriesGuard {
 public:
  explicit DeliveriesGuard(std::vector<amqp_envelope_t>& deliveries) noexcept : deliveries_(deliveries) {}
  ~DeliveriesGuard() {
    for (auto& delivery : deliveries_) amqp_destroy_envelope(&delivery);
    deliveries_.clear();
  }
  DeliveriesGuard(const DeliveriesGuard&) = delete;
  DeliveriesGuard& operator=(const DeliveriesGuard&) = delete;

 private:
  std::vector<amqp_envelope_t>& deliveries_;
};

std::string message_id_of(const amqp_basic_properties_t& properties) {
  if ((properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) == 0) {
    return {};
  }
  return std::string(as_view(properties.message_id));
}

}  // namespace

std::string dead_letter_exchange_name(const std::string& exchange) { return exchange + ".dead"; }

std::string dead_letter_queue_name(const std::string& queue) { return queue + ".dead"; }

int previous_deliveries(const amqp_basic_properties_t& properties) noexcept {
  if ((properties._flags & AMQP_BASIC_HEADERS_FLAG) == 0) {
    return 0;
  }
  for (int i = 0; i < properties.headers.num_entries; ++i) {
    const auto& entry = properties.headers.entries[i];
    if (as_view(entry.key) != "x-delivery-count") {
      continue;
    }
    const auto& value = entry.value;
    switch (value.kind) {
      case AMQP_FIELD_KIND_I8:
        return value.value.i8;
      case AMQP_FIELD_KIND_U8:
        return value.value.u8;
      case AMQP_FIELD_KIND_I16:
        return value.value.i16;
      case AMQP_FIELD_KIND_U16:
        return value.value.u16;
      case AMQP_FIELD_KIND_I32:
        return value.value.i32;
      case AMQP_FIELD_KIND_U32:
        return static_cast<int>(std::min<std::uint32_t>(value.value.u32, 1'000'000));
      case AMQP_FIELD_KIND_I64:
        return static_cast<int>(std::clamp<std::int64_t>(value.value.i64, 0, 1'000'000));
      case AMQP_FIELD_KIND_U64:
        return static_cast<int>(std::min<std::uint64_t>(value.value.u64, 1'000'000));
      default:
        return 0;
    }
  }
  return 0;
}

Subscriber::Subscriber(BrokerAddress address, const RabbitMqOptions& options, std::string queue,
                       std::vector<std::string> keys, Transport::Handler handler, Counters& counters, StopSignal& stop,
                       Transport::BatchHandler batch_handler)
    : address_(std::move(address)),
      options_(options),
      queue_(std::move(queue)),
      keys_(std::move(keys)),
      handler_(std::move(handler)),
      batch_handler_(std::move(batch_handler)),
      counters_(counters),
      stop_(stop),
      backoff_(options.reconnect_min, options.reconnect_max),
      log_("consumer", {{"broker", address_.endpoint()}, {"queue", queue_}}) {}

Subscriber::~Subscriber() { join(); }

void Subscriber::start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { run(); });
  }
}

void Subscriber::join() {
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Subscriber::run() {
  while (!stop_.requested()) {
    try {
      Connection connection(address_, options_.confirm_timeout, kHeartbeat, "eventbook consumer " + queue_);
      declare(connection);
      amqp_basic_qos(connection.get(), Connection::kChannel, 0, static_cast<std::uint16_t>(options_.prefetch), 0);
      connection.check_rpc("basic.qos");
      amqp_basic_consume(connection.get(), Connection::kChannel, as_bytes(queue_), amqp_empty_bytes,
                         /*no_local=*/0, /*no_ack=*/0, /*exclusive=*/0, amqp_empty_table);
      connection.check_rpc("basic.consume on " + queue_);
      log_.up();
      backoff_.reset();
      consume(connection);
    } catch (const std::exception& error) {
      log_.down(error.what());
      stop_.wait_for(backoff_.next());
    }
  }
}

void declare_queue(Connection& connection, const RabbitMqOptions& options, const std::string& queue,
                   const std::vector<std::string>& keys) {
  const auto dead_letters = dead_letter_exchange_name(options.exchange);
  const auto dead_queue = dead_letter_queue_name(queue);
  connection.declare_exchange(options.exchange, "topic");
  connection.declare_exchange(dead_letters, "direct");
  connection.declare_quorum_queue(dead_queue, -1, "", "");
  connection.bind_queue(dead_queue, dead_letters, dead_queue);
  // RabbitMQ 3.10 dead-letters a message once it has been returned more than
  // x-delivery-limit times, so limit = max_attempts - 1 allows max_attempts
  // deliveries. The consumer rejects the last failed attempt itself; the limit
  // also covers deliveries lost to crashes and broken connections.
  connection.declare_quorum_queue(queue, std::max(options.max_attempts - 1, 0), dead_letters, dead_queue);
  for (const auto& key : keys) {
    connection.bind_queue(queue, options.exchange, key);
  }
}

void Subscriber::declare(Connection& connection) { declare_queue(connection, options_, queue_, keys_); }

// Waits for a delivery, then takes whatever else has already arrived (up to
// the prefetch), so that a batch handler applies them together.
void Subscriber::consume(Connection& connection) {
  const timeval poll = to_timeval(kPoll);
  const timeval immediately{};
  const std::size_t most = batch_handler_ ? static_cast<std::size_t>(std::clamp(options_.prefetch, 1, 256)) : 1;
  std::vector<amqp_envelope_t> deliveries;
  while (!stop_.requested()) {
    amqp_maybe_release_buffers(connection.get());
    DeliveriesGuard guard(deliveries);
    bool other_frame = false;
    while (deliveries.size() < most) {
      amqp_envelope_t delivery;
      const auto reply =
          amqp_consume_message(connection.get(), &delivery, deliveries.empty() ? &poll : &immediately, 0);
      if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
        deliveries.push_back(delivery);
      } else if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
        break;
      } else if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
                 reply.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
        other_frame = true;
        break;
      } else {
        connection.fail("waiting for deliveries: " + describe_reply(reply));
      }
    }
    if (other_frame) on_other_frame(connection);
    if (deliveries.size() == 1) {
      handle(connection, deliveries.front());
    } else if (!deliveries.empty()) {
      handle_batch(connection, deliveries);
    }
  }
}

void Subscriber::on_other_frame(Connection& connection) {
  amqp_frame_t frame;
  const timeval immediately{};
  connection.check_status(amqp_simple_wait_frame_noblock(connection.get(), &frame, &immediately),
                          "reading from the broker");
  if (frame.frame_type != AMQP_FRAME_METHOD) {
    return;
  }
  switch (frame.payload.method.id) {
    case AMQP_CHANNEL_CLOSE_METHOD:
    case AMQP_CONNECTION_CLOSE_METHOD:
      connection.fail(describe_close(frame.payload.method));
    case AMQP_BASIC_CANCEL_METHOD:
      connection.fail("the broker cancelled the consumer of " + queue_);
    default:
      return;
  }
}

void Subscriber::handle(Connection& connection, const amqp_envelope_t& delivery) {
  const auto& properties = delivery.message.properties;
  const auto tag = delivery.delivery_tag;
  Envelope envelope;
  try {
    envelope = Envelope::from_json(as_view(delivery.message.body));
  } catch (const std::invalid_argument& error) {
    dead_letter(connection, tag, message_id_of(properties), std::string("malformed message: ") + error.what());
    return;
  }

  // A failure whose cause may pass (the consumer's own database out of reach,
  // its disk full) is no fault of the message: the same delivery is tried
  // again, less and less often, for as long as that lasts, without counting
  // towards its attempts, so that a database outage dead-letters nothing. The
  // broker gets a heartbeat meanwhile, as the connection is not read.
  std::string failure;
  for (auto pause = kPassingFirst;; pause = std::min(pause * 2, kPassingCap)) {
    try {
      handler_(envelope);
      connection.check_status(amqp_basic_ack(connection.get(), Connection::kChannel, tag, 0), "basic.ack");
      ++counters_.delivered;
      return;
    } catch (const AmqpError&) {
      throw;
    } catch (const std::exception& error) {
      failure = error.what();
      ++counters_.failed;
      if (core::may_pass(error) && !stop_.requested()) {
        stop_.wait_for(pause);
        connection.heartbeat();
        continue;
      }
    } catch (...) {
      failure = "handler threw a non-standard exception";
      ++counters_.failed;
    }
    break;
  }
  const int attempt = previous_deliveries(properties) + 1;
  if (attempt >= options_.max_attempts) {
    dead_letter(connection, tag, envelope.id, "failed " + std::to_string(attempt) + " times; last error: " + failure);
    return;
  }
  stop_.wait_for(std::min(kRetryStep * attempt, kRetryCap));
  connection.check_status(amqp_basic_nack(connection.get(), Connection::kChannel, tag, /*multiple=*/0, /*requeue=*/1),
                          "basic.nack");
}

// Several deliveries in one call of the batch handler, acknowledged with one
// frame. If the batch fails, nothing of it was applied: each is handled again
// on its own, so that only a failing one is retried or dead-lettered.
void Subscriber::handle_batch(Connection& connection, std::vector<amqp_envelope_t>& deliveries) {
  std::vector<Envelope> envelopes;
  std::vector<const amqp_envelope_t*> readable;
  for (const auto& delivery : deliveries) {
    try {
      envelopes.push_back(Envelope::from_json(as_view(delivery.message.body)));
      readable.push_back(&delivery);
    } catch (const std::invalid_argument& error) {
      dead_letter(connection, delivery.delivery_tag, message_id_of(delivery.message.properties),
                  std::string("malformed message: ") + error.what());
    }
  }
  if (readable.empty()) return;
  try {
    batch_handler_(envelopes);
  } catch (const AmqpError&) {
    throw;
  } catch (...) {
    for (const auto* delivery : readable) handle(connection, *delivery);
    return;
  }
  // Every earlier delivery of this channel is settled: the others of this
  // batch were rejected above, those of earlier rounds before this one began.
  connection.check_status(
      amqp_basic_ack(connection.get(), Connection::kChannel, readable.back()->delivery_tag, /*multiple=*/1),
      "basic.ack");
  counters_.delivered += readable.size();
}

void Subscriber::dead_letter(Connection& connection, std::uint64_t delivery_tag, std::string_view message_id,
                             const std::string& reason) {
  // Rejected without requeueing, the message goes to the queue's dead-letter exchange.
  connection.check_status(amqp_basic_reject(connection.get(), Connection::kChannel, delivery_tag, /*requeue=*/0),
                          "basic.reject");
  ++counters_.dead_lettered;
  core::log::error("bus", "message dead-lettered",
                   {{"queue", queue_},
                    {"deadLetterQueue", dead_letter_queue_name(queue_)},
                    {"messageId", message_id},
                    {"error", reason}});
}

}  // namespace eventbook::bus::rabbitmq
