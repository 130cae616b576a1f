#include "eventbook/http/server.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/log.hpp"
#include "metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

namespace eventbook::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Pool {
  Pool(int threads, int max) : executor(static_cast<std::size_t>(threads)), max_in_flight(max) {}
  asio::thread_pool executor;
  std::atomic<int> in_flight{0};
  int max_in_flight;
};

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = true;  // touched only on the connection's strand
};

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) {
      return false;
    }
  }
  return true;
}

Request to_request(bhttp::request<bhttp::string_body>&& in, const std::string& remote) {
  Request request;
  request.method = std::string(in.method_string());
  request.target = std::string(in.target());
  auto question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question));
  if (question != std::string::npos) {
    request.query_string = request.target.substr(question + 1);
  }
  for (const auto& field : in) {
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  request.body = std::move(in.body());
  request.remote_address = remote;
  return request;
}

// The answer for what a handler threw.
Response answer_for(std::exception_ptr thrown, const Route& route, Request& request, const std::string& service) {
  try {
    std::rethrow_exception(thrown);
  } catch (const core::ApiError& error) {
    if (error.status() >= 500) {
      core::log::error(service, "request failed",
                       {{"requestId", request.request_id}, {"status", error.status()}, {"error", error.what()}});
    }
    return Response::problem(error, request.path);
  } catch (const std::exception& error) {
    core::log::error(service, "unhandled error",
                     {{"requestId", request.request_id}, {"route", route.pattern}, {"error", error.what()}});
    return Response::problem(core::ApiError::internal(error.what()), request.path);
  } catch (...) {
    return Response::problem(core::ApiError::internal("unknown error"), request.path);
  }
}

Response invoke(const Route& route, Request& request, const std::string& service) {
  try {
    return route.handler(request);
  } catch (...) {
    return answer_for(std::current_exception(), route, request, service);
  }
}

}  // namespace

// Open while the server's executors exist: a reply given after the server
// has stopped goes nowhere instead of into a destroyed executor. A reply's
// deliver call holds the request's executor, so it must not outlive them
// either: closing the gate drops those of the replies not given yet (a Reply
// may be kept by its holder after the server is gone).
struct ReplyGate {
  std::mutex mutex;
  bool open = true;
  std::unordered_set<Reply::State*> waiting;
};

struct Reply::State {
  std::atomic<bool> answered{false};
  std::function<void(std::exception_ptr, Response)> deliver;  // resumes the request, on its connection
  asio::thread_pool* pool = nullptr;
  std::shared_ptr<ReplyGate> gate;

  void answer(std::exception_ptr error, Response response) {
    if (answered.exchange(true)) return;
    std::lock_guard lock(gate->mutex);
    gate->waiting.erase(this);
    if (gate->open && deliver) deliver(std::move(error), std::move(response));
    deliver = nullptr;
  }
  ~State() {
    answer(std::make_exception_ptr(std::logic_error("the request was never answered")), Response{});
  }
};

void Reply::operator()(Response response) const { state_->answer(nullptr, std::move(response)); }

void Reply::fail(std::exception_ptr error) const { state_->answer(std::move(error), Response{}); }

void Reply::defer(std::function<void()> work) const {
  std::lock_guard lock(state_->gate->mutex);
  if (!state_->gate->open) return;
  asio::post(*state_->pool, [state = state_, work = std::move(work)] {
    try {
      work();
    } catch (...) {
      Reply(state).fail(std::current_exception());
    }
  });
}

struct Server::Impl {
  Impl(ServerOptions opts, Router r) : options(std::move(opts)), router(std::move(r)), metrics(options.service) {
    for (const auto& [name, pool] : options.pools) {
      pools.emplace(name, std::make_unique<Pool>(pool.threads, pool.max_in_flight));
    }
    for (const auto& route : router.routes()) {
      if (!pools.contains(route.options.pool)) {
        throw std::invalid_argument("route " + route.pattern + " names unknown pool " + route.options.pool);
      }
    }
  }

