#include "pooled_database.hpp"

#include "drivers.hpp"

#include "eventbook/core/clock.hpp"

#include <pthread.h>

#include <algorithm>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>

namespace eventbook::db::detail {
namespace {

constexpr int kMaxAttempts = 10;
constexpr int kMaxBackoffMs = 50;
// Reads waiting for a reader thread beyond this many per thread are refused
// (503) rather than queued without end.
constexpr int kReadsQueuedPerThread = 512;

// Randomized so that transactions that collided do not collide again in step.
void back_off(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int ceiling = std::min(kMaxBackoffMs, 2 << attempt);
  std::uniform_int_distribution<int> delay_ms(1, ceiling);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
}

// Runs body again while it fails with DbError(retry), a bounded number of times.
template <typename Body>
auto with_retry(Body&& body) {
  for (int attempt = 1;; ++attempt) {
    try {
      return body();
    } catch (const DbError& e) {
      if (e.kind() != DbError::Kind::retry || attempt >= kMaxAttempts) throw;
    }
    back_off(attempt);
  }
}

// The session handed to a work. PostgreSQL refuses every statement
// after a failed one until the transaction ends; SQLite would carry on. To
// behave the same on both engines the first failure is remembered here:
// later statements fail with it, and the transaction is rolled back and the
// failure rethrown even if work caught it.
class ConnectionSession final : public Session {
 public:
  explicit ConnectionSession(Connection& connection) : connection_(connection) {}

  Result exec(std::string_view sql, const Params& params) override {
    if (failure_) {
      throw DbError(failure_->kind(),
                    "transaction already failed on an earlier statement: " + std::string(failure_->what()));
    }
    try {
      return connection_.exec(sql, params);
    } catch (const DbError& e) {
      failure_ = e;
      throw;
    }
  }

  const std::optional<DbError>& failure() const noexcept { return failure_; }
  void lift_statement_timeout() { connection_.lift_statement_timeout(); }

 private:
  Connection& connection_;
  std::optional<DbError> failure_;
};

}  // namespace

void lift_statement_timeout(Session& session) {
  auto* own = dynamic_cast<ConnectionSession*>(&session);
  if (own == nullptr) throw DbError(DbError::Kind::other, "not a session of this database");
  own->lift_statement_timeout();
}

PooledDatabase::PooledDatabase(Engine engine, const std::string& name, std::size_t pool_size,
                               std::chrono::milliseconds acquire_timeout, ConnectionPool::Factory factory,
                               GroupCommit group_commit)
    : engine_(engine),
      pool_(pool_size, acquire_timeout, std::move(factory)),
      writer_(static_cast<std::size_t>(std::max(1, group_commit.committers)), acquire_timeout,
              std::move(group_commit.factory)),
      readers_("read " + name, static_cast<int>(pool_size), static_cast<int>(pool_size) * kReadsQueuedPerThread) {
  for (int n = 0; n < std::max(1, group_commit.committers); ++n) {
    committers_.emplace_back([this, name] {
      pthread_setname_np(pthread_self(), ("commit " + name).substr(0, 15).c_str());  // Linux allows 15 characters
      commit_loop();
    });
  }
}

// Queued work is still committed before the committers end.
PooledDatabase::~PooledDatabase() {
  {
    std::lock_guard lock(group_mutex_);
    stopping_ = true;
  }
  group_wake_.notify_all();
  for (auto& committer : committers_) committer.join();
}

namespace {

// Set while a committer runs a batch of works: the database it belongs to. A
// coroutine resumed on a committer thread after its commit may start another
// transaction; a work may not (it would wait for its own batch).
thread_local const PooledDatabase* working_on = nullptr;

// The kind of a DbError; nothing for any other failure.
std::optional<DbError::Kind> kind_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const DbError& e) {
    return e.kind();
  } catch (...) {
    return std::nullopt;
  }
}

// Whether a failure is a passing one (busy, serialization), worth a retry.
bool passing(const std::exception_ptr& error) { return kind_of(error) == DbError::Kind::retry; }

}  // namespace

// A statement that failed with kind retry did not take effect, so running
// the read again is safe.
core::Task<void> PooledDatabase::run_read(std::function<void(Session&)> work) {
  co_await readers_.run([this, &work] {
    with_retry([&] {
      auto connection = pool_.acquire();
      ConnectionSession session(*connection);
      work(session);
    });
  });
}

core::Task<void> PooledDatabase::run_transaction(std::function<void(Session&)> work) {
  if (working_on == this) {
    throw std::logic_error("a transaction on this database from inside one of its works would wait for itself");
  }
  co_await core::wait_for<void>([&](core::Completion<void> done) {
    enqueue(std::make_shared<Job>(Job{std::move(work), std::move(done), nullptr, 0}));
  });
}

