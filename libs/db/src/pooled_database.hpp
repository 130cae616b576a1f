#pragma once

#include "connection_pool.hpp"
#include "eventbook/db/database.hpp"

namespace eventbook::db::detail {

// The engine-independent Database: statements and transactions over a pool
// of engine connections.
class PooledDatabase final : public Database {
 public:
  PooledDatabase(Engine engine, std::size_t pool_size, std::chrono::milliseconds acquire_timeout,
                 ConnectionPool::Factory factory);

  Engine engine() const noexcept override { return engine_; }
  Result exec(std::string_view sql, const Params& params = {}) override;
  void transaction(const std::function<void(Session&)>& work) override;
  bool ping() noexcept override;

  // Opens one connection now, so that a bad location fails at start.
  void warm_up();

 private:
  void run_transaction_once(const std::function<void(Session&)>& work);

  const Engine engine_;
  ConnectionPool pool_;
};

}  // namespace eventbook::db::detail
