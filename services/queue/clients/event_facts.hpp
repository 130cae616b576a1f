#pragma once

#include "eventbook/core/task.hpp"
#include "queue/domain/room.hpp"

#include <memory>
#include <optional>
#include <string>

namespace eventbook::http {
class Client;
}

namespace eventbook::queue {

// Where a room learns of its event: the events service, which owns it.
// Throws a 503 ApiError when the events service cannot be asked.
class EventDirectory {
 public:
  virtual ~EventDirectory() = default;
  virtual core::Task<std::optional<EventFacts>> event(std::string event_id) = 0;
};

// GET /internal/events/{id} of the events service, with the service secret.
class EventDirectoryClient final : public EventDirectory {
 public:
  EventDirectoryClient(const std::string& events_url, std::string service_secret);
  ~EventDirectoryClient() override;
  core::Task<std::optional<EventFacts>> event(std::string event_id) override;

 private:
  std::string secret_;
  std::unique_ptr<http::Client> events_;
};

}  // namespace eventbook::queue
