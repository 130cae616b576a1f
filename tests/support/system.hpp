#pragma once

#include "eventbook/http/client.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>
#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::testing {

// Talks to the system through one base URL as a person's client would.
class Api {
 public:
  explicit Api(std::uint16_t port);

  http::ClientResponse call(const std::string& method, const std::string& path, const std::string& body = {},
                            const std::string& token = {}, http::Headers extra = {});
  // Registers user_<tag> (password "correct horse battery"); returns the e-mail.
  std::string register_user(const std::string& tag);
  std::string login(const std::string& email);
  // A fresh account, signed in: its token.
  std::string new_user_token();
  boost::json::object inbox(const std::string& token, const std::string& query = {});
  // Waits until the inbox holds at least `count` items; returns it.
  boost::json::object await_inbox(const std::string& token, std::size_t count,
                                  std::chrono::seconds patience = std::chrono::seconds(30));

 private:
  http::Client client_;
};

class TestDatabase;

// The whole system on free ports, in one of its two shapes:
// - embedded: `eventbook dev`, SQLite files and the in-process bus;
// - cluster: every service its own process, each with a fresh PostgreSQL
//   schema, RabbitMQ between them under a namespace of their own.
class System {
 public:
  enum class Mode { embedded, cluster };

  // Whether the servers a mode needs are configured (EVENTBOOK_TEST_PG_URL,
  // EVENTBOOK_TEST_AMQP_URL); the reason when not.
  static std::optional<std::string> unavailable(Mode mode);

  // extra_args go to every process (the one of the embedded mode, each of
  // the cluster's), after the defaults: flags every command takes.
  explicit System(Mode mode, std::vector<std::string> extra_args = {});
  ~System();
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  // Stops every process with SIGTERM; the worst exit status.
  int stop();
  // SIGKILL to the process running `service` (embedded: the one process),
  // then the same process started again on the same ports and data.
  void kill(const std::string& service);
  void start(const std::string& service);
  bool healthy() const noexcept { return healthy_; }
  std::string log() const;
  Api& api() { return *api_; }
  Mode mode() const noexcept { return mode_; }
  const std::filesystem::path& data_dir() const noexcept { return data_dir_; }
  // The database URL a service uses.
  std::string database_url(const std::string& service) const;
  std::string service_secret() const;

  std::uint16_t users_port = 0, events_port = 0, bookings_port = 0, notifications_port = 0, gateway_port = 0;
  // The queue service; in the cluster shape a second replica (same database) listens on queue2_port.
  std::uint16_t queue_port = 0, queue2_port = 0;
  // The gateway's private listener for its own /metrics (its public port does not answer it).
  std::uint16_t gateway_metrics_port = 0;

 private:
  struct Child {
    std::string service;
    std::vector<std::string> args;
    std::uint16_t port;
    std::unique_ptr<Process> process;
  };
  Child* child(const std::string& service);
  void launch(Child& child);

  Mode mode_;
  std::filesystem::path data_dir_;
  std::vector<std::unique_ptr<TestDatabase>> databases_;
  std::map<std::string, std::string> database_urls_;
  std::vector<Child> children_;
  std::unique_ptr<Api> api_;
  bool healthy_ = false;
};

// A test on a fresh system of the mode it is instantiated with, with one
// signed-in user, `organizer`, to create events.
class SystemTest : public ::testing::TestWithParam<System::Mode> {
 protected:
  void SetUp() override;
  void TearDown() override;
  Api& api() { return system->api(); }

  std::unique_ptr<System> system;
  std::string organizer;
};

// Names the parameterized cases "embedded" and "cluster".
std::string mode_name(const ::testing::TestParamInfo<System::Mode>& info);

}  // namespace eventbook::testing
