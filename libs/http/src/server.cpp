#include "server_impl.hpp"

#include "eventbook/core/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

namespace eventbook::http {

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() { stop(); }

namespace {

// A listening socket on host:port; throws std::runtime_error when it cannot bind.
tcp::acceptor listen_on(asio::io_context& ioc, const std::string& service, const std::string& host,
                        std::uint16_t port) {
  tcp::endpoint endpoint{asio::ip::make_address(host), port};
  tcp::acceptor acceptor(ioc);
  beast::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(service + ": cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  }
  return acceptor;
}

}  // namespace

void Server::start() {
  auto& impl = *impl_;
  impl.acceptor.emplace(listen_on(impl.ioc, impl.options.service, impl.options.host, impl.options.port));
  impl.bound_port = impl.acceptor->local_endpoint().port();
  if (impl.options.metrics_port) {
    impl.metrics_acceptor.emplace(
        listen_on(impl.ioc, impl.options.service, impl.options.host, *impl.options.metrics_port));
    impl.bound_metrics_port = impl.metrics_acceptor->local_endpoint().port();
    asio::co_spawn(impl.ioc, impl.accept_loop(*impl.metrics_acceptor, true), asio::detached);
  }
  asio::co_spawn(impl.ioc, impl.accept_loop(*impl.acceptor, false), asio::detached);
  int count = impl.options.io_threads > 0 ? impl.options.io_threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < count; ++i) {
    impl.threads.emplace_back([&impl] { impl.ioc.run(); });
  }
  boost::json::object listening{{"host", impl.options.host}, {"port", impl.bound_port}, {"ioThreads", count}};
  if (impl.metrics_acceptor) listening["metricsPort"] = impl.bound_metrics_port;
  core::log::info(impl.options.service, "listening", listening);
}

std::uint16_t Server::port() const { return impl_->bound_port; }

std::uint16_t Server::metrics_port() const { return impl_->bound_metrics_port; }

// Stops taking connections and closes the idle ones; a connection with a
// request under way closes once it is answered. Their sessions end, and the
// last one to end wakes this thread.
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
      if (impl.metrics_acceptor) impl.metrics_acceptor->close(ec);
    });
    std::unique_lock lock(impl.connections_mutex);
    for (const auto& connection : impl.connections) {
      asio::post(connection->stream.get_executor(), [connection] {
        if (connection->idle) {
          beast::error_code ec;
          connection->stream.socket().shutdown(tcp::socket::shutdown_receive, ec);
          connection->stream.socket().cancel(ec);
        }
      });
    }
    if (!impl.connections_closed.wait_for(lock, impl.options.shutdown_grace,
                                          [&impl] { return impl.connections.empty(); })) {
      core::log::warn(impl.options.service, "stopping with requests still unanswered",
                      {{"connections", static_cast<std::int64_t>(impl.connections.size())}});
    }
  }
  impl.gate->close();
  impl.ioc.stop();
  for (auto& thread : impl.threads) {
    thread.join();
  }
  impl.threads.clear();
  {
    std::lock_guard lock(impl.connections_mutex);
    impl.connections.clear();
  }
  core::log::info(impl.options.service, "stopped");
}

}  // namespace eventbook::http
