// The head and body of a request as the server reads them from a socket:
// Beast's parser with the server's limits, the framing checks, the
// conversion to a Request, the router with parameters, the query string and
// the paging parameters every list reads.
#include "eventbook/http/paging.hpp"
#include "eventbook/http/router.hpp"
#include "request_reader.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace {

using namespace eventbook;

http::Router make_router() {
  http::Router router;
  auto answer = [](http::Request&) -> core::Task<http::Response> { co_return http::Response::text(200, "ok"); };
  router.add("GET", "/api/events", answer);
  router.add("GET", "/api/events/{id}", answer);
  router.add("PATCH", "/api/events/{id}", answer);
  router.add("POST", "/api/bookings/{id}/cancel", answer);
  router.add("GET", "/api/users/.well-known/jwks.json", answer);
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const http::Router router = make_router();
  http::bhttp::request_parser<http::bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_header_done()) return 0;
  if (ec) {
    (void)http::malformed(ec);
    return 0;
  }
  if (http::framing_problem(parser.get())) return 0;
  auto request = http::to_request(parser.release(), "127.0.0.1");
  auto match = router.match(request.method, request.path);
  if (match.route != nullptr) {
    for (const auto& [name, value] : match.params) {
      if (value.empty()) throw std::logic_error("a route parameter matched nothing");
    }
  }
  try {
    (void)request.query("q");
    std::vector<core::FieldError> errors;
    auto limit = http::read_limit(request, 20, 100, errors);
    if (errors.empty() && (limit < 1 || limit > 100)) throw std::logic_error("a limit out of range was accepted");
    (void)http::read_id_cursor(request, errors);
    (void)request.header("Authorization");
  } catch (const core::ApiError&) {
    // A client's mistake, answered as such.
  }
  return 0;
}
