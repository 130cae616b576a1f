#include "eventbook/http/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include <deque>
#include <mutex>
#include <thread>

namespace eventbook::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One keep-alive connection with its own event loop, so a blocking call can
// still put a deadline on every step.
struct Connection {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point last_used;
  bool used = false;

  template <class Start>
  beast::error_code run(std::chrono::milliseconds timeout, Start&& start) {
    beast::error_code result = asio::error::would_block;
    stream.expires_after(timeout);
    start(result);
    ioc.restart();
    ioc.run();
    return result;
  }
};

// A keep-alive connection of request_async, on the client's I/O thread.
struct AsyncConnection {
  explicit AsyncConnection(asio::io_context& ioc) : stream(ioc) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point last_used;
};

using Outgoing = bhttp::request<bhttp::string_body>;
using Parser = bhttp::response_parser<bhttp::string_body>;

enum class Stage { write, read };

bool idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

// A request that failed on a reused connection goes again, once, on a new
// one when the peer cannot have processed it: the peer had closed the idle
// connection (the write failed), or the method may be repeated anyway.
bool worth_retry(bool reused, const beast::error_code& ec, Stage stage, std::string_view method) {
  return reused && ec != asio::error::timed_out && ec != beast::error::timeout &&
         (stage == Stage::write || idempotent(method));
}

void limit(Parser& parser, const Outgoing& request, std::size_t response_limit) {
  parser.body_limit(response_limit);
  parser.skip(request.method() == bhttp::verb::head);
}

// The parsed response; keep_alive tells whether the connection may be reused.
ClientResponse response_of(Parser& parser, bool& keep_alive) {
  auto response = parser.release();
  ClientResponse out;
  out.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  out.body = std::move(response.body());
  keep_alive = response.keep_alive();
  return out;
}

}  // namespace

struct Client::Impl {
  std::string base_url;
  std::string host;
  std::string port;
  ClientOptions options;
  std::mutex mutex;
  std::deque<std::unique_ptr<Connection>> idle;

  // request_async's I/O thread and its idle connections (touched only there).
  struct Async {
    asio::io_context ioc{1};
    asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
    std::deque<std::unique_ptr<AsyncConnection>> idle;
    std::thread thread;
  };
  std::once_flag async_started;
  std::unique_ptr<Async> async;

  ~Impl() {
    if (!async) return;
    async->work.reset();
    async->ioc.stop();
    async->thread.join();
  }

  Async& start_async() {
    std::call_once(async_started, [this] {
      async = std::make_unique<Async>();
      async->thread = std::thread([io = &async->ioc] { io->run(); });
    });
    return *async;
  }

  std::string failure(const Outgoing& request, const beast::error_code& ec) const {
    return std::string(request.method_string()) + " " + base_url + std::string(request.target()) +
           " failed: " + ec.message();
  }