void PooledDatabase::enqueue(std::shared_ptr<Job> job) {
  bool wake = false;
  {
    std::lock_guard lock(group_mutex_);
    group_queue_.push_back(std::move(job));
    wake = committers_waiting_ > 0;
  }
  if (wake) group_wake_.notify_one();
}

// Group commit: callers queue their work, and the committer runs what is
// queued in one transaction (see commit_batch) and commits once, so that one
// sync to disk makes a whole batch durable; meanwhile the next batch queues
// up. A work that fails is rolled back alone and its caller gets the error;
// the others commit. Nobody learns the outcome before the commit that holds
// its work is durable (or has failed, which every caller of the batch sees);
// each caller's coroutine is then resumed on its own executor. A work that
// failed for a passing reason (the database busy, a serialization failure)
// is queued again, a bounded number of times.
void PooledDatabase::commit_loop() {
  constexpr std::size_t kMaxBatch = 256;
  for (;;) {
    std::vector<std::shared_ptr<Job>> batch;
    {
      std::unique_lock lock(group_mutex_);
      ++committers_waiting_;
      group_wake_.wait(lock, [this] { return !group_queue_.empty() || stopping_; });
      --committers_waiting_;
      if (group_queue_.empty()) return;  // stopping, and nothing left to commit
      auto take = static_cast<std::ptrdiff_t>(std::min(group_queue_.size(), kMaxBatch));
      batch.assign(group_queue_.begin(), group_queue_.begin() + take);
      group_queue_.erase(group_queue_.begin(), group_queue_.begin() + take);
    }
    commit_batch(batch);
    for (const auto& job : batch) {
      if (job->error && kind_of(job->error) == DbError::Kind::unavailable) {
        write_failed_at_ms_.store(core::now_ms(), std::memory_order_relaxed);
      }
      if (job->error && passing(job->error) && ++job->attempts < kMaxAttempts) {
        job->error = nullptr;
        enqueue(job);
      } else if (job->error) {
        job->done.fail(job->error);
      } else {
        job->done();
      }
    }
  }
}

// Runs one job's work; a statement that failed inside it fails it even if
// the work caught the error.
void PooledDatabase::run_work(Connection& connection, Job& job) {
  ConnectionSession session(connection);
  job.work(session);
  if (session.failure()) throw DbError(*session.failure());
}

// A batch first runs as one plain transaction: no savepoint to open and
// release around each work, and no copy of every page a work touches kept to
// undo it alone. Only if some work fails is that undone and the batch run
// again without it, each other work in its own savepoint so that another
// failure is rolled back alone (works are repeatable, as for a retry; the
// works before the failed one run twice).
void PooledDatabase::commit_batch(const std::vector<std::shared_ptr<Job>>& batch) noexcept {
  working_on = this;
  struct Done {
    ~Done() { working_on = nullptr; }
  } done;
  try {
    auto connection = writer_.acquire();
    try {
      connection->begin();
      std::size_t failed = batch.size();
      for (std::size_t n = 0; n < batch.size(); ++n) {
        try {
          run_work(*connection, *batch[n]);
        } catch (...) {
          batch[n]->error = std::current_exception();
          failed = n;
          break;
        }
      }
      if (failed < batch.size()) {
        // Again without the one that failed (it keeps its error); every other
        // work in a savepoint of its own.
        connection->rollback();
        connection->begin();
        for (std::size_t n = 0; n < batch.size(); ++n) {
          if (n == failed) continue;
          const auto& job = batch[n];
          connection->exec("SAVEPOINT grouped", {});
          try {
            run_work(*connection, *job);
            connection->exec("RELEASE grouped", {});
          } catch (...) {
            job->error = std::current_exception();
            connection->exec("ROLLBACK TO grouped", {});
            connection->exec("RELEASE grouped", {});
          }
        }
      }
      connection->commit();
    } catch (...) {
      connection->rollback();
      throw;
    }
  } catch (...) {
    // The batch as a whole failed: nothing of it was kept, and every caller
    // learns why (a retry kind sends them all round again).
    auto error = std::current_exception();
    for (const auto& job : batch) job->error = error;
  }
}

bool PooledDatabase::writes_failing() const noexcept {
  // Long enough to span the retries of refused clients (Retry-After: 1) on a
  // disk where some commits still pass; short enough that a database back
  // from an outage, or one nobody writes to (a load balancer took this
  // replica out), is ready again soon.
  constexpr std::int64_t kRecentMs = 3'000;
  const auto failed_at = write_failed_at_ms_.load(std::memory_order_relaxed);
  return failed_at != 0 && core::now_ms() - failed_at < kRecentMs;
}

core::Task<bool> PooledDatabase::ping() {
  try {
    co_return co_await readers_.run([this] {
      auto connection = pool_.acquire();
      connection->exec("SELECT 1", {});
      return true;
    });
  } catch (const std::exception&) {
    co_return false;
  }
}

void PooledDatabase::warm_up() {
  pool_.acquire();
  writer_.acquire();
}

}  // namespace eventbook::db::detail
