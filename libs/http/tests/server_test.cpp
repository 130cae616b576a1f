#include "eventbook/http/server.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/http/client.hpp"
#include "support/eventually.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace eventbook::http {
namespace {

using core::Task;

// One request from a test's own thread.
ClientResponse call(Client& client, const std::string& method, const std::string& target, Headers headers = {},
                    const std::string& body = {}) {
  return core::run_blocking(client.request(method, target, std::move(headers), body));
}

// A plain TCP connection to the server.
int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

// Whether the peer has closed the connection (without waiting for it).
bool closed_by_peer(int fd) {
  char byte;
  auto n = ::recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// Speaks raw bytes to the server, for what a well-behaved client never sends.
std::string raw_exchange(std::uint16_t port, const std::string& bytes) {
  int fd = connect_to(port);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  for (;;) {
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    router.add("POST", "/echo", [](Request& request) -> Task<Response> {
      auto body = request.json();
      co_return Response::json(200, body);
    });
    router.add("GET", "/items/{id}", [](Request& request) -> Task<Response> {
      co_return Response::json(200, boost::json::object{{"id", request.param("id")}, {"rid", request.request_id}});
    });
    router.add("GET", "/fail", [](Request&) -> Task<Response> {
      throw std::runtime_error("secret internals");
      co_return Response{};
    });
    router.add("GET", "/slow", [this](Request&) -> Task<Response> {
      slow_started.set_value();
      // Work under way: still running when the test stops the server (a
      // fixed time, as nothing the test can observe says stop() has begun).
      co_await core::sleep_for(std::chrono::milliseconds(300));
      co_return Response::text(200, "finished");
    });
    ServerOptions options;
    options.service = "test";
    options.access_log = false;
    options.io_threads = 2;
    server = std::make_unique<Server>(options, std::move(router));
    server->start();
    client = std::make_unique<Client>("http://127.0.0.1:" + std::to_string(server->port()));
  }

  std::promise<void> slow_started;
  std::unique_ptr<Server> server;
  std::unique_ptr<Client> client;
};

TEST_F(ServerTest, ServesRoutesWithParametersAndRequestIds) {
  auto response = call(*client, "GET", "/items/abc", {{"X-Request-Id", "req-123"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"id":"abc","rid":"req-123"})");
  EXPECT_EQ(response.header("X-Request-Id"), "req-123");
  auto generated = call(*client, "GET", "/items/x");
  EXPECT_EQ(generated.header("X-Request-Id")->size(), 36u);
}

TEST_F(ServerTest, AnswersProblemsForEveryKindOfBadRequest) {
  auto not_found = call(*client, "GET", "/nope");
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(not_found.header("Content-Type"), "application/problem+json");

  auto wrong_method = call(*client, "DELETE", "/echo");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.header("Allow"), "POST");

  auto malformed = call(*client, "POST", "/echo", {{"Content-Type", "application/json"}}, "{\"a\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("\"status\":400"), std::string::npos);

  auto array = call(*client, "POST", "/echo", {{"Content-Type", "application/json"}}, "[1,2,3]");
  EXPECT_EQ(array.status, 400);

  auto garbage = call(*client, "POST", "/echo", {{"Content-Type", "application/json"}},
                      std::string("\x89PNG\r\n\x1a\n\0\0\xff", 11));
  EXPECT_EQ(garbage.status, 400);

  auto not_json = call(*client, "POST", "/echo", {{"Content-Type", "text/plain"}}, "{}");
  EXPECT_EQ(not_json.status, 415);

  auto failure = call(*client, "GET", "/fail");
  EXPECT_EQ(failure.status, 500);
  EXPECT_EQ(failure.body.find("secret"), std::string::npos);

  // Still serving on the same pooled connections afterwards.
  EXPECT_EQ(call(*client, "POST", "/echo", {{"Content-Type", "application/json"}}, "{\"a\":1}").body, "{\"a\":1}");
}

TEST_F(ServerTest, RefusesABodyOverTheLimitBeforeReadingIt) {
  // Only the headers are sent: the server must answer from Content-Length alone.
  auto answer = raw_exchange(server->port(),
                             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Content-Length: 1048576\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos);

  // The whole megabyte sent at once gets the same answer.
  std::string big =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n";
  big += std::string(1048576, 'a');
  EXPECT_EQ(raw_exchange(server->port(), big).rfind("HTTP/1.1 413", 0), 0u);

  // A chunked body that grows past the limit too.
  std::string chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "1000\r\n" + std::string(4096, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  EXPECT_EQ(raw_exchange(server->port(), chunked).rfind("HTTP/1.1 413", 0), 0u);

  EXPECT_EQ(call(*client, "GET", "/items/1").status, 200);
}

TEST_F(ServerTest, RejectsGarbageThatIsNotHttp) {
  static constexpr char kTlsHello[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n";
  auto answer = raw_exchange(server->port(), std::string(kTlsHello, sizeof kTlsHello - 1));
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  auto huge_header =
      raw_exchange(server->port(), "GET /items/1 HTTP/1.1\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n");
  EXPECT_EQ(huge_header.rfind("HTTP/1.1 431", 0), 0u);
}

// A request whose framing a proxy in front could read differently must not
// let the bytes of its body be served as a second request (RFC 9112 6.3).
TEST_F(ServerTest, AmbiguousFramingIsRefusedAndNothingRidesInTheBody) {
  const std::string smuggled = "GET /items/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string framing :
       {"Transfer-Encoding: identity", "Transfer-Encoding: gzip", "Transfer-Encoding: xchunked",
        "Transfer-Encoding: chunked, chunked", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked\r\nContent-Length: 5"}) {
    auto answer = raw_exchange(server->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                                                   framing + "\r\n\r\n" + smuggled);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << framing << "\n" << answer;
    EXPECT_NE(answer.find("Connection: close"), std::string::npos) << framing << "\n" << answer;
    EXPECT_EQ(answer.find("smuggled"), std::string::npos) << framing << "\n" << answer;
  }
  // Plain chunked is read as it should be.
  auto chunked = raw_exchange(server->port(),
                              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.rfind("HTTP/1.1 200", 0), 0u) << chunked;
  EXPECT_NE(chunked.find("{\"a\":1}"), std::string::npos) << chunked;
}

TEST_F(ServerTest, AMalformedChunkIsAnswered400BeforeClosing) {
  auto answer = raw_exchange(server->port(),
                             "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << answer;
}

TEST_F(ServerTest, AnHttp11RequestHasExactlyOneHost) {
  auto none = raw_exchange(server->port(), "GET /items/1 HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(none.rfind("HTTP/1.1 400", 0), 0u) << none;
  auto two = raw_exchange(server->port(), "GET /items/1 HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(two.rfind("HTTP/1.1 400", 0), 0u) << two;
  // HTTP/1.0 had no Host requirement.
  auto old = raw_exchange(server->port(), "GET /items/1 HTTP/1.0\r\n\r\n");
  EXPECT_EQ(old.rfind("HTTP/1.1 200", 0), 0u) << old;
}

// A percent-encoded path may decode to bytes that are not UTF-8: such a path
// names no resource, even where a route's pattern would match it, and the
// problem that names it stays valid JSON.
TEST_F(ServerTest, APathThatIsNotUtf8NamesNoResourceAndIsNamedInValidJson) {
  auto matching = call(*client, "GET", "/items/%FF%FE");
  EXPECT_EQ(matching.status, 404) << matching.body;
  EXPECT_NO_THROW(boost::json::parse(matching.body)) << matching.body;
  EXPECT_NE(matching.body.find("/items/\xEF\xBF\xBD\xEF\xBF\xBD"), std::string::npos) << matching.body;
  auto missing = call(*client, "GET", "/nowhere/%C0%AF");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NO_THROW(boost::json::parse(missing.body)) << missing.body;
}

TEST_F(ServerTest, BuiltInHealthReadinessAndMetrics) {
  EXPECT_EQ(call(*client, "GET", "/healthz").status, 200);
  EXPECT_EQ(call(*client, "GET", "/readyz").status, 200);
  call(*client, "GET", "/items/7");
  auto metrics = call(*client, "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("eventbook_http_requests_total{service=\"test\",route=\"/items/{id}\",method=\"GET\","
                              "status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("eventbook_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_EQ(call(*client, "POST", "/healthz").status, 405);
}

TEST_F(ServerTest, StopLetsTheInFlightRequestFinish) {
  auto slow = std::async(std::launch::async, [this] { return call(*client, "GET", "/slow"); });
  slow_started.get_future().wait();
  server->stop();
  auto response = slow.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "finished");
  EXPECT_EQ(response.header("Connection"), "close");
  EXPECT_THROW(call(*client, "GET", "/items/1"), ClientError);
}

TEST_F(ServerTest, ManyRequestsAtOnceGetTheirOwnAnswers) {
  auto many = [this]() -> Task<std::vector<ClientResponse>> {
    std::vector<ClientResponse> answers;
    for (int n = 0; n < 40; ++n) {
      auto answer = co_await client->request("GET", "/items/" + std::to_string(n));
      answers.push_back(std::move(answer));
    }
    co_return answers;
  };
  std::vector<std::future<std::vector<ClientResponse>>> rounds;
  for (int round = 0; round < 4; ++round) {
    rounds.push_back(std::async(std::launch::async, [&] { return core::run_blocking(many()); }));
  }
  for (auto& round : rounds) {
    auto answers = round.get();
    for (int n = 0; n < 40; ++n) {
      EXPECT_EQ(answers[static_cast<std::size_t>(n)].status, 200);
      EXPECT_EQ(boost::json::parse(answers[static_cast<std::size_t>(n)].body).at("id").as_string(), std::to_string(n));
    }
  }
  auto echoed = call(*client, "POST", "/echo", {{"Content-Type", "application/json"}}, R"({"seats":2})");
  EXPECT_EQ(echoed.status, 200);
  EXPECT_EQ(boost::json::parse(echoed.body), boost::json::parse(R"({"seats":2})"));
  EXPECT_EQ(call(*client, "GET", "/nowhere").status, 404);
}

// A public entry point: /metrics is a 404 on its port, even with a route that
// would take any path, and is answered on the private listener only.
TEST(ServerMetrics, APublicEntryPointTellsItsFiguresOnItsPrivatePortOnly) {
  Router router;
  router.add("*", "/{path...}", [](Request&) -> Task<Response> { co_return Response::text(200, "the page"); });
  ServerOptions options;
  options.service = "entry";
  options.access_log = false;
  options.io_threads = 1;
  options.metrics_on_port = false;
  options.metrics_port = 0;
  Server server(options, std::move(router));
  server.start();
  ASSERT_NE(server.metrics_port(), 0);
  ASSERT_NE(server.metrics_port(), server.port());
  Client public_port("http://127.0.0.1:" + std::to_string(server.port()));
  Client private_port("http://127.0.0.1:" + std::to_string(server.metrics_port()));

  EXPECT_EQ(call(public_port, "GET", "/anything").body, "the page");
  for (const char* target : {"/metrics", "/%6Detrics", "/metrics?x=1"}) {
    auto hidden = call(public_port, "GET", target);
    EXPECT_EQ(hidden.status, 404) << target;
    EXPECT_EQ(hidden.header("Content-Type"), "application/problem+json") << target;
  }
  EXPECT_EQ(call(public_port, "HEAD", "/metrics").status, 404);
  EXPECT_EQ(call(public_port, "GET", "/healthz").status, 200);

  auto metrics = call(private_port, "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("eventbook_http_requests_total{service=\"entry\",route=\"/{path...}\",method=\"GET\","),
            std::string::npos)
      << metrics.body;
  EXPECT_EQ(call(private_port, "GET", "/readyz").status, 200);
  EXPECT_EQ(call(private_port, "GET", "/anything").status, 404);  // the routes are not served there
  EXPECT_EQ(call(private_port, "POST", "/metrics").status, 405);
  server.stop();
}

TEST(ServerMetrics, AServiceAnswersMetricsOnItsPortAndHasNoSecondListener) {
  ServerOptions options;
  options.service = "service";
  options.access_log = false;
  options.io_threads = 1;
  Server server(options, Router{});
  server.start();
  EXPECT_EQ(server.metrics_port(), 0);
  Client client("http://127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(call(client, "GET", "/metrics").status, 200);
  server.stop();
}

TEST(Client, AnUnreachablePeerIsAClientError) {
  Client client("http://127.0.0.1:1", {.connect_timeout = std::chrono::milliseconds(500)});
  try {
    call(client, "GET", "/healthz");
    FAIL() << "no error";
  } catch (const ClientError& error) {
    EXPECT_NE(std::string(error.what()).find("cannot connect to http://127.0.0.1:1"), std::string::npos)
        << error.what();
  }
}

TEST(Client, AConnectionTheServerClosedWhileIdleIsReplacedOnce) {
  Router router;
  router.add("GET", "/count", [calls = std::make_shared<std::atomic<int>>(0)](Request&) -> Task<Response> {
    co_return Response::text(200, std::to_string(++*calls));
  });
  ServerOptions options;
  options.access_log = false;
  options.idle_timeout = std::chrono::seconds(1);
  Server server(options, std::move(router));
  server.start();
  Client client("http://127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(call(client, "GET", "/count").body, "1");
  // A connection opened after the client's went idle: once the server has
  // closed it for idleness, it has closed the client's too.
  int later = connect_to(server.port());
  EXPECT_TRUE(testing::eventually([&] { return closed_by_peer(later); }, std::chrono::seconds(10),
                                  "the server closes an idle connection"));
  ::close(later);
  EXPECT_EQ(call(client, "GET", "/count").body, "2") << "answered once, on a new connection";
}

TEST(ServerPools, AFullPoolAnswers503WithoutStallingOtherRoutes) {
  core::ThreadPool crypto("crypto", 1, 1);
  std::atomic<bool> release{false};
  std::promise<void> started;
  Router router;
  router.add("GET", "/heavy", [&](Request&) -> Task<Response> {
    co_await crypto.run([&] {
      started.set_value();
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
    co_return Response::text(200, "heavy");
  });
  router.add("GET", "/light", [](Request&) -> Task<Response> { co_return Response::text(200, "light"); });
  ServerOptions options;
  options.access_log = false;
  options.io_threads = 1;
  Server server(options, std::move(router));
  server.start();
  Client client("http://127.0.0.1:" + std::to_string(server.port()));
  auto first = std::async(std::launch::async, [&] { return call(client, "GET", "/heavy"); });
  started.get_future().wait();
  EXPECT_EQ(call(client, "GET", "/heavy").status, 503);
  EXPECT_EQ(call(client, "GET", "/light").body, "light") << "the I/O thread is free while the pool works";
  release = true;
  EXPECT_EQ(first.get().status, 200);
}

TEST(ServerPools, RequestsBeyondTheInFlightBoundAnswer503) {
  std::mutex mutex;
  std::vector<core::Completion<void>> waiting;
  Router router;
  router.add("GET", "/wait", [&](Request&) -> Task<Response> {
    co_await core::wait_for<void>([&](core::Completion<void> done) {
      std::lock_guard lock(mutex);
      waiting.push_back(std::move(done));
    });
    co_return Response::text(200, "waited");
  });
  ServerOptions options;
  options.access_log = false;
  options.max_in_flight = 2;
  Server server(options, std::move(router));
  server.start();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  std::vector<std::future<ClientResponse>> held;
  for (int n = 0; n < 2; ++n) {
    held.push_back(
        std::async(std::launch::async, [&] { return call(*std::make_unique<Client>(url), "GET", "/wait"); }));
  }
  auto count_waiting = [&] {
    std::lock_guard lock(mutex);
    return waiting.size();
  };
  ASSERT_TRUE(testing::eventually([&] { return count_waiting() == 2; }, std::chrono::seconds(10),
                                  "two requests wait in the handler"));
  Client client(url);
  EXPECT_EQ(call(client, "GET", "/wait").status, 503);
  auto metrics = call(client, "GET", "/metrics");
  EXPECT_NE(metrics.body.find("eventbook_http_pool_rejections_total{service=\"service\",pool=\"requests\"} 1"),
            std::string::npos)
      << metrics.body;
  {
    std::lock_guard lock(mutex);
    for (auto& done : waiting) done();
  }
  for (auto& answer : held) EXPECT_EQ(answer.get().body, "waited");
}

// Completes awaited operations from a thread of its own, as a database's
// committer would, while the I/O thread serves other requests meanwhile.
TEST(ServerCoroutines, AnswersWhenAnotherThreadCompletesWhatTheHandlerAwaits) {
  std::mutex mutex;
  std::vector<std::function<void()>> later;
  auto complete_later = [&](std::function<void()> step) {
    std::lock_guard lock(mutex);
    later.push_back(std::move(step));
  };
  Router router;
  router.add("GET", "/later/{n}", [&](Request& request) -> Task<Response> {
    auto n = co_await core::wait_for<std::string>(
        [&](core::Completion<std::string> done) { complete_later([done, n = request.param("n")] { done(n); }); });
    co_return Response::text(200, "answer " + n);
  });
  router.add("GET", "/refused", [&](Request&) -> Task<Response> {
    co_await core::wait_for<void>([&](core::Completion<void> done) {
      complete_later([done] { done.fail(std::make_exception_ptr(core::ApiError::conflict("sold-out", "Sold out."))); });
    });
    co_return Response::text(200, "not refused");
  });
  router.add("GET", "/forgotten", [](Request&) -> Task<Response> {
    co_await core::wait_for<void>([](core::Completion<void>) {});
    co_return Response::text(200, "not forgotten");
  });
  router.add("GET", "/thrown", [](Request&) -> Task<Response> {
    throw core::ApiError::forbidden("Not yours.");
    co_return Response{};
  });
  ServerOptions options;
  options.access_log = false;
  options.io_threads = 1;
  Server server(options, std::move(router));
  server.start();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());

  std::vector<std::future<ClientResponse>> answers;
  for (int n = 0; n < 8; ++n) {
    answers.push_back(std::async(std::launch::async, [&, n] {
      return call(*std::make_unique<Client>(url), "GET", "/later/" + std::to_string(n));
    }));
  }
  auto refused =
      std::async(std::launch::async, [&] { return call(*std::make_unique<Client>(url), "GET", "/refused"); });
  ASSERT_TRUE(testing::eventually(
      [&] {
        std::lock_guard lock(mutex);
        return later.size() == 9;
      },
      std::chrono::seconds(10), "nine requests wait for a completion"));
  Client client(url);
  EXPECT_EQ(call(client, "GET", "/thrown").status, 403) << "the one I/O thread answers while nine requests wait";
  std::thread completing([&] {
    std::lock_guard lock(mutex);
    for (auto& step : later) step();
  });
  completing.join();
  for (int n = 0; n < 8; ++n) {
    auto response = answers[static_cast<std::size_t>(n)].get();
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "answer " + std::to_string(n));
  }
  auto refusal = refused.get();
  EXPECT_EQ(refusal.status, 409);
  EXPECT_EQ(refusal.header("Content-Type"), "application/problem+json");
  auto forgotten = call(client, "GET", "/forgotten");
  EXPECT_EQ(forgotten.status, 500);
  EXPECT_EQ(forgotten.header("Content-Type"), "application/problem+json");
}

}  // namespace
}  // namespace eventbook::http
