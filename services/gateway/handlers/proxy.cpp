#include "gateway/handlers/proxy.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/core/log.hpp"

#include <strings.h>

#include <array>

namespace eventbook::gateway {

namespace {

// Headers that describe one hop, not the message (RFC 9110 section 7.6.1),
// plus the framing the server sets itself.
bool hop_by_hop(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kNames{
      "connection", "keep-alive", "proxy-connection", "te",          "trailer", "transfer-encoding",
      "upgrade",    "host",       "content-length",   "x-request-id"};
  for (auto candidate : kNames) {
    if (name.size() == candidate.size() && ::strncasecmp(name.data(), candidate.data(), name.size()) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

core::Task<http::Response> proxy(http::Client& upstream, const std::string& service, http::Request& request) {
  http::Headers headers;
  headers.reserve(request.headers.size() + 2);
  std::string forwarded_for;
  for (const auto& header : request.headers) {
    if (hop_by_hop(header.name)) {
      continue;
    }
    if (::strcasecmp(header.name.c_str(), "X-Forwarded-For") == 0) {
      forwarded_for = header.value;
      continue;
    }
    headers.push_back(header);
  }
  forwarded_for += (forwarded_for.empty() ? "" : ", ") + request.remote_address;
  headers.push_back({"X-Forwarded-For", forwarded_for});
  headers.push_back({"X-Request-Id", request.request_id});

  http::ClientResponse answer;
  try {
    answer = co_await upstream.request(request.method, request.target, std::move(headers), request.body);
  } catch (const http::ClientError& error) {
    core::log::warn("gateway", "upstream unavailable",
                    {{"requestId", request.request_id}, {"upstream", service}, {"error", error.what()}});
    throw core::ApiError(502, "upstream-unavailable", "The " + service + " service is not answering; retry shortly.",
                         {}, error.what());
  }
  http::Response response;
  response.status = answer.status;
  for (auto& header : answer.headers) {
    if (!hop_by_hop(header.name)) {
      response.headers.push_back(std::move(header));
    }
  }
  response.body = std::move(answer.body);
  co_return response;
}

}  // namespace eventbook::gateway
