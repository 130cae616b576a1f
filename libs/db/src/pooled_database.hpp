#pragma once

#include "connection_pool.hpp"
#include "eventbook/db/database.hpp"

#include <condition_variable>
#include <memory>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>

namespace eventbook::db::detail {

// The engine-independent Database: statements and transactions over a pool
// of engine connections.
class PooledDatabase final : public Database {
 public:
  // writer_factory: when given, concurrent transactions are committed
  // together (see run_grouped) on one connection of its own, for an engine
  // whose writers take turns anyway; the pool then serves reads.
  PooledDatabase(Engine engine, std::size_t pool_size, std::chrono::milliseconds acquire_timeout,
                 ConnectionPool::Factory factory, ConnectionPool::Factory writer_factory = nullptr);

  Engine engine() const noexcept override { return engine_; }
  Result exec(std::string_view sql, const Params& params = {}) override;
  void transaction(const std::function<void(Session&)>& work) override;
  bool ping() noexcept override;

  // Opens one connection now, so that a bad location fails at start.
  void warm_up();

 private:
  // One caller's work in a group commit. Shared with the leader that runs
  // it, which may still be signalling it after the caller has left.
  struct Job {
    const std::function<void(Session&)>* work = nullptr;
    std::exception_ptr error;
    bool done = false;
    bool lead = false;  // this caller runs the next batch
    // Its own, so a batch wakes only its callers. (std::binary_semaphore
    // would do, but libstdc++ spins on sched_yield before sleeping.)
    std::mutex mutex;
    std::condition_variable wake;
    bool signalled = false;
    void signal();
    void wait();
  };

  void run_transaction_once(const std::function<void(Session&)>& work);
  void run_grouped(const std::function<void(Session&)>& work);
  void commit_batch(const std::vector<std::shared_ptr<Job>>& batch) noexcept;

  const Engine engine_;
  ConnectionPool pool_;
  const bool group_commit_;
  std::optional<ConnectionPool> writer_;  // group commits only
  std::mutex group_mutex_;
  std::deque<std::shared_ptr<Job>> group_queue_;
  bool group_leader_ = false;  // a batch is being run
};

}  // namespace eventbook::db::detail