  ServerOptions options;
  Router router;
  Metrics metrics;
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::map<std::string, std::unique_ptr<Pool>> pools;
  std::mutex connections_mutex;
  std::set<std::shared_ptr<Connection>> connections;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  std::shared_ptr<ReplyGate> reply_gate = std::make_shared<ReplyGate>();
  std::uint16_t bound_port = 0;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Connection> connection);
  asio::awaitable<Response> handle(Request& request);
  asio::awaitable<Response> reply_of(const Route& route, Request& request, Pool& pool);
  asio::awaitable<void> reject(Connection& connection, int status, std::string detail);
  Response builtin(const Request& request);
};

asio::awaitable<void> Server::Impl::accept_loop() {
  while (!stopping) {
    auto [ec, socket] = co_await acceptor->async_accept(asio::make_strand(ioc), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping) {
        break;
      }
      // Out of descriptors and the like: keep serving the connections we have.
      core::log::warn(options.service, "accept failed", {{"error", ec.message()}});
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(connection);
    }
    asio::co_spawn(connection->stream.get_executor(), session(connection), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::reject(Connection& connection, int status, std::string detail) {
  core::ApiError error(status, status == 413 ? "body-too-large" : "bad-request", std::move(detail));
  auto response = Response::problem(error);
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(status), 11};
  for (const auto& header : response.headers) {
    out.set(header.name, header.value);
  }
  out.set(bhttp::field::connection, "close");
  out.body() = std::move(response.body);
  out.prepare_payload();
  connection.stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_write(connection.stream, out, kNoThrow);
  beast::error_code ec;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  // Discard a little of what the client is still sending so that closing does
  // not reset the connection before it has read the answer; never the whole body.
  std::array<char, 16 * 1024> sink{};
  std::size_t discarded = 0;
  connection.stream.expires_after(std::chrono::seconds(1));
  while (discarded < 256 * 1024) {
    auto [read_ec, n] = co_await connection.stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (read_ec) {
      break;
    }
    discarded += n;
  }
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> connection) {
  auto& stream = connection->stream;
  std::string remote;
  {
    beast::error_code ec;
    auto endpoint = stream.socket().remote_endpoint(ec);
    if (!ec) {
      remote = endpoint.address().to_string();
    }
  }
  beast::flat_buffer buffer;
  while (!stopping) {
    connection->idle = true;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(options.body_limit);
    stream.expires_after(options.idle_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    connection->idle = false;
    if (ec == bhttp::error::header_limit) {
      co_await reject(*connection, 431, "The request headers are larger than the server accepts.");
      break;
    }
    if (ec == bhttp::error::body_limit) {
      co_await reject(*connection, 413,
                      "The request body is larger than " + std::to_string(options.body_limit) + " bytes.");
      break;
    }
    if (ec) {
      if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
          ec != bhttp::error::end_of_stream &&
          ec != bhttp::error::partial_message) {
        co_await reject(*connection, 400, "The request is not valid HTTP/1.1.");
      }
      break;
    }
    if (!parser.is_done()) {
      stream.expires_after(options.request_timeout);
      auto [body_ec, body_n] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      if (body_ec == bhttp::error::body_limit) {
        co_await reject(*connection, 413,
                        "The request body is larger than " + std::to_string(options.body_limit) + " bytes.");
        break;
      }
      if (body_ec) {
        break;
      }
    }
    bool keep_alive = parser.get().keep_alive();
    bool head = parser.get().method() == bhttp::verb::head;
    auto request = to_request(parser.release(), remote);
    stream.expires_never();
    auto response = co_await handle(request);

    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), 11};
    for (auto& header : response.headers) {
      out.insert(header.name, header.value);
    }
    keep_alive = keep_alive && !stopping;
    out.keep_alive(keep_alive);
    if (head) {
      out.content_length(response.body.size());
    } else {
      out.body() = std::move(response.body);
      out.prepare_payload();
    }
    stream.expires_after(options.request_timeout);
    auto [write_ec, written] = co_await bhttp::async_write(stream, out, kNoThrow);
    if (write_ec || !keep_alive) {
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
  std::lock_guard lock(connections_mutex);
  connections.erase(connection);
}

Response Server::Impl::builtin(const Request& request) {
  if (request.path == "/healthz") {
    return Response::json(200, boost::json::object{{"status", "ok"}, {"service", options.service}});
  }
  if (request.path == "/metrics") {
    std::string text = metrics.render();
    if (options.extra_metrics) {
      text += options.extra_metrics();
    }
    return Response::text(200, std::move(text), "text/plain; version=0.0.4; charset=utf-8");
  }
  Readiness readiness = options.readiness ? options.readiness() : Readiness{};
  boost::json::object body{{"status", readiness.ready ? "ready" : "not ready"}, {"checks", readiness.checks}};
  return Response::json(readiness.ready ? 200 : 503, body);
}

asio::awaitable<Response> Server::Impl::handle(Request& request) {
  auto started = std::chrono::steady_clock::now();
  auto given_id = request.header("X-Request-Id");
  request.request_id = given_id && valid_request_id(*given_id) ? *given_id : core::new_id();

  Response response;
  std::string route_name;
  bool is_builtin = request.path == "/healthz" || request.path == "/readyz" || request.path == "/metrics";
  if (is_builtin && (request.method == "GET" || request.method == "HEAD")) {
    route_name = request.path;
    if (request.path == "/healthz") {
      response = builtin(request);  // answers from memory: no need to leave the I/O thread
    } else {
      // /readyz and /metrics may touch the database: keep them off the I/O thread.
      auto& pool = *pools.at("default");
      response = co_await asio::co_spawn(
          pool.executor, [&]() -> asio::awaitable<Response> { co_return builtin(request); }, asio::use_awaitable);
    }
  } else {
    auto match = router.match(request.method, request.path);
    if (match.route == nullptr) {
      route_name = "unmatched";
      if (!match.allowed.empty() || is_builtin) {
        std::string allow;
        for (const auto& method : is_builtin ? std::vector<std::string>{"GET"} : match.allowed) {
          allow += (allow.empty() ? "" : ", ") + method;
        }
        response = Response::problem(
            core::ApiError(405, "method-not-allowed", request.method + " is not allowed here; use " + allow + "."),
            request.path);
        response.set_header("Allow", allow);
      } else {
        response = Response::problem(core::ApiError::not_found("No resource at " + request.path + "."), request.path);
      }
    } else {
      const Route& route = *match.route;
      route_name = route.pattern;
      request.route = route.pattern;
      request.params = std::move(match.params);
      auto& pool = *pools.at(route.options.pool);
      if (pool.in_flight.fetch_add(1) >= pool.max_in_flight) {
        pool.in_flight.fetch_sub(1);
        metrics.rejected_by_pool(route.options.pool);
        response = Response::problem(core::ApiError::unavailable("The server is busy; retry shortly."), request.path);
      } else if (route.async_handler) {
        response = co_await reply_of(route, request, pool);
        pool.in_flight.fetch_sub(1);
      } else {
        response = co_await asio::co_spawn(
            pool.executor, [&]() -> asio::awaitable<Response> { co_return invoke(route, request, options.service); },
            asio::use_awaitable);
        pool.in_flight.fetch_sub(1);
      }
    }
  }
  response.set_header("X-Request-Id", request.request_id);
  for (const auto& header : options.response_headers) {
    if (!response.header(header.name)) {
      response.headers.push_back(header);
    }
  }

  auto elapsed = std::chrono::steady_clock::now() - started;
  metrics.observe(route_name, request.method, response.status, elapsed);
  if (options.access_log) {
    core::log::info(options.service, "request",
                    {{"requestId", request.request_id},
                     {"method", request.method},
                     {"path", request.path},
                     {"route", route_name},
                     {"status", response.status},
                     {"us", std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()},
                     {"remote", request.remote_address}});
  }
  co_return response;
}

// Starts an asynchronous handler on the route's pool and waits, without a
// thread, for its Reply to resume this request on its connection.
asio::awaitable<Response> Server::Impl::reply_of(const Route& route, Request& request, Pool& pool) {
  std::exception_ptr thrown;
  Response response;
  try {
    response = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(std::exception_ptr, Response)>(
        [this, &route, &request, &pool](auto completion) {
          using Completion = decltype(completion);
          auto resume = std::make_shared<Completion>(std::move(completion));
          auto executor = asio::prefer(asio::get_associated_executor(*resume), asio::execution::outstanding_work.tracked);
          auto state = std::make_shared<Reply::State>();
          state->pool = &pool.executor;
          state->gate = reply_gate;
          // Called with the gate open and locked (see Reply::State::answer).
          state->deliver = [resume, executor](std::exception_ptr error, Response answer) {
            asio::post(executor, [resume, error, answer = std::move(answer)]() mutable {
              std::move(*resume)(error, std::move(answer));
            });
          };
          {
            std::lock_guard lock(reply_gate->mutex);
            reply_gate->waiting.insert(state.get());
          }
          auto start = [&route, &request, state = std::move(state)] {
            Reply reply(state);
            try {
              route.async_handler(request, reply);
            } catch (...) {
              reply.fail(std::current_exception());
            }
          };
          if (route.options.start_on_io_thread) {
            start();
          } else {
            asio::post(pool.executor, std::move(start));
          }
        },
        asio::use_awaitable);
  } catch (...) {
    thrown = std::current_exception();
  }
  if (thrown) response = answer_for(thrown, route, request, options.service);
  co_return response;
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() { stop(); }

void Server::start() {
  auto& impl = *impl_;
  tcp::endpoint endpoint{asio::ip::make_address(impl.options.host), impl.options.port};
  impl.acceptor.emplace(impl.ioc);
  beast::error_code ec;
  impl.acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl.acceptor->bind(endpoint, ec);
  if (!ec) impl.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(impl.options.service + ": cannot listen on " + impl.options.host + ":" +
                             std::to_string(impl.options.port) + ": " + ec.message());
  }
  impl.bound_port = impl.acceptor->local_endpoint().port();
  asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
  int count = impl.options.io_threads > 0 ? impl.options.io_threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < count; ++i) {
    impl.threads.emplace_back([&impl] { impl.ioc.run(); });
  }
  core::log::info(impl.options.service, "listening",
                  {{"host", impl.options.host}, {"port", impl.bound_port}, {"ioThreads", count}});
}

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::stop() {
  auto& impl = *impl_;
  if (impl.stopped) {
    return;
  }
  impl.stopped = true;
  impl.stopping = true;
  if (impl.acceptor) {
    asio::post(impl.ioc, [&impl] {
      beast::error_code ec;
      impl.acceptor->close(ec);
    });
    {
      std::lock_guard lock(impl.connections_mutex);
      for (const auto& connection : impl.connections) {
        asio::post(connection->stream.get_executor(), [connection] {
          if (connection->idle) {
            beast::error_code ec;
            connection->stream.socket().shutdown(tcp::socket::shutdown_receive, ec);
            connection->stream.socket().cancel(ec);
          }
        });
      }
    }
    auto deadline = std::chrono::steady_clock::now() + impl.options.shutdown_grace;
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(impl.connections_mutex);
        if (impl.connections.empty()) {
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  impl.ioc.stop();
  for (auto& thread : impl.threads) {
    thread.join();
  }
  std::vector<std::function<void(std::exception_ptr, Response)>> undelivered;
  {
    std::lock_guard lock(impl.reply_gate->mutex);
    impl.reply_gate->open = false;
    for (auto* state : impl.reply_gate->waiting) undelivered.push_back(std::move(state->deliver));
    impl.reply_gate->waiting.clear();
  }
  undelivered.clear();  // while the executors they hold still exist
  impl.threads.clear();
  for (auto& [name, pool] : impl.pools) {
    pool->executor.join();
  }
  {
    std::lock_guard lock(impl.connections_mutex);
    impl.connections.clear();
  }
  core::log::info(impl.options.service, "stopped");
}

}  // namespace eventbook::http
