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
                               ConnectionPool::Factory factory)
    : engine_(engine), pool_(pool_size, acquire_timeout, std::move(factory)) {}

Result PooledDatabase::exec(std::string_view sql, const Params& params) {
  // A statement that failed with kind retry did not take effect, so running
  // it again is safe.
  return with_retry([&] {
    auto connection = pool_.acquire();
    return connection->exec(sql, params);
  });
}

void PooledDatabase::transaction(const std::function<void(Session&)>& work) {
  with_retry([&] { run_transaction_once(work); });
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

void PooledDatabase::warm_up() { pool_.acquire(); }

}  // namespace eventbook::db::detail
