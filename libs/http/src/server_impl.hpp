#pragma once

// The server's parts, shared by its sources: connection.cpp reads and writes
// HTTP on a connection, dispatch.cpp turns a request into a response (routing,
// the handler's coroutine, the access log), builtin.cpp answers /healthz,
// /readyz and /metrics, server.cpp starts and stops it all.

#include "eventbook/core/task.hpp"
#include "eventbook/http/server.hpp"
#include "metrics.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace eventbook::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Open while the server's threads run: a completion that comes after the
// server has stopped (a commit that outlived the shutdown grace) is dropped
// instead of reaching a destroyed io_context. Whoever passes the gate is
// counted until done, and close() waits for them, so nothing passes it
// into the io_context once close() has returned. Passing it again on the
// same thread is allowed: nothing here is a lock.
class Gate {
 public:
  // Runs pass() if the gate is open; false if it was closed.
  template <class Pass>
  bool through(Pass&& pass) {
    passing_.fetch_add(1);
    const bool open = open_.load();
    if (open) pass();
    passing_.fetch_sub(1);
    return open;
  }
  void close();

 private:
  std::atomic<bool> open_{true};
  std::atomic<int> passing_{0};
};

// Where a request's coroutine continues. A completion (a commit, a reply
// from another service) resumes it at once on the thread that completed it,
// without a hop back to the I/O thread: handlers never block, and the
// connection's own state is touched only on its strand, to which the
// finished response is handed (see answer_on). Timers and posted work run
// on the strand.
class StrandExecutor final : public core::Executor {
 public:
  StrandExecutor(asio::any_io_executor strand, std::shared_ptr<Gate> gate)
      : strand_(std::move(strand)), gate_(std::move(gate)) {}
  void post(std::function<void()> work) override;
  void post_after(std::chrono::milliseconds delay, std::function<void()> work) override;
  void resume(std::coroutine_handle<> suspended) override;
  // Runs work on the strand (at once if this thread is on it), unless the
  // server has stopped.
  template <class Work>
  void finish(Work&& work) {
    gate_->through([&] { asio::dispatch(strand_, std::forward<Work>(work)); });
  }

 private:
  asio::any_io_executor strand_;
  std::shared_ptr<Gate> gate_;
};

struct Connection {
  Connection(tcp::socket socket, std::shared_ptr<Gate> gate, bool private_listener)
      : stream(std::move(socket)),
        executor(stream.get_executor(), std::move(gate)),
        private_listener(private_listener) {}
  beast::tcp_stream stream;
  StrandExecutor executor;
  // Accepted on the private listener (ServerOptions::metrics_port): built-in routes only.
  const bool private_listener;
  bool idle = true;  // touched only on the connection's strand
};

struct Server::Impl {
  Impl(ServerOptions opts, Router r) : options(std::move(opts)), router(std::move(r)), metrics(options.service) {}

  ServerOptions options;
  Router router;
  Metrics metrics;
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<tcp::acceptor> metrics_acceptor;  // the private listener, when there is one
  std::vector<std::thread> threads;
  std::atomic<int> in_flight{0};
  std::mutex connections_mutex;
  std::condition_variable connections_closed;  // signalled when the last connection closes
  std::set<std::shared_ptr<Connection>> connections;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  std::uint16_t bound_port = 0;
  std::uint16_t bound_metrics_port = 0;

  // connection.cpp
  asio::awaitable<void> accept_loop(tcp::acceptor& from, bool private_listener);
  asio::awaitable<void> session(std::shared_ptr<Connection> connection);
  asio::awaitable<void> reject(Connection& connection, int status, std::string detail);
  void forget(const std::shared_ptr<Connection>& connection);
  // dispatch.cpp
  asio::awaitable<Response> handle(Request& request, Connection& connection);
  Response answer_for(std::exception_ptr thrown, const std::string& route, const Request& request) const;
  // builtin.cpp
  static bool is_builtin(const std::string& path);
  core::Task<Response> builtin(const Request& request);
};

}  // namespace eventbook::http
