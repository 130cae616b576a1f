#include "request_reader.hpp"
#include "server_impl.hpp"

#include "eventbook/core/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <thread>

namespace eventbook::http {

namespace bhttp = beast::http;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

}  // namespace

void Gate::close() {
  open_.store(false);
  while (passing_.load() > 0) std::this_thread::yield();
}

void StrandExecutor::post(std::function<void()> work) {
  gate_->through([&] { asio::post(strand_, std::move(work)); });
}

void StrandExecutor::resume(std::coroutine_handle<> suspended) {
  gate_->through([&] { suspended.resume(); });
}

void StrandExecutor::post_after(std::chrono::milliseconds delay, std::function<void()> work) {
  gate_->through([&] {
    auto timer = std::make_shared<asio::steady_timer>(strand_, delay);
    timer->async_wait([timer, work = std::move(work)](const boost::system::error_code&) { work(); });
  });
}

asio::awaitable<void> Server::Impl::accept_loop(tcp::acceptor& from, bool private_listener) {
  while (!stopping) {
    auto [ec, socket] = co_await from.async_accept(asio::make_strand(ioc), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping) {
        break;
      }
      // Out of descriptors and the like: keep serving the connections we have.
      core::log::warn(options.service, "accept failed", {{"error", ec.message()}});
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(std::move(socket), gate, private_listener);
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
      if (malformed(ec)) co_await reject(*connection, 400, "The request is not valid HTTP/1.1.");
      break;
    }
    if (auto problem = framing_problem(parser.get())) {
      co_await reject(*connection, 400, std::move(*problem));
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
        if (malformed(body_ec)) co_await reject(*connection, 400, "The request body is not valid HTTP/1.1 framing.");
        break;
      }
    }
    bool keep_alive = parser.get().keep_alive();
    bool head = parser.get().method() == bhttp::verb::head;
    auto request = to_request(parser.release(), remote);
    stream.expires_never();
    auto response = co_await handle(request, *connection);

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
  forget(connection);
}

void Server::Impl::forget(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(connections_mutex);
  connections.erase(connection);
  if (connections.empty()) connections_closed.notify_all();
}

}  // namespace eventbook::http
