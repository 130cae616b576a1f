#pragma once

#include "eventbook/core/thread_pool.hpp"
#include "eventbook/http/router.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::http {

struct Readiness {
  bool ready = true;
  boost::json::object checks;  // name -> "ok" or a reason
};

struct ServerOptions {
  std::string service = "service";
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port; see Server::port()
  int io_threads = 0;      // 0: one per core
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds request_timeout{30};  // to read one whole request
  std::chrono::seconds idle_timeout{60};     // keep-alive between requests
  std::chrono::seconds shutdown_grace{10};   // for in-flight requests on stop()
  // Requests being handled at once beyond this get 503 at once.
  int max_in_flight = 4096;
  // The service's thread pools, whose refusals /metrics counts beside the
  // server's own (pool="requests").
  std::vector<const core::ThreadPool*> pools;
  bool access_log = true;
  // Called by GET /readyz; answers 503 when not ready.
  std::function<core::Task<Readiness>()> readiness;
  // Extra Prometheus text appended to GET /metrics.
  std::function<core::Task<std::string>()> extra_metrics;
  // Whether GET /metrics is answered on `port`: yes for a service, whose own
  // port Prometheus scrapes; no for a public entry point (the gateway), where
  // /metrics is then a 404 like any path nothing serves, whatever the router holds.
  bool metrics_on_port = true;
  // A second, private listener on this port of `host` that answers /healthz,
  // /readyz and /metrics and nothing else: where an entry point's own figures
  // are scraped. 0 picks a free port (see Server::metrics_port()); unset: none.
  std::optional<std::uint16_t> metrics_port;
  // Added to every answer (errors included) that does not set them itself.
  Headers response_headers;
};

// An HTTP/1.1 server: keep-alive, limits and timeouts on every connection,
// handlers as coroutines on the I/O threads (a bounded number in flight),
// request ids, access log, metrics, and problem+json for every error.
// /healthz, /readyz and /metrics are built in (see metrics_on_port and
// metrics_port for where /metrics is answered).
class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; throws std::runtime_error when it cannot bind.
  void start();
  std::uint16_t port() const;
  // The private listener's port (ServerOptions::metrics_port); 0 when there is none.
  std::uint16_t metrics_port() const;
  // Stops accepting, closes idle connections, waits for the requests in
  // flight to be answered (up to shutdown_grace), and joins the threads.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventbook::http
