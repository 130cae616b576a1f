#include "support/system.hpp"
#include "eventbook/core/loop.hpp"

#include "eventbook/core/id.hpp"
#include "support/eventually.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <thread>

namespace eventbook::testing {

namespace json = boost::json;

Api::Api(std::uint16_t port) : client_("http://127.0.0.1:" + std::to_string(port)) {}

http::ClientResponse Api::call(const std::string& method, const std::string& path, const std::string& body,
                               const std::string& token, http::Headers extra) {
  http::Headers headers{{"Content-Type", "application/json"}};
  if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
  headers.insert(headers.end(), extra.begin(), extra.end());
  return core::run_blocking(client_.request(method, path, headers, body));
}

std::string Api::register_user(const std::string& tag) {
  std::string email = "user_" + tag + "@example.com";
  auto response = call("POST", "/api/users/register",
                       json::serialize(json::object{
                           {"username", "user_" + tag}, {"email", email}, {"password", "correct horse battery"}}));
  EXPECT_EQ(response.status, 201) << response.body;
  return email;
}

std::string Api::login(const std::string& email) {
  auto response = call("POST", "/api/users/login",
                       json::serialize(json::object{{"email", email}, {"password", "correct horse battery"}}));
  EXPECT_EQ(response.status, 200) << response.body;
  if (response.status != 200) return {};
  return std::string(json::parse(response.body).at("token").as_string());
}

std::string Api::new_user_token() { return login(register_user(core::new_id().substr(24))); }

json::object Api::inbox(const std::string& token, const std::string& query) {
  auto response = call("GET", "/api/notifications" + query, {}, token);
  EXPECT_EQ(response.status, 200) << response.body;
  return json::parse(response.body).as_object();
}

json::object Api::await_inbox(const std::string& token, std::size_t count, std::chrono::seconds patience) {
  json::object last;
  EXPECT_TRUE(eventually(
      [&] {
        last = inbox(token);
        return last.at("items").as_array().size() >= count;
      },
      patience, "the inbox holds " + std::to_string(count) + " items"))
      << json::serialize(last);
  return last;
}

std::optional<std::string> System::unavailable(Mode mode) {
  if (mode == Mode::embedded) return std::nullopt;
  const char* pg = std::getenv("EVENTBOOK_TEST_PG_URL");
  const char* amqp = std::getenv("EVENTBOOK_TEST_AMQP_URL");
  if (pg == nullptr || *pg == '\0' || amqp == nullptr || *amqp == '\0') {
    return "the cluster needs EVENTBOOK_TEST_PG_URL and EVENTBOOK_TEST_AMQP_URL (scripts/postgres, scripts/rabbitmq)";
  }
  return std::nullopt;
}

System::System(Mode mode, std::vector<std::string> extra_args)
    : mode_(mode), data_dir_(std::filesystem::temp_directory_path() / ("eventbook-sys-" + core::new_id())) {
  users_port = free_port();
  events_port = free_port();
  bookings_port = free_port();
  notifications_port = free_port();
  queue_port = free_port();
  queue2_port = free_port();
  gateway_port = free_port();
  gateway_metrics_port = free_port();
  auto url = [](std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); };
  const std::vector<std::string> quiet{"--access-log", "off"};
  if (mode == Mode::embedded) {
    std::vector<std::string> args{"dev",
                                  "--data-dir",
                                  data_dir_.string(),
                                  "--users-port",
                                  std::to_string(users_port),
                                  "--events-port",
                                  std::to_string(events_port),
                                  "--bookings-port",
                                  std::to_string(bookings_port),
                                  "--notifications-port",
                                  std::to_string(notifications_port),
                                  "--queue-port",
                                  std::to_string(queue_port),
                                  "--gateway-port",
                                  std::to_string(gateway_port),
                                  "--gateway-metrics-port",
                                  std::to_string(gateway_metrics_port)};
    args.insert(args.end(), quiet.begin(), quiet.end());
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    for (const char* service : {"users", "events", "bookings", "notifications", "queue"}) {
      database_urls_[service] = (data_dir_ / (std::string(service) + ".db")).string();
    }
    children_.push_back({"dev", args, gateway_port, nullptr});
  } else {
    std::string amqp = std::getenv("EVENTBOOK_TEST_AMQP_URL");
    std::string bus = "eventbook-test-" + core::new_id().substr(24);
    auto service = [&](const std::string& name, std::uint16_t port, std::vector<std::string> more,
                       std::string replica_of = {}) {
      std::string database_url;
      if (replica_of.empty()) {
        auto database = std::make_unique<TestDatabase>("postgres");
        database_url = database_urls_[name] = database->url();
        databases_.push_back(std::move(database));
      } else {
        database_url = database_urls_[replica_of];
      }
      std::vector<std::string> args{replica_of.empty() ? name : replica_of,
                                    "--port",
                                    std::to_string(port),
                                    "--database-url",
                                    database_url,
                                    "--data-dir",
                                    data_dir_.string(),
                                    "--amqp-url",
                                    amqp,
                                    "--bus-namespace",
                                    bus};
      args.insert(args.end(), more.begin(), more.end());
      args.insert(args.end(), quiet.begin(), quiet.end());
      args.insert(args.end(), extra_args.begin(), extra_args.end());
      children_.push_back({name, args, port, nullptr});
    };
    service("users", users_port, {});
    service("events", events_port, {"--users-url", url(users_port)});
    service("bookings", bookings_port,
            {"--users-url", url(users_port), "--events-url", url(events_port), "--queue-url", url(queue_port)});
    service("notifications", notifications_port, {"--users-url", url(users_port)});
    // Two replicas of the queue on one database, as in production.
    service("queue", queue_port, {"--users-url", url(users_port), "--events-url", url(events_port)});
    service("queue2", queue2_port, {"--users-url", url(users_port), "--events-url", url(events_port)}, "queue");
    std::vector<std::string> gateway{"gateway",
                                     "--port",
                                     std::to_string(gateway_port),
                                     "--metrics-port",
                                     std::to_string(gateway_metrics_port),
                                     "--users-url",
                                     url(users_port),
                                     "--events-url",
                                     url(events_port),
                                     "--bookings-url",
                                     url(bookings_port),
                                     "--notifications-url",
                                     url(notifications_port),
                                     "--queue-url",
                                     url(queue_port)};
    gateway.insert(gateway.end(), quiet.begin(), quiet.end());
    gateway.insert(gateway.end(), extra_args.begin(), extra_args.end());
    children_.push_back({"gateway", gateway, gateway_port, nullptr});
  }
  healthy_ = true;
  for (auto& child : children_) {
    launch(child);
    healthy_ = healthy_ && wait_healthy(child.port);
  }
  api_ = std::make_unique<Api>(gateway_port);
}

