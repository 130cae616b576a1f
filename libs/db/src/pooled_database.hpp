#pragma once

#include "connection_pool.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/db/database.hpp"

#include <atomic>
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

// The engine-independent Database: reads on reader threads over a pool of
// engine connections, transactions committed in groups by committer threads.
class PooledDatabase final : public Database {
 public:
  // Group commit (see commit_loop): committer threads, each with a
  // connection of its own, run queued transactions many to a commit.
  struct GroupCommit {
    ConnectionPool::Factory factory;  // the committers' connections
    int committers = 1;
  };

  // name: what the threads are called, after the database (as top -H shows them).
  PooledDatabase(Engine engine, const std::string& name, std::size_t pool_size,
                 std::chrono::milliseconds acquire_timeout, ConnectionPool::Factory factory, GroupCommit group_commit);
  ~PooledDatabase() override;

  Engine engine() const noexcept override { return engine_; }
  core::Task<bool> ping() override;
  bool writes_failing() const noexcept override;

  // Opens one connection of each kind now, so that a bad location fails at start.
  void warm_up();

 protected:
  core::Task<void> run_read(std::function<void(Session&)> work) override;
  core::Task<void> run_transaction(std::function<void(Session&)> work) override;

 private:
  // One transaction's work in a group commit. Shared with the committer.
  struct Job {
    std::function<void(Session&)> work;
    core::Completion<void> done;
    std::exception_ptr error;
    int attempts = 0;
  };

  void enqueue(std::shared_ptr<Job> job);
  void commit_loop();
  void commit_batch(const std::vector<std::shared_ptr<Job>>& batch) noexcept;
  static void run_work(Connection& connection, Job& job);

  const Engine engine_;
  ConnectionPool pool_;
  ConnectionPool writer_;
  core::ThreadPool readers_;
  std::mutex group_mutex_;
  std::condition_variable group_wake_;  // committers, when the queue was empty
  std::deque<std::shared_ptr<Job>> group_queue_;
  int committers_waiting_ = 0;
  bool stopping_ = false;
  // When a commit last failed with a DbError of kind unavailable (ms since
  // the epoch; 0: never). Not cleared by a commit that succeeds: on a disk
  // that is nearly full, small commits still pass while others fail.
  std::atomic<std::int64_t> write_failed_at_ms_{0};
  std::vector<std::thread> committers_;  // last: started once everything above exists
};

}  // namespace eventbook::db::detail
