#include "gateway/gateway_service.hpp"

#include "gateway/handlers/proxy.hpp"
#include "gateway/handlers/static_site.hpp"

namespace eventbook::gateway {

GatewayService::GatewayService(const GatewayConfig& config) {
  for (const auto& upstream : config.upstreams) {
    routes_.push_back({upstream.prefix, std::make_unique<http::Client>(upstream.base_url, config.client)});
  }
  if (!config.web_root.empty()) {
    site_ = std::make_unique<StaticSite>(config.web_root);
  }
}

GatewayService::~GatewayService() = default;

http::Router GatewayService::router() {
  http::Router router;
  for (auto& route : routes_) {
    auto* client = route.client.get();
    auto prefix = route.prefix;
    router.add_async(
        "*", "/api/" + prefix + "/{rest...}",
        [client, prefix](http::Request& request, http::Reply reply) { proxy(*client, prefix, request, std::move(reply)); },
        {.pool = "proxy", .start_on_io_thread = true});
  }
  if (site_) {
    // Literal segments win, so /api/<service>/... still reaches the services.
    auto* site = site_.get();
    auto serve = [site](http::Request& request) { return site->serve(request); };
    // Any method, so an unknown /api/... path is a 404 rather than a 405.
    router.add("*", "/{path...}", serve, {.pool = "static"});
    router.add("*", "/api/docs", serve, {.pool = "static"});
    router.add("*", "/api/docs/{path...}", serve, {.pool = "static"});
  }
  return router;
}

http::ServerOptions GatewayService::server_options(http::ServerOptions base) const {
  base.service = "gateway";
  // On every answer, API and pages, errors included: no sniffing, no
  // framing, no full referrer to other sites. Pages add their policy.
  base.response_headers = {{"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "strict-origin-when-cross-origin"},
                           {"X-Frame-Options", "DENY"}};
  // Proxying holds no thread while the upstream answers (the clients'
  // own I/O threads carry the exchanges); the pool bounds what is in flight.
  base.pools["proxy"] = {.threads = 1, .max_in_flight = 4096};
  // Files come from memory: two threads keep up with the network.
  base.pools["static"] = {.threads = 2, .max_in_flight = 4096};
  std::vector<std::pair<std::string, http::Client*>> upstreams;
  for (const auto& route : routes_) {
    upstreams.emplace_back(route.prefix, route.client.get());
  }
  base.readiness = [upstreams] {
    http::Readiness readiness;
    for (const auto& [name, client] : upstreams) {
      bool ok = false;
      try {
        ok = client->request("GET", "/readyz").status == 200;
      } catch (const http::ClientError&) {
        ok = false;
      }
      readiness.checks[name] = ok ? "ok" : "unavailable";
      readiness.ready = readiness.ready && ok;
    }
    return readiness;
  };
  return base;
}

}  // namespace eventbook::gateway