void System::launch(Child& child) { child.process = std::make_unique<Process>(EVENTBOOK_BINARY, child.args); }

System::~System() {
  stop();
  children_.clear();
  std::filesystem::remove_all(data_dir_);
}

System::Child* System::child(const std::string& service) {
  for (auto& c : children_) {
    if (c.service == service || c.service == "dev") return &c;
  }
  return nullptr;
}

int System::stop() {
  int worst = 0;
  for (auto it = children_.rbegin(); it != children_.rend(); ++it) {
    if (it->process) {
      int status = it->process->terminate();
      if (status != 0) worst = status;
    }
  }
  return worst;
}

void System::kill(const std::string& service) { child(service)->process->kill(); }

void System::start(const std::string& service) {
  auto* c = child(service);
  launch(*c);
  healthy_ = wait_healthy(c->port);
}

std::string System::log() const {
  std::string out;
  for (const auto& c : children_) {
    if (c.process) out += "--- " + c.service + " ---\n" + c.process->log();
  }
  return out;
}

std::string System::database_url(const std::string& service) const { return database_urls_.at(service); }

std::string System::service_secret() const {
  std::ifstream in(data_dir_ / "keys" / "service-secret");
  std::string line;
  std::getline(in, line);
  return line;
}

void SystemTest::SetUp() {
  if (auto reason = System::unavailable(GetParam())) GTEST_SKIP() << *reason;
  system = std::make_unique<System>(GetParam());
  ASSERT_TRUE(system->healthy()) << system->log();
  organizer = api().new_user_token();
}

void SystemTest::TearDown() {
  if (system) {
    EXPECT_EQ(system->stop(), 0) << system->log();
  }
}

std::string mode_name(const ::testing::TestParamInfo<System::Mode>& info) {
  return info.param == System::Mode::embedded ? "embedded" : "cluster";
}

}  // namespace eventbook::testing
