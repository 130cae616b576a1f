#include "publisher.hpp"
#include "subscriber.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <utility>

namespace eventbook::bus::rabbitmq {

namespace {

using Clock = std::chrono::steady_clock;

// How often an idle publisher looks at its connection (the worker's period),
// and so how soon after its backoff a lost connection is tried again.
constexpr std::chrono::milliseconds kIdleCheck{250};
// Confirms the broker already sent are read every so many messages, so that
// a large batch never fills the socket buffers in both directions.
constexpr std::size_t kReadConfirmsEvery = 128;
constexpr std::chrono::seconds kHeartbeat{30};

}  // namespace

ConfirmTracker::ConfirmTracker(std::uint64_t first, std::uint64_t last)
    : first_(first), last_(last), lowest_open_(first), outstanding_(last - first + 1), confirmed_(outstanding_) {}

void ConfirmTracker::ack(std::uint64_t tag, bool multiple) {
  if (multiple) {
    for (auto open = lowest_open_; open <= std::min(tag, last_); ++open) {
      mark(open);
    }
  } else if (tag >= first_ && tag <= last_) {
    mark(tag);
  }
  while (lowest_open_ <= last_ && confirmed_[lowest_open_ - first_]) {
    ++lowest_open_;
  }
}

void ConfirmTracker::mark(std::uint64_t tag) {
  if (!confirmed_[tag - first_]) {
    confirmed_[tag - first_] = true;
    --outstanding_;
  }
}

Publisher::Publisher(BrokerAddress address, const RabbitMqOptions& options, Counters& counters)
    : address_(std::move(address)),
      options_(options),
      counters_(counters),
      backoff_(options.reconnect_min, options.reconnect_max),
      log_("publisher", {{"broker", address_.endpoint()}, {"exchange", options.exchange}}),
      worker_("amqp publisher", kIdleCheck, [this] { return step(); }) {}

Publisher::~Publisher() { stop(); }

void Publisher::start() {
  std::lock_guard lock(mutex_);
  if (!stopping_) {
    worker_.start();
  }
}

void Publisher::stop() {
  bool serving = false;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    serving = serving_;
  }
  // A batch under way may be blocked on a broker that does not answer.
  if (serving) {
    interrupt();
  }
  worker_.stop();
  // The worker's thread has ended: from here on this thread is the only one
  // that touches the connection.
  {
    std::lock_guard socket_lock(socket_mutex_);
    socket_fd_ = -1;
  }
  connection_.reset();
  connected_ = false;
  {
    std::lock_guard lock(mutex_);
    if (pending_ != nullptr) {
      pending_->error = std::make_exception_ptr(TransportError("the RabbitMQ transport is stopped"));
      pending_->done = true;
      pending_ = nullptr;
    }
  }
  served_.notify_all();
}

void Publisher::publish(const std::vector<Envelope>& batch) {
  if (batch.empty()) {
    return;
  }
  std::lock_guard caller(callers_);
  Request request{&batch, nullptr};
  std::unique_lock lock(mutex_);
  if (stopping_) {
    throw TransportError("the RabbitMQ transport is stopped");
  }
  worker_.start();
  pending_ = &request;
  lock.unlock();
  worker_.notify();
  lock.lock();
  // Connecting and confirming are bounded by timeouts; writing is not (the
  // broker stops reading from publishers under a memory or disk alarm). Past
  // this limit the socket is shut down, which fails the write at once.
  const auto limit = 2 * options_.confirm_timeout + std::chrono::seconds(1);
  if (!served_.wait_for(lock, limit, [&request] { return request.done; })) {
    lock.unlock();
    interrupt();
    lock.lock();
    served_.wait(lock, [&request] { return request.done; });
  }
  if (request.error) {
    std::rethrow_exception(request.error);
  }
}

// One run of the worker: publish the batch handed over, if any; otherwise
// look at the idle connection, or reconnect once the backoff allows it.
core::Task<void> Publisher::step() {
  Request* request = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      request = std::exchange(pending_, nullptr);
      serving_ = request != nullptr;
    }
  }
  if (request != nullptr) {
    auto error = serve(*request->batch);
    {
      std::lock_guard lock(mutex_);
      request->error = std::move(error);
      request->done = true;
      serving_ = false;
    }
    served_.notify_all();
  } else if (connection_) {
    watch_idle_connection();
  } else if (Clock::now() >= next_attempt_) {
    try {
      connect();
    } catch (const std::exception& error) {
      disconnect(error.what());
    }
  }
  co_return;
}

std::exception_ptr Publisher::serve(const std::vector<Envelope>& batch) {
  try {
    if (!connection_) {
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_attempt_ - Clock::now());
      if (wait.count() > 0) {
        throw TransportError("not connected to the broker at " + address_.endpoint() + "; next attempt in " +
                             std::to_string(wait.count()) + " ms");
      }
      connect();
    }
    send(batch);
    counters_.published += batch.size();
    return nullptr;
  } catch (const TransportError&) {
    return std::current_exception();
  } catch (const std::exception& error) {
    disconnect(error.what());
    return std::make_exception_ptr(TransportError(std::string("publishing to RabbitMQ failed: ") + error.what()));
  } catch (...) {
    disconnect("unknown error");
    return std::make_exception_ptr(TransportError("publishing to RabbitMQ failed: unknown error"));
  }
}

