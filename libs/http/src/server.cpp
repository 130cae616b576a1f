#include "server_impl.hpp"

#include "eventbook/core/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

namespace eventbook::http {

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
