#pragma once

#include "eventbook/core/task.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace eventbook::http {
class Client;
}

namespace eventbook::service {

// GET `target` of another service's /internal routes with the service
// secret: the 200 answer's object, nothing for a 404; a 503 ApiError naming
// `service` for anything else (down, timing out, an answer that cannot be read).
core::Task<std::optional<boost::json::object>> internal_get(http::Client& client, std::string target,
                                                            const std::string& secret, const char* service);

// A text member of a looked-up object ("" when absent or of another type).
std::string text_of(const boost::json::object& object, std::string_view name);
// An integer member of a looked-up object (none when absent or of another type).
std::optional<std::int64_t> integer_of(const boost::json::object& object, std::string_view name);

}  // namespace eventbook::service
