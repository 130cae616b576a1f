#pragma once

#include "eventbook/http/client.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/router.hpp"

namespace eventbook::gateway {

// Forwards the request to the upstream and relays its answer; 502 when the
// upstream cannot be reached or does not answer in time.
core::Task<http::Response> proxy(http::Client& upstream, const std::string& service, http::Request& request);

}  // namespace eventbook::gateway