  std::unique_ptr<Connection> acquire() {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex);
    while (!idle.empty()) {
      auto connection = std::move(idle.back());
      idle.pop_back();
      if (now - connection->last_used < options.max_idle_age) {
        return connection;
      }
    }
    return nullptr;
  }

  void release(std::unique_ptr<Connection> connection) {
    connection->last_used = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex);
    if (idle.size() < options.max_idle) {
      idle.push_back(std::move(connection));
    }
  }

  std::unique_ptr<Connection> connect() {
    auto connection = std::make_unique<Connection>();
    tcp::resolver resolver(connection->ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(host, port, ec);
    if (ec) {
      throw ClientError("cannot resolve " + base_url + ": " + ec.message());
    }
    ec = connection->run(options.connect_timeout, [&](beast::error_code& result) {
      connection->stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { result = e; });
    });
    if (ec) {
      throw ClientError("cannot connect to " + base_url + ": " + ec.message());
    }
    connection->stream.socket().set_option(tcp::no_delay(true), ec);
    return connection;
  }

  // Sends one request; on failure returns the stage it failed in.
  std::optional<Stage> exchange(Connection& connection, Outgoing& request, ClientResponse& out,
                                beast::error_code& ec) {
    ec = connection.run(options.request_timeout, [&](beast::error_code& result) {
      bhttp::async_write(connection.stream, request, [&](beast::error_code e, std::size_t) { result = e; });
    });
    if (ec) {
      return Stage::write;
    }
    Parser parser;
    limit(parser, request, options.response_limit);
    ec = connection.run(options.request_timeout, [&](beast::error_code& result) {
      bhttp::async_read(connection.stream, connection.buffer, parser,
                        [&](beast::error_code e, std::size_t) { result = e; });
    });
    if (ec) {
      return Stage::read;
    }
    out = response_of(parser, connection.used);
    return std::nullopt;
  }

  // request_async's exchange, with the same steps, timeouts and retry as
  // request()'s, on the I/O thread.
  asio::awaitable<void> exchange_async(std::shared_ptr<Outgoing> request, Done done) {
    using asio::as_tuple;
    using asio::use_awaitable;
    std::string error;
    for (int attempt = 0; attempt < 2 && error.empty(); ++attempt) {
      std::unique_ptr<AsyncConnection> connection;
      const auto now = std::chrono::steady_clock::now();
      while (attempt == 0 && !connection && !async->idle.empty()) {
        connection = std::move(async->idle.back());
        async->idle.pop_back();
        if (now - connection->last_used >= options.max_idle_age) connection.reset();
      }
      const bool reused = connection != nullptr;
      if (!connection) {
        connection = std::make_unique<AsyncConnection>(async->ioc);
        tcp::resolver resolver(async->ioc);
        auto [resolve_error, endpoints] = co_await resolver.async_resolve(host, port, as_tuple(use_awaitable));
        if (resolve_error) {
          error = "cannot resolve " + base_url + ": " + resolve_error.message();
          break;
        }
        connection->stream.expires_after(options.connect_timeout);
        auto [connect_error, endpoint] =
            co_await connection->stream.async_connect(endpoints, as_tuple(use_awaitable));
        if (connect_error) {
          error = "cannot connect to " + base_url + ": " + connect_error.message();
          break;
        }
        beast::error_code ignored;
        connection->stream.socket().set_option(tcp::no_delay(true), ignored);
      }
      connection->stream.expires_after(options.request_timeout);
      auto [write_error, written] =
          co_await bhttp::async_write(connection->stream, *request, as_tuple(use_awaitable));
      auto ec = write_error;
      Stage stage = Stage::write;
      if (!ec) {
        Parser parser;
        limit(parser, *request, options.response_limit);
        connection->stream.expires_after(options.request_timeout);
        auto [read_error, read] =
            co_await bhttp::async_read(connection->stream, connection->buffer, parser, as_tuple(use_awaitable));
        ec = read_error;
        stage = Stage::read;
        if (!ec) {
          bool keep_alive = false;
          auto response = response_of(parser, keep_alive);
          if (keep_alive && async->idle.size() < options.max_idle) {
            connection->last_used = std::chrono::steady_clock::now();
            async->idle.push_back(std::move(connection));
          }
          done(nullptr, std::move(response));
          co_return;
        }
      }
      if (!worth_retry(reused, ec, stage, request->method_string())) error = failure(*request, ec);
    }
    done(std::make_exception_ptr(ClientError(error)), ClientResponse{});
  }
};

Client::Client(std::string base_url, ClientOptions options) : impl_(std::make_unique<Impl>()) {
  auto url = boost::urls::parse_uri(base_url);
  if (!url || url->scheme() != "http" || url->host().empty()) {
    throw std::invalid_argument("not an http:// URL: " + base_url);
  }
  impl_->host = std::string(url->host());
  impl_->port = url->has_port() ? std::string(url->port()) : "80";
  while (!base_url.empty() && base_url.back() == '/') {
    base_url.pop_back();
  }
  impl_->base_url = std::move(base_url);
  impl_->options = options;
}

Client::~Client() = default;

const std::string& Client::base_url() const noexcept { return impl_->base_url; }

namespace {

Outgoing make_request(const std::string& host, const std::string& port, const std::string& method,
                     const std::string& target, const Headers& headers, const std::string& body) {
  Outgoing request{bhttp::string_to_verb(method), target, 11};
  if (request.method() == bhttp::verb::unknown) {
    request.method_string(method);
  }
  request.set(bhttp::field::host, host + ":" + port);
  for (const auto& header : headers) {
    request.insert(header.name, header.value);
  }
  request.keep_alive(true);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.prepare_payload();
  }
  return request;
}

}  // namespace

ClientResponse Client::request(const std::string& method, const std::string& target, const Headers& headers,
                               const std::string& body) {
  auto request = make_request(impl_->host, impl_->port, method, target, headers, body);
  ClientResponse response;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto connection = attempt == 0 ? impl_->acquire() : nullptr;
    bool reused = connection != nullptr;
    if (!connection) {
      connection = impl_->connect();
    }
    beast::error_code ec;
    auto failed = impl_->exchange(*connection, request, response, ec);
    if (!failed) {
      if (connection->used) {
        impl_->release(std::move(connection));
      }
      return response;
    }
    if (!worth_retry(reused, ec, *failed, method)) {
      throw ClientError(impl_->failure(request, ec));
    }
  }
  throw ClientError(method + " " + impl_->base_url + target + " failed");
}

void Client::request_async(const std::string& method, const std::string& target, const Headers& headers,
                           const std::string& body, Done done) {
  auto request = std::make_shared<Outgoing>(make_request(impl_->host, impl_->port, method, target, headers, body));
  auto& io = impl_->start_async();
  asio::co_spawn(io.ioc, impl_->exchange_async(std::move(request), std::move(done)), asio::detached);
}

}  // namespace eventbook::http
