#pragma once

#include "connection_pool.hpp"
#include "eventbook/db/database.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace eventbook::db::detail {

// The engine-independent Database: statements and transactions over a pool
// of engine connections.
class PooledDatabase final : public Database {
 public:
  // Group commit (see commit_loop): committer threads, each with a
  // connection of its own, run queued transactions many to a commit.
  struct GroupCommit {
    ConnectionPool::Factory factory;  // the committers' connections
    int committers = 1;
    // Whether every transaction and write goes through the committers (an
    // engine whose writers take turns anyway: the pool then serves reads),
    // or only transaction_async.
    bool every_write = true;
    std::string name = "commit";  // what the committer threads are called (as top -H shows them)
  };

  PooledDatabase(Engine engine, std::size_t pool_size, std::chrono::milliseconds acquire_timeout,
                 ConnectionPool::Factory factory, std::optional<GroupCommit> group_commit = std::nullopt);
  ~PooledDatabase() override;

  Engine engine() const noexcept override { return engine_; }
  Result exec(std::string_view sql, const Params& params = {}) override;
  void transaction(const std::function<void(Session&)>& work) override;
  void transaction_async(std::function<void(Session&)> work, std::function<void(std::exception_ptr)> done) override;
  bool ping() noexcept override;

  // Opens one connection now, so that a bad location fails at start.
  void warm_up();

 private:
  // One transaction's work in a group commit: either a caller waits for it
  // (signal/wait), or done is called. Shared with the committer, which may
  // still be signalling it after the caller has left.
  struct Job {
    std::function<void(Session&)> work;
    std::function<void(std::exception_ptr)> done;  // empty: a caller waits
    std::exception_ptr error;
    int attempts = 0;
    // A waiting caller's own, so a batch wakes only its callers.
    // (std::binary_semaphore would do, but libstdc++ spins on sched_yield
    // before sleeping.)
    std::mutex mutex;
    std::condition_variable wake;
    bool signalled = false;
    void signal();
    void wait();
  };

  void run_transaction_once(const std::function<void(Session&)>& work);
  void run_grouped(const std::function<void(Session&)>& work);
  void enqueue(std::shared_ptr<Job> job);
  void commit_loop();
  void commit_batch(const std::vector<std::shared_ptr<Job>>& batch) noexcept;
  static void run_work(Connection& connection, Job& job);

  const Engine engine_;
  ConnectionPool pool_;
  std::optional<ConnectionPool> writer_;  // set: group commits, on these connections
  bool group_every_write_ = false;
  std::mutex group_mutex_;
  std::condition_variable group_wake_;  // committers, when the queue was empty
  std::deque<std::shared_ptr<Job>> group_queue_;
  int committers_waiting_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> committers_;  // last: started once everything above exists
};

}  // namespace eventbook::db::detail
