#include "pooled_database.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <thread>
#include <utility>

namespace eventbook::db::detail {
namespace {

constexpr int kMaxAttempts = 10;
constexpr int kMaxBackoffMs = 50;

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

// The session handed to transaction work. PostgreSQL refuses every statement
// after a failed one until the transaction ends; SQLite would carry on. To
// behave the same on both engines the first failure is remembered here:
// later statements fail with it, and the transaction is rolled back and the
// failure rethrown even if work caught it.
class TransactionSession final : public Session {
 public:
  explicit TransactionSession(Connection& connection) : connection_(connection) {}

  Result exec(std::string_view sql, const Params& params) override {
    if (failure_) {
      throw DbError(failure_->kind(), "transaction already failed on an earlier statement: " +
                                          std::string(failure_->what()));
    }
    try {
      return connection_.exec(sql, params);
    } catch (const DbError& e) {
      failure_ = e;
      throw;
    }
  }

  const std::optional<DbError>& failure() const noexcept { return failure_; }

 private:
  Connection& connection_;
  std::optional<DbError> failure_;
};

}  // namespace

PooledDatabase::PooledDatabase(Engine engine, std::size_t pool_size,
                               std::chrono::milliseconds acquire_timeout,
                               ConnectionPool::Factory factory, ConnectionPool::Factory writer_factory)
    : engine_(engine), pool_(pool_size, acquire_timeout, std::move(factory)), group_commit_(writer_factory != nullptr) {
  if (group_commit_) writer_.emplace(1, acquire_timeout, std::move(writer_factory));
}

namespace {

bool read_only(std::string_view sql) {
  auto start = sql.find_first_not_of(" \t\r\n(");
  if (start == std::string_view::npos) return false;
  auto word = sql.substr(start, 6);
  return word.size() == 6 && std::equal(word.begin(), word.end(), "SELECT",
                                        [](char a, char b) { return std::toupper(a) == b; });
}

}  // namespace

Result PooledDatabase::exec(std::string_view sql, const Params& params) {
  if (group_commit_ && !read_only(sql)) {
    Result result;
    transaction([&](Session& session) { result = session.exec(sql, params); });
    return result;
  }
  // A statement that failed with kind retry did not take effect, so running
  // it again is safe.
  return with_retry([&] {
    auto connection = pool_.acquire();
    return connection->exec(sql, params);
  });
}

void PooledDatabase::transaction(const std::function<void(Session&)>& work) {
  if (group_commit_) {
    with_retry([&] { run_grouped(work); });
  } else {
    with_retry([&] { run_transaction_once(work); });
  }
}

// Group commit: callers queue their work; whoever finds no batch running
// leads: it runs the queued work (its own first) in one transaction, each
// inside its own savepoint, and commits once, so that one sync to disk makes a
// whole batch durable. A work that fails is rolled back to its savepoint alone
// and its caller gets the error; the others commit. Nobody returns before the
// commit that holds its work is durable (or has failed, which every caller of
// the batch sees). Each caller sleeps on its own semaphore, signalled after
// the queue's lock is released: a batch wakes only its own callers, and they
// do not wake into a lock still held, then hands the lead to the first caller
// still waiting.
void PooledDatabase::Job::signal() {
  {
    std::lock_guard lock(mutex);
    signalled = true;
  }
  wake.notify_one();
}

void PooledDatabase::Job::wait() {
  std::unique_lock lock(mutex);
  wake.wait(lock, [this] { return signalled; });
  signalled = false;
}

void PooledDatabase::run_grouped(const std::function<void(Session&)>& work) {
  constexpr std::size_t kMaxBatch = 256;
  auto job = std::make_shared<Job>();
  job->work = &work;
  {
    std::lock_guard lock(group_mutex_);
    group_queue_.push_back(job);
    if (!group_leader_) {
      group_leader_ = true;  // the queue was empty: this job is at its front
      job->lead = true;
    }
  }
  if (!job->lead) job->wait();  // until its batch is done, or it leads
  if (!job->done) {
    std::vector<std::shared_ptr<Job>> batch;
    {
      std::lock_guard lock(group_mutex_);
      auto take = static_cast<std::ptrdiff_t>(std::min(group_queue_.size(), kMaxBatch));
      batch.assign(group_queue_.begin(), group_queue_.begin() + take);
      group_queue_.erase(group_queue_.begin(), group_queue_.begin() + take);
    }
    commit_batch(batch);
    std::shared_ptr<Job> next;
    {
      std::lock_guard lock(group_mutex_);
      for (const auto& done : batch) done->done = true;
      if (group_queue_.empty()) {
        group_leader_ = false;
      } else {
        next = group_queue_.front();
        next->lead = true;
      }
    }
    for (const auto& done : batch) {
      if (done != job) done->signal();
    }
    if (next) next->signal();
  }
  if (job->error) std::rethrow_exception(job->error);
}

void PooledDatabase::commit_batch(const std::vector<std::shared_ptr<Job>>& batch) noexcept {
  try {
    auto connection = writer_->acquire();
    try {
      connection->begin();
      for (const auto& job : batch) {
        connection->exec("SAVEPOINT grouped", {});
        try {
          TransactionSession session(*connection);
          (*job->work)(session);
          if (session.failure()) throw DbError(*session.failure());
          connection->exec("RELEASE grouped", {});
        } catch (...) {
          job->error = std::current_exception();
          connection->exec("ROLLBACK TO grouped", {});
          connection->exec("RELEASE grouped", {});
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

void PooledDatabase::run_transaction_once(const std::function<void(Session&)>& work) {
  auto connection = pool_.acquire();
  connection->begin();
  try {
    TransactionSession session(*connection);
    work(session);
    if (session.failure()) throw DbError(*session.failure());
    connection->commit();
  } catch (...) {
    connection->rollback();
    throw;
  }
}

bool PooledDatabase::ping() noexcept {
  try {
    auto connection = pool_.acquire();
    connection->exec("SELECT 1", {});
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void PooledDatabase::warm_up() {
  pool_.acquire();
  if (writer_) writer_->acquire();
}

}  // namespace eventbook::db::detail
