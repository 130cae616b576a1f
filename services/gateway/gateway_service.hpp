#pragma once

#include "eventbook/http/client.hpp"
#include "eventbook/http/server.hpp"
#include "gateway/handlers/static_site.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace eventbook::gateway {

struct Upstream {
  // e.g. "users": serves /api/users and everything below it; a pattern such
  // as "events/{id}/checkins" takes that part of another prefix.
  std::string prefix;
  std::string service;   // e.g. "users": the service that answers
  std::string base_url;  // e.g. http://127.0.0.1:5001
};

// The services' public paths and where each is served: every /api/<service>
// by its service; /api/holds, /api/tickets, /api/staff and an event's door
// (/api/events/{id}/checkins, /staff, /attendees) by the bookings service.
struct ServiceUrls {
  std::string users;
  std::string events;
  std::string bookings;
  std::string notifications;
  std::string queue;
};
std::vector<Upstream> upstreams_of(const ServiceUrls& urls);

struct GatewayConfig {
  std::vector<Upstream> upstreams;
  http::ClientOptions client{};
  // The built web UI; empty: no UI, /api/ only.
  std::filesystem::path web_root;
};

// One /api/... entry point in front of the services.
class GatewayService {
 public:
  explicit GatewayService(const GatewayConfig& config);
  ~GatewayService();

  http::Router router();
  // base with the gateway's name, headers and readiness; /metrics is not answered on its port
  // (only on base.metrics_port, when set).
  http::ServerOptions server_options(http::ServerOptions base) const;

 private:
  struct Route {
    std::string prefix;
    std::string service;
    http::Client* client;
  };
  std::map<std::string, std::unique_ptr<http::Client>> clients_;  // one per service
  std::vector<Route> routes_;
  std::unique_ptr<StaticSite> site_;
};

}  // namespace eventbook::gateway