void Publisher::connect() {
  auto connection = std::make_unique<Connection>(address_, options_.confirm_timeout, kHeartbeat, "eventbook publisher");
  connection->declare_exchange(options_.exchange, "topic");
  for (const auto& binding : options_.declare_queues) {
    declare_queue(*connection, options_, binding.queue, binding.keys);
  }
  amqp_confirm_select(connection->get(), Connection::kChannel);
  connection->check_rpc("confirm.select");
  {
    std::lock_guard socket_lock(socket_mutex_);
    socket_fd_ = connection->socket_fd();
  }
  connection_ = std::move(connection);
  next_delivery_tag_ = 1;
  backoff_.reset();
  connected_ = true;
  log_.up();
}

void Publisher::disconnect(const std::string& reason) {
  {
    std::lock_guard socket_lock(socket_mutex_);
    socket_fd_ = -1;
  }
  connection_.reset();
  connected_ = false;
  next_attempt_ = Clock::now() + backoff_.next();
  log_.down(reason);
}

void Publisher::interrupt() noexcept {
  std::lock_guard socket_lock(socket_mutex_);
  if (socket_fd_ >= 0) {
    ::shutdown(socket_fd_, SHUT_RDWR);
  }
}

void Publisher::watch_idle_connection() {
  try {
    amqp_frame_t frame;
    while (next_frame(frame, std::chrono::microseconds::zero())) {
      on_frame(frame, nullptr);
    }
    amqp_maybe_release_buffers(connection_->get());
  } catch (const std::exception& error) {
    disconnect(error.what());
  }
}

void Publisher::send(const std::vector<Envelope>& batch) {
  auto* state = connection_->get();
  ConfirmTracker confirms(next_delivery_tag_, next_delivery_tag_ + batch.size() - 1);
  amqp_basic_properties_t properties{};
  properties._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG;
  properties.content_type = amqp_cstring_bytes("application/json");
  properties.delivery_mode = AMQP_DELIVERY_PERSISTENT;
  amqp_frame_t frame;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& envelope = batch[i];
    const auto body = envelope.to_json();
    properties.message_id = as_bytes(envelope.id);
    connection_->check_status(
        amqp_basic_publish(state, Connection::kChannel, as_bytes(options_.exchange), as_bytes(envelope.type),
                           /*mandatory=*/0, /*immediate=*/0, &properties, as_bytes(body)),
        "basic.publish");
    ++next_delivery_tag_;
    if ((i + 1) % kReadConfirmsEvery == 0) {
      while (next_frame(frame, std::chrono::microseconds::zero())) {
        on_frame(frame, &confirms);
      }
    }
  }
  const auto deadline = Clock::now() + options_.confirm_timeout;
  while (!confirms.complete()) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    if (left.count() <= 0 || !next_frame(frame, left)) {
      connection_->fail(std::to_string(confirms.outstanding()) + " of " + std::to_string(batch.size()) +
                        " messages unconfirmed after " + std::to_string(options_.confirm_timeout.count()) + " ms");
    }
    on_frame(frame, &confirms);
  }
  amqp_maybe_release_buffers(state);
}

bool Publisher::next_frame(amqp_frame_t& frame, std::chrono::microseconds wait) {
  const timeval limit = to_timeval(wait);
  const int status = amqp_simple_wait_frame_noblock(connection_->get(), &frame, &limit);
  if (status == AMQP_STATUS_TIMEOUT) {
    return false;
  }
  connection_->check_status(status, "reading from the broker");
  return true;
}

void Publisher::on_frame(const amqp_frame_t& frame, ConfirmTracker* confirms) {
  if (frame.frame_type != AMQP_FRAME_METHOD) {
    return;
  }
  const auto& method = frame.payload.method;
  switch (method.id) {
    case AMQP_BASIC_ACK_METHOD:
      if (confirms != nullptr) {
        const auto* ack = static_cast<const amqp_basic_ack_t*>(method.decoded);
        confirms->ack(ack->delivery_tag, ack->multiple != 0);
      }
      return;
    case AMQP_BASIC_NACK_METHOD:
      connection_->fail("the broker refused a message (basic.nack)");
    case AMQP_CHANNEL_CLOSE_METHOD:
    case AMQP_CONNECTION_CLOSE_METHOD:
      connection_->fail(describe_close(method));
    case AMQP_CONNECTION_BLOCKED_METHOD: {
      const auto* blocked = static_cast<const amqp_connection_blocked_t*>(method.decoded);
      core::log::warn("bus", "the broker blocks publishing",
                      {{"broker", address_.endpoint()}, {"reason", std::string(as_view(blocked->reason))}});
      return;
    }
    case AMQP_CONNECTION_UNBLOCKED_METHOD:
      core::log::info("bus", "the broker accepts publishing again", {{"broker", address_.endpoint()}});
      return;
    default:
      // Nothing is published as mandatory, so no basic.return is expected.
      return;
  }
}

}  // namespace eventbook::bus::rabbitmq
