#include "connection_pool.hpp"

#include <string>
#include <utility>

namespace eventbook::db::detail {

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::size_t capacity, std::chrono::milliseconds acquire_timeout, Factory factory)
    : capacity_(capacity), acquire_timeout_(acquire_timeout), factory_(std::move(factory)) {
  idle_.reserve(capacity_);
}

ConnectionPool::Lease ConnectionPool::acquire() {
  // Each pass either returns or drops one dead idle connection, so this ends.
  for (;;) {
    auto connection = take();
    if (connection->alive()) return Lease(*this, std::move(connection));
    connection.reset();
    forget_one();
  }
}

std::unique_ptr<Connection> ConnectionPool::take() {
  {
    std::unique_lock lock(mutex_);
    const bool ready = freed_.wait_for(lock, acquire_timeout_, [this] { return !idle_.empty() || open_ < capacity_; });
    if (!ready) {
      throw DbError(DbError::Kind::unavailable, "no free database connection within " +
                                                    std::to_string(acquire_timeout_.count()) + " ms (pool of " +
                                                    std::to_string(capacity_) + ")");
    }
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;
  }
  // Opened outside the lock: connecting may take a while.
  try {
    return factory_();
  } catch (...) {
    forget_one();
    throw;
  }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) noexcept {
  if (!connection->reusable()) {
    connection.reset();
    forget_one();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  freed_.notify_one();
}

void ConnectionPool::forget_one() noexcept {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  freed_.notify_one();
}

}  // namespace eventbook::db::detail
