#pragma once

#include "eventbook/bus/envelope.hpp"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::bus {

// The broker did not take the messages (unreachable, refused, no confirm in time).
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TransportStats {
  std::uint64_t published = 0;      // confirmed by the broker
  std::uint64_t delivered = 0;      // handed to a consumer handler and acknowledged
  std::uint64_t failed = 0;         // handler attempts that threw
  std::uint64_t dead_lettered = 0;  // given up on: malformed, or failed too often
};

// Moves envelopes from the outbox relays to the consumers' durable queues.
// Delivery is at least once; consumers deduplicate on Envelope::id.
class Transport {
 public:
  virtual ~Transport() = default;

  // A consumer's handler: return to acknowledge; throw to have the message
  // delivered again later. After max_attempts failures (or at once when the
  // message is not a valid envelope) it goes to the queue's dead letters.
  using Handler = std::function<void(const Envelope&)>;

  // Publishes the batch in order and returns once the broker has confirmed
  // every message as durably stored; throws TransportError otherwise (then
  // none, some or all may have been stored: the caller publishes them again).
  virtual void publish(const std::vector<Envelope>& batch) = 0;

  // Declares the durable queue `queue` bound to the routing keys and delivers
  // its messages to handler on the transport's own threads. Call before start().
  virtual void subscribe(const std::string& queue, const std::vector<std::string>& keys, Handler handler) = 0;

  // Several messages of one queue at once, in order: return when all are
  // applied; throw and none may count as applied (each is then delivered
  // again through the single-message handler).
  using BatchHandler = std::function<void(const std::vector<Envelope>&)>;

  // As subscribe(), for transports that can hand over several messages at
  // once; the others deliver one at a time through handler.
  virtual void subscribe_batched(const std::string& queue, const std::vector<std::string>& keys, Handler handler,
                                 BatchHandler) {
    subscribe(queue, keys, std::move(handler));
  }

  // Starts connecting and consuming in the background; never throws for an
  // unreachable broker (it keeps retrying with backoff).
  virtual void start() = 0;
  // Stops consuming; a handler running now finishes first.
  virtual void stop() = 0;

  // Whether the broker is reachable right now (for /readyz).
  virtual bool connected() const = 0;
  virtual TransportStats stats() const = 0;
};

}  // namespace eventbook::bus
