#include "eventbook/http/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include <deque>
#include <mutex>

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

bool idempotent(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

}  // namespace

struct Client::Impl {
  std::string base_url;
  std::string host;
  std::string port;
  ClientOptions options;
  std::mutex mutex;
  std::deque<std::unique_ptr<Connection>> idle;

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

  enum class Stage { write, read };

  // Sends one request; on failure returns the stage it failed in.
  std::optional<Stage> exchange(Connection& connection, bhttp::request<bhttp::string_body>& request,
                                ClientResponse& out, beast::error_code& ec) {
    ec = connection.run(options.request_timeout, [&](beast::error_code& result) {
      bhttp::async_write(connection.stream, request, [&](beast::error_code e, std::size_t) { result = e; });
    });
    if (ec) {
      return Stage::write;
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options.response_limit);
    parser.skip(request.method() == bhttp::verb::head);
    ec = connection.run(options.request_timeout, [&](beast::error_code& result) {
      bhttp::async_read(connection.stream, connection.buffer, parser,
                        [&](beast::error_code e, std::size_t) { result = e; });
    });
    if (ec) {
      return Stage::read;
    }
    auto response = parser.release();
    out.status = static_cast<int>(response.result_int());
    out.headers.clear();
    for (const auto& field : response) {
      out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    out.body = std::move(response.body());
    connection.used = response.keep_alive();
    return std::nullopt;
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

ClientResponse Client::request(const std::string& method, const std::string& target, const Headers& headers,
                               const std::string& body) {
  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
  if (request.method() == bhttp::verb::unknown) {
    request.method_string(method);
  }
  request.set(bhttp::field::host, impl_->host + ":" + impl_->port);
  for (const auto& header : headers) {
    request.insert(header.name, header.value);
  }
  request.keep_alive(true);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.prepare_payload();
  }

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
    bool retry = reused && ec != asio::error::timed_out && ec != beast::error::timeout &&
                 (*failed == Impl::Stage::write || idempotent(method));
    if (!retry) {
      throw ClientError(method + " " + impl_->base_url + target + " failed: " + ec.message());
    }
  }
  throw ClientError(method + " " + impl_->base_url + target + " failed");
}

}  // namespace eventbook::http
