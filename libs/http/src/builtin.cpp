#include "server_impl.hpp"

namespace eventbook::http {

bool Server::Impl::is_builtin(const std::string& path) {
  return path == "/healthz" || path == "/readyz" || path == "/metrics";
}

core::Task<Response> Server::Impl::builtin(const Request& request) {
  if (request.path == "/healthz") {
    co_return Response::json(200, boost::json::object{{"status", "ok"}, {"service", options.service}});
  }
  if (request.path == "/metrics") {
    std::string text = metrics.render(options.pools);
    if (options.extra_metrics) {
      auto extra = co_await options.extra_metrics();
      text += extra;
    }
    co_return Response::text(200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
  }
  Readiness readiness;
  if (options.readiness) {
    readiness = co_await options.readiness();
  }
  boost::json::object body{{"status", readiness.ready ? "ready" : "not ready"}, {"checks", readiness.checks}};
  co_return Response::json(readiness.ready ? 200 : 503, body);
}

}  // namespace eventbook::http
