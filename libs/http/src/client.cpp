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

// A keep-alive connection, used only on the client's I/O thread.
struct Connection {
  explicit Connection(asio::io_context& ioc) : stream(ioc) {}
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
  // The I/O thread and its idle connections (touched only there).
  struct Io {
    asio::io_context ioc{1};
    asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
    std::deque<std::unique_ptr<Connection>> idle;
    std::thread thread;
  };
  std::once_flag async_started;
  std::unique_ptr<Io> async;

  ~Impl() {
    if (!async) return;
    async->work.reset();
    async->ioc.stop();
    async->thread.join();
  }

  Io& start_io() {
    std::call_once(async_started, [this] {
      async = std::make_unique<Io>();
      async->thread = std::thread([io = &async->ioc] { io->run(); });
    });
    return *async;
  }

  std::string failure(const Outgoing& request, const beast::error_code& ec) const {
    return std::string(request.method_string()) + " " + base_url + std::string(request.target()) +
           " failed: " + ec.message();
  }

  // One request, with its timeouts and its one retry, on the I/O thread.
  asio::awaitable<void> exchange(std::shared_ptr<Outgoing> request, core::Completion<ClientResponse> done) {
    using asio::as_tuple;
    using asio::use_awaitable;
    std::string error;
    for (int attempt = 0; attempt < 2 && error.empty(); ++attempt) {
      std::unique_ptr<Connection> connection;
      const auto now = std::chrono::steady_clock::now();
      while (attempt == 0 && !connection && !async->idle.empty()) {
        connection = std::move(async->idle.back());
        async->idle.pop_back();
        if (now - connection->last_used >= options.max_idle_age) connection.reset();
      }
      const bool reused = connection != nullptr;
      if (!connection) {
        connection = std::make_unique<Connection>(async->ioc);
        tcp::resolver resolver(async->ioc);
        auto [resolve_error, endpoints] = co_await resolver.async_resolve(host, port, as_tuple(use_awaitable));
        if (resolve_error) {
          error = "cannot resolve " + base_url + ": " + resolve_error.message();
          break;
        }
        connection->stream.expires_after(options.connect_timeout);
        auto [connect_error, endpoint] = co_await connection->stream.async_connect(endpoints, as_tuple(use_awaitable));
        if (connect_error) {
          error = "cannot connect to " + base_url + ": " + connect_error.message();
          break;
        }
        beast::error_code ignored;
        connection->stream.socket().set_option(tcp::no_delay(true), ignored);
      }
      connection->stream.expires_after(options.request_timeout);
      auto [write_error, written] = co_await bhttp::async_write(connection->stream, *request, as_tuple(use_awaitable));
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
          done(std::move(response));
          co_return;
        }
      }
      if (!worth_retry(reused, ec, stage, request->method_string())) error = failure(*request, ec);
    }
    done.fail(std::make_exception_ptr(ClientError(error)));
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

core::Task<ClientResponse> Client::request(std::string method, std::string target, Headers headers, std::string body) {
  auto request = std::make_shared<Outgoing>(make_request(impl_->host, impl_->port, method, target, headers, body));
  auto& io = impl_->start_io();
  co_return co_await core::wait_for<ClientResponse>([&](core::Completion<ClientResponse> done) {
    asio::co_spawn(io.ioc, impl_->exchange(std::move(request), std::move(done)), asio::detached);
  });
}

}  // namespace eventbook::http
