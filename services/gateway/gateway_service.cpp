#include "gateway/gateway_service.hpp"

#include "gateway/handlers/proxy.hpp"
#include "gateway/handlers/static_site.hpp"

namespace eventbook::gateway {

std::vector<Upstream> upstreams_of(const ServiceUrls& urls) {
  return {{"users", "users", urls.users},
          {"events", "events", urls.events},
          {"bookings", "bookings", urls.bookings},
          {"holds", "bookings", urls.bookings},
          {"tickets", "bookings", urls.bookings},
          {"staff", "bookings", urls.bookings},
          {"events/{id}/checkins", "bookings", urls.bookings},
          {"events/{id}/staff", "bookings", urls.bookings},
          {"events/{id}/attendees", "bookings", urls.bookings},
          {"events/{id}/attendees.csv", "bookings", urls.bookings},
          {"events/{id}/waitlist", "bookings", urls.bookings},
          {"notifications", "notifications", urls.notifications},
          {"queue", "queue", urls.queue},
          {"events/{id}/queue", "queue", urls.queue}};
}

GatewayService::GatewayService(const GatewayConfig& config) {
  for (const auto& upstream : config.upstreams) {
    auto& client = clients_[upstream.service];
    if (!client) client = std::make_unique<http::Client>(upstream.base_url, config.client);
    routes_.push_back({upstream.prefix, upstream.service, client.get()});
  }
  if (!config.web_root.empty()) {
    site_ = std::make_unique<StaticSite>(config.web_root);
  }
}

GatewayService::~GatewayService() = default;

http::Router GatewayService::router() {
  http::Router router;
  for (auto& route : routes_) {
    auto* client = route.client;
    auto service = route.service;
    router.add("*", "/api/" + route.prefix + "/{rest...}",
               [client, service](http::Request& request) { return proxy(*client, service, request); });
  }
  if (site_) {
    // Literal segments win, so /api/<service>/... still reaches the services.
    auto* site = site_.get();
    // Files are answered from memory, on the I/O thread.
    auto serve = [site](http::Request& request) -> core::Task<http::Response> { co_return site->serve(request); };
    // Any method, so an unknown /api/... path is a 404 rather than a 405.
    router.add("*", "/{path...}", serve);
    router.add("*", "/api/docs", serve);
    router.add("*", "/api/docs/{path...}", serve);
  }
  return router;
}

http::ServerOptions GatewayService::server_options(http::ServerOptions base) const {
  base.service = "gateway";
  // The public entry point: its figures go to a private listener (metrics_port), never to clients.
  base.metrics_on_port = false;
  // On every answer, API and pages, errors included: no sniffing, no
  // framing, no full referrer to other sites. Pages add their policy.
  base.response_headers = {{"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "strict-origin-when-cross-origin"},
                           {"X-Frame-Options", "DENY"}};
  std::vector<std::pair<std::string, http::Client*>> upstreams;
  for (const auto& [service, client] : clients_) {
    upstreams.emplace_back(service, client.get());
  }
  base.readiness = [upstreams]() -> core::Task<http::Readiness> {
    http::Readiness readiness;
    for (const auto& [name, client] : upstreams) {
      bool ok = false;
      try {
        auto answer = co_await client->request("GET", "/readyz");
        ok = answer.status == 200;
      } catch (const http::ClientError&) {
        ok = false;
      }
      readiness.checks[name] = ok ? "ok" : "unavailable";
      readiness.ready = readiness.ready && ok;
    }
    co_return readiness;
  };
  return base;
}

}  // namespace eventbook::gateway
