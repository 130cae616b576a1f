#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "connection.hpp"

namespace eventbook::db::detail {

// A bounded set of connections, opened on demand by the factory. acquire()
// waits for a free one for at most acquire_timeout, then fails with
// DbError(unavailable). A connection that is dead or left in a bad state is
// closed rather than handed out again.
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Connection& operator*() const noexcept { return *connection_; }
    Connection* operator->() const noexcept { return connection_.get(); }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}

    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ConnectionPool(std::size_t capacity, std::chrono::milliseconds acquire_timeout, Factory factory);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  Lease acquire();

 private:
  std::unique_ptr<Connection> take();
  void give_back(std::unique_ptr<Connection> connection) noexcept;
  void forget_one() noexcept;

  const std::size_t capacity_;
  const std::chrono::milliseconds acquire_timeout_;
  const Factory factory_;

  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
  std::size_t open_ = 0;                           // idle + lent + being opened
};

}  // namespace eventbook::db::detail
