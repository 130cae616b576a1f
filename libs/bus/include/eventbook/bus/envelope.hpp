#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace eventbook::bus {

// What travels on the bus: {id, type, occurredAt, requestId, data}.
struct Envelope {
  std::string id;           // message id (UUIDv7); consumers deduplicate on it
  std::string type;         // routing key, e.g. "user.registered"
  std::string occurred_at;  // RFC 3339 UTC
  std::string request_id;   // the HTTP request that caused it, for the logs
  boost::json::object data;

  std::string to_json() const;
  // Throws std::invalid_argument when text is not a well-formed envelope.
  static Envelope from_json(std::string_view text);
};

}  // namespace eventbook::bus
