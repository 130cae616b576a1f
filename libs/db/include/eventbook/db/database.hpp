#pragma once

#include "eventbook/core/error.hpp"
#include "eventbook/core/task.hpp"

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace eventbook::db {

enum class Engine { sqlite, postgres };

// Statement parameters, written $1, $2, ... in SQL on both engines.
using Param = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Param>;

// A parameter that is NULL when the value is absent.
template <class T>
Param nullable(const std::optional<T>& value) {
  return value ? Param(*value) : Param(nullptr);
}

// An unavailable database (out of reach, its disk full) may come back: a
// request that ends with one is answered 503 (core::MayPass).
class DbError : public std::runtime_error, public core::MayPass {
 public:
  enum class Kind {
    unavailable,       // cannot connect, connection lost
    unique_violation,  // a UNIQUE or PRIMARY KEY constraint
    constraint,        // another constraint (CHECK, NOT NULL, FOREIGN KEY)
    retry,             // serialization failure, deadlock, database busy
    other,
  };
  DbError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }
  bool passing() const noexcept override { return kind_ == Kind::unavailable; }

 private:
  Kind kind_;
};

// One row of a result; every cell is kept as text (or null) as both engines
// can render it, and converted on access.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  std::size_t size() const noexcept { return cells_.size(); }
  bool is_null(std::size_t col) const;
  const std::string& text(std::size_t col) const;  // throws DbError(other) on null
  std::optional<std::string> opt_text(std::size_t col) const;
  std::int64_t integer(std::size_t col) const;
  std::optional<std::int64_t> opt_integer(std::size_t col) const;
  double real(std::size_t col) const;

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const noexcept { return rows.empty(); }
};

// A connection borrowed for one unit of work.
class Session {
 public:
  virtual ~Session() = default;
  virtual Result exec(std::string_view sql, const Params& params = {}) = 0;
};

struct Migration {
  int version;
  std::string name;
  std::string sql;  // may hold several statements separated by ';'
  // Set for what only one engine has (a search index); the other skips it.
  std::optional<Engine> engine = std::nullopt;
};

struct Options {
  int pool_size = 8;  // reader threads, each with a connection
  int statement_timeout_ms = 5000;
  int busy_timeout_ms = 5000;  // SQLite only
  // PostgreSQL: connections (each with a thread) that commit transactions
  // in groups. SQLite always has one. On 2 cores one committer, whose
  // batches grow larger, carried the most bookings.
  int committers = 1;
};

// A service's database, for coroutines: a read runs on one of the reader
// threads, a transaction on a committer thread, and the awaiting coroutine
// continues on its own executor once the answer is there (for a
// transaction, once the commit that holds it is durable). Thread-safe.
class Database {
 public:
  virtual ~Database() = default;

  // url: "postgresql://..." / "postgres://..." for PostgreSQL; otherwise a
  // SQLite file path (optionally prefixed "sqlite:" or "sqlite://"). The
  // SQLite file's folder is created if missing.
  static std::unique_ptr<Database> open(const std::string& url, const Options& options = {});

  virtual Engine engine() const noexcept = 0;

  // Runs work(session) for reads, outside any explicit transaction, and
  // returns what it returns; retried on a DbError of kind retry. sql and the
  // session stay valid while the coroutine awaits.
  template <class Work>
  core::Task<std::invoke_result_t<Work&, Session&>> read(Work work);

  // One read statement. With no params, sql may hold several statements
  // separated by ';'.
  core::Task<Result> query(std::string_view sql, Params params = {});

  // One statement that writes, in a transaction of its own (see transaction).
  core::Task<Result> write(std::string_view sql, Params params = {});

  // Runs work inside one transaction and returns what it returns once that
  // is committed and durable; rolls back if work throws. A DbError of kind
  // retry (busy, serialization failure, deadlock) restarts the whole work, a
  // bounded number of times, so work must be repeatable. After a statement
  // fails inside work, the transaction is lost on both engines (as
  // PostgreSQL has it): later statements throw, and even if work catches the
  // error, the work is undone and that first error is rethrown. To tolerate
  // a duplicate, use ON CONFLICT DO NOTHING and look at affected.
  //
  // Works queued meanwhile are committed many to a transaction (each undone
  // alone if it fails) by the database's committer threads: one on SQLite,
  // Options::committers on PostgreSQL, so that one sync to disk makes a
  // whole batch durable. work runs on a committer thread: it must not wait
  // for this database (that throws std::logic_error).
  template <class Work>
  core::Task<std::invoke_result_t<Work&, Session&>> transaction(Work work);

  // Whether the database answers a trivial query now.
  virtual core::Task<bool> ping() = 0;

  // Whether a commit failed for want of the database (its disk full,
  // read-only, out of reach) within the last 3 seconds: a database may
  // answer reads while it refuses writes.
  virtual bool writes_failing() const noexcept { return false; }

  // Applies the migrations not yet recorded in schema_migrations, in version
  // order, each in its own transaction. Safe when several processes start at
  // once against the same database. Blocks: for start-up, before serving.
  void migrate(const std::vector<Migration>& migrations);

 protected:
  virtual core::Task<void> run_read(std::function<void(Session&)> work) = 0;
  virtual core::Task<void> run_transaction(std::function<void(Session&)> work) = 0;

 private:
  template <class Work>
  using Value = std::invoke_result_t<Work&, Session&>;
  using Runner = core::Task<void> (Database::*)(std::function<void(Session&)>);

  // Runs work through run_read or run_transaction and hands back its value
  // (of the attempt that counted, when a retry ran it again).
  template <class Work>
  core::Task<Value<Work>> run_for_value(Runner run, Work work);
};

template <class Work>
core::Task<Database::Value<Work>> Database::run_for_value(Runner run, Work work) {
  if constexpr (std::is_void_v<Value<Work>>) {
    co_await (this->*run)(std::ref(work));
  } else {
    std::optional<Value<Work>> value;
    co_await (this->*run)([&](Session& session) { value.emplace(work(session)); });
    co_return std::move(*value);
  }
}

template <class Work>
core::Task<std::invoke_result_t<Work&, Session&>> Database::read(Work work) {
  return run_for_value(&Database::run_read, std::move(work));
}

template <class Work>
core::Task<std::invoke_result_t<Work&, Session&>> Database::transaction(Work work) {
  return run_for_value(&Database::run_transaction, std::move(work));
}

}  // namespace eventbook::db
