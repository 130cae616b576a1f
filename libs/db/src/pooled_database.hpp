#pragma once

#include "connection_pool.hpp"
#include "eventbook/db/database.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

namespace eventbook::db::detail {

// The engine-independent Database: statements and transactions over a pool
// of engine connections.
class PooledDatabase final : public Database {
 public:
  // group_commit: concurrent transactions are committed together (see
  // run_grouped), for an engine whose writers take turns anyway.
  PooledDatabase(Engine engine, std::size_t pool_size, std::chrono::milliseconds acquire_timeout,
                 ConnectionPool::Factory factory, bool group_commit = false);

  Engine engine() const noexcept override { return engine_; }
  Result exec(std::string_view sql, const Params& params = {}) override;
  void transaction(const std::function<void(Session&)>& work) override;
  bool ping() noexcept override;

  // Opens one connection now, so that a bad location fails at start.
  void warm_up();

 private:
  struct Job {
    const std::function<void(Session&)>* work = nullptr;
    std::exception_ptr error;
    bool done = false;
    bool lead = false;  // this caller runs the next batch
    std::condition_variable wake;  // its own, so a batch wakes only its callers
  };

  void run_transaction_once(const std::function<void(Session&)>& work);
  void run_grouped(const std::function<void(Session&)>& work);
  void commit_batch(const std::vector<Job*>& batch) noexcept;

  const Engine engine_;
  ConnectionPool pool_;
  const bool group_commit_;
  std::mutex group_mutex_;
  std::deque<Job*> group_queue_;
  bool group_leader_ = false;  // a batch is being run
};

}  // namespace eventbook::db::detail
