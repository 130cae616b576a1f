// What the public entry point keeps to itself, in both shapes (the gateway
// port of `eventbook dev`; the gateway process in front of the cluster):
// no /metrics and no /internal/..., whatever way the path is spelled. The
// services' own ports, and the gateway's private metrics port, still answer
// /metrics for Prometheus.
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

constexpr std::string_view kPrometheusType = "text/plain; version=0.0.4; charset=utf-8";

bool tells_metrics(const http::ClientResponse& answer) {
  return answer.body.find("eventbook_http_requests_total") != std::string::npos ||
         answer.body.find("# TYPE") != std::string::npos;
}

class PublicEntry : public SystemTest {
 protected:
  std::string create_event() {
    auto response =
        api().call("POST", "/api/events",
                   json::serialize(json::object{
                       {"title", "Guarded"}, {"date", "2030-06-15"}, {"location", "Oslo"}, {"availableSeats", 5}}),
                   organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  std::int64_t seats_left(const std::string& event_id) {
    return json::parse(api().call("GET", "/api/events/" + event_id).body).at("availableSeats").as_int64();
  }
};

TEST_P(PublicEntry, DoesNotServeMetrics) {
  ASSERT_EQ(api().call("GET", "/api/events").status, 200);  // something to count
  auto metrics = api().call("GET", "/metrics");
  EXPECT_EQ(metrics.status, 404) << metrics.body;
  EXPECT_EQ(metrics.header("Content-Type"), "application/problem+json");
  EXPECT_FALSE(tells_metrics(metrics)) << metrics.body;
  EXPECT_EQ(api().call("HEAD", "/metrics").status, 404);
  EXPECT_EQ(api().call("POST", "/metrics", "{}").status, 404);

  // Other spellings of the same path, and paths an upstream might resolve to it: a 404, or at
  // most the web UI's page (as nginx serves it for /metrics/), never the figures.
  for (const char* target :
       {"/%6detrics", "/%6D%65%74%72%69%63%73", "/metrics?format=text", "//metrics", "/metrics/", "/./metrics",
        "/api/../metrics", "/api/users/../../metrics", "/api/users/%2e%2e/%2e%2e/metrics",
        "/api/users/..%2f..%2fmetrics", "/api/events/%2E%2E/%2E%2E/metrics", "/api/bookings/../../metrics",
        "/api/notifications/%2e%2e%2f%2e%2e%2fmetrics", "/api/events/..;/..;/metrics", "/METRICS"}) {
    SCOPED_TRACE(target);
    auto answer = api().call("GET", target);
    EXPECT_FALSE(tells_metrics(answer)) << answer.status << " " << answer.body;
  }
}

TEST_P(PublicEntry, DoesNotReachTheSeatInventory) {
  auto event_id = create_event();
  const http::Headers service{{"Authorization", "Service " + system->service_secret()}};
  int n = 0;
  for (const char* prefix : {"", "/api/events/../..", "/api/events/%2e%2e/%2e%2e", "/api/events/..%2f..",
                             "/api/bookings/../..", "/api/users/%2E%2E/%2E%2E", "/"}) {
    SCOPED_TRACE(prefix);
    auto body = json::serialize(
        json::object{{"bookingId", "public-" + std::to_string(n++)}, {"eventId", event_id}, {"seats", 1}});
    auto answer = api().call("POST", std::string(prefix) + "/internal/reservations", body, {}, service);
    EXPECT_TRUE(answer.status == 404 || answer.status == 405) << answer.status << " " << answer.body;
    EXPECT_EQ(answer.body.find("\"reserved\""), std::string::npos) << answer.body;
  }
  EXPECT_EQ(seats_left(event_id), 5);
  // The events service's own port is where the bookings service reserves.
  auto own =
      Api(system->events_port)
          .call("POST", "/internal/reservations",
                json::serialize(json::object{{"bookingId", "own"}, {"eventId", event_id}, {"seats", 1}}), {}, service);
  EXPECT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(seats_left(event_id), 4);
}

// The lookups the door makes (who organizes an event, whose an address is)
// answer other services only: never through the public entry, never to a
// user's token, and not without the secret.
TEST_P(PublicEntry, TheDirectoryLookupsAnswerServicesOnly) {
  auto event_id = create_event();
  auto email = api().register_user("lookup");
  const http::Headers service{{"Authorization", "Service " + system->service_secret()}};
  const std::string event_path = "/internal/events/" + event_id;
  const std::string account_path = "/internal/accounts?email=" + email;
  for (const auto& path : {event_path, account_path}) {
    SCOPED_TRACE(path);
    auto answer = api().call("GET", path, {}, {}, service);
    EXPECT_TRUE(answer.status == 404 || answer.status == 405) << answer.status << " " << answer.body;
  }
  auto event = Api(system->events_port).call("GET", event_path, {}, {}, service);
  ASSERT_EQ(event.status, 200) << event.body;
  EXPECT_FALSE(json::parse(event.body).at("organizerId").as_string().empty());
  EXPECT_EQ(
      Api(system->events_port).call("GET", "/internal/events/" + event_id.substr(1) + "0", {}, {}, service).status,
      404);
  EXPECT_EQ(Api(system->events_port).call("GET", event_path).status, 401);
  EXPECT_EQ(Api(system->events_port).call("GET", event_path, {}, organizer).status, 403);
  auto account = Api(system->users_port).call("GET", account_path, {}, {}, service);
  ASSERT_EQ(account.status, 200) << account.body;
  EXPECT_EQ(json::parse(account.body).at("email").as_string(), email);
  EXPECT_EQ(json::parse(account.body).as_object().count("passwordHash"), 0u);
  EXPECT_EQ(json::parse(account.body).as_object().size(), 3u);  // id, username, email: nothing more
  EXPECT_EQ(Api(system->users_port).call("GET", account_path).status, 401);
  EXPECT_EQ(Api(system->users_port).call("GET", account_path, {}, organizer).status, 403);
  EXPECT_EQ(Api(system->users_port).call("GET", "/internal/accounts?email=nobody@example.com", {}, {}, service).status,
            404);
  EXPECT_EQ(Api(system->users_port).call("GET", "/internal/accounts", {}, {}, service).status, 422);
}

TEST_P(PublicEntry, EveryServiceStillAnswersMetricsOnItsOwnPort) {
  ASSERT_EQ(api().call("GET", "/api/events").status, 200);
  for (auto [name, port] : {std::pair<const char*, std::uint16_t>{"users", system->users_port},
                            {"events", system->events_port},
                            {"bookings", system->bookings_port},
                            {"notifications", system->notifications_port}}) {
    SCOPED_TRACE(name);
    auto answer = Api(port).call("GET", "/metrics");
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.header("Content-Type"), kPrometheusType);
    EXPECT_NE(answer.body.find("# TYPE eventbook_http_requests_total counter"), std::string::npos) << answer.body;
    EXPECT_NE(answer.body.find("service=\"" + std::string(name) + "\""), std::string::npos) << answer.body;
  }
}

TEST_P(PublicEntry, TheGatewayTellsItsFiguresOnItsPrivatePortOnly) {
  ASSERT_EQ(api().call("GET", "/api/events").status, 200);
  Api private_port(system->gateway_metrics_port);
  auto metrics = private_port.call("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.body;
  EXPECT_EQ(metrics.header("Content-Type"), kPrometheusType);
  EXPECT_NE(metrics.body.find("eventbook_http_requests_total{service=\"gateway\",route=\"/api/events"),
            std::string::npos)
      << metrics.body;
  EXPECT_EQ(private_port.call("GET", "/healthz").status, 200);
  EXPECT_EQ(private_port.call("GET", "/readyz").status, 200);
  // Nothing else is served there.
  EXPECT_EQ(private_port.call("GET", "/api/events").status, 404);
  EXPECT_EQ(private_port.call("POST", "/metrics", "{}").status, 405);
  // The public port still answers the health checks.
  EXPECT_EQ(api().call("GET", "/healthz").status, 200);
  EXPECT_EQ(api().call("GET", "/readyz").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Modes, PublicEntry, ::testing::Values(System::Mode::embedded, System::Mode::cluster),
                         mode_name);

}  // namespace
}  // namespace eventbook::testing
