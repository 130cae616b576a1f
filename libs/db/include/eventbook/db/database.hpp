#pragma once

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

class DbError : public std::runtime_error {
 public:
  enum class Kind {
    unavailable,          // cannot connect, connection lost
    unique_violation,     // a UNIQUE or PRIMARY KEY constraint
    constraint,           // another constraint (CHECK, NOT NULL, FOREIGN KEY)
    retry,                // serialization failure, deadlock, database busy
    other,
  };
  DbError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

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
  int pool_size = 8;              // PostgreSQL connections; SQLite reader connections
  int statement_timeout_ms = 5000;
  int busy_timeout_ms = 5000;     // SQLite only
  // PostgreSQL: connections (each with a thread) that commit
  // transaction_async work in groups. SQLite always has one. On 2 cores one
  // committer, whose batches grow larger, carried the most bookings (1,170
  // to 1,210 a second, against 1,060 to 1,135 with two and 1,030 to 1,050
  // with four).
  int committers = 1;
};

// A service's database. Every call blocks: call it from a worker thread,
// never from an I/O thread. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;

  // url: "postgresql://..." / "postgres://..." for PostgreSQL; otherwise a
  // SQLite file path (optionally prefixed "sqlite:" or "sqlite://"). The
  // SQLite file's folder is created if missing.
  static std::unique_ptr<Database> open(const std::string& url, const Options& options = {});

  virtual Engine engine() const noexcept = 0;

  // One statement in its own implicit transaction; retried like a
  // transaction on a DbError of kind retry. With no params, sql may hold
  // several statements separated by ';'.
  virtual Result exec(std::string_view sql, const Params& params = {}) = 0;

  // Runs work inside one transaction and commits; rolls back if work throws.
  // A DbError of kind retry (busy, serialization failure, deadlock) restarts
  // the whole work, a bounded number of times, so work must be repeatable.
  // After a statement fails inside work, the transaction is lost on both
  // engines (as PostgreSQL has it): later statements throw, and even if work
  // catches the error, the transaction is rolled back and that first error is
  // rethrown. To tolerate a duplicate, use ON CONFLICT DO NOTHING and look at
  // affected. Do not open a transaction, or write through exec(), inside
  // work. On SQLite concurrent transactions are committed together by the
  // database's committer thread (one sync for the batch): it returns once the
  // commit that holds its work is durable.
  virtual void transaction(const std::function<void(Session&)>& work) = 0;
  // transaction() without waiting for it: done gets the outcome (null, or
  // the error that undid the work) once the commit holding the work is
  // durable. Queued works are committed many to a transaction (each undone
  // alone if it fails) by the database's committer threads: one on SQLite,
  // Options::committers on PostgreSQL. The work and done run on a committer
  // thread, after this returns: keep done short, and never wait on this
  // database there (on SQLite transaction() or a write through exec() throw
  // std::logic_error).
  virtual void transaction_async(std::function<void(Session&)> work, std::function<void(std::exception_ptr)> done);

  // Whether the database answers a trivial query now.
  virtual bool ping() noexcept = 0;

  // Applies the migrations not yet recorded in schema_migrations, in version
  // order, each in its own transaction. Safe when several processes start at
  // once against the same database.
  void migrate(const std::vector<Migration>& migrations);
};

// Database::transaction_async for a work that computes a value: done gets
// that value once the commit holding the work is durable, or the error (with
// a default-made value).
template <class Work, class Done>
void transaction_async(Database& database, Work work, Done done) {
  using Value = std::invoke_result_t<Work&, Session&>;
  auto value = std::make_shared<Value>();
  database.transaction_async([value, work = std::move(work)](Session& session) mutable { *value = work(session); },
                             [value, done = std::move(done)](std::exception_ptr error) mutable {
                               done(error, std::move(*value));
                             });
}

}  // namespace eventbook::db
