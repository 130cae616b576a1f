#pragma once

#include "eventbook/bus/transport.hpp"
#include "eventbook/db/database.hpp"

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace eventbook::bus {

// An idempotent consumer: each message's effect and its id in the inbox table
// are committed in one transaction, so a redelivered message changes nothing.
class Consumer {
 public:
  using Handler = std::function<void(db::Session&, const Envelope&)>;

  Consumer(db::Database& database, std::string queue);

  void on(std::string type, Handler handler);
  // Subscribes the queue to every type given to on(); call before transport.start().
  void attach(Transport& transport);

  // Applies one message; returns false when it had been handled before.
  // Throws what the handler throws (the transport redelivers it later).
  bool handle(const Envelope& envelope);
  // Applies several messages in one transaction (one commit for all): all or
  // none. Returns how many had not been handled before.
  std::size_t handle(const std::vector<Envelope>& envelopes);

  const std::string& queue() const noexcept { return queue_; }
  // The message types it handles, sorted.
  std::vector<std::string> types() const;
  std::string metrics_text() const;

 private:
  db::Database& database_;
  std::string queue_;
  std::map<std::string, Handler> handlers_;
  std::atomic<std::uint64_t> handled_{0};
  std::atomic<std::uint64_t> duplicates_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace eventbook::bus
