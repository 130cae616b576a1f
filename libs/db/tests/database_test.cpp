#include "eventbook/core/error.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/db/blocking.hpp"
#include "support/eventually.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace eventbook::db {
namespace {

using namespace std::chrono_literals;
using Kind = DbError::Kind;

constexpr const char* kPgUrlVariable = "EVENTBOOK_TEST_PG_URL";

std::string pg_url() {
  const char* url = std::getenv(kPgUrlVariable);
  return url ? url : "";
}

std::string with_query(const std::string& url, const std::string& parameter) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

// The kind of the DbError that action throws; fails the test if none.
Kind failure_kind(const std::function<void()>& action) {
  try {
    action();
  } catch (const DbError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "expected a DbError";
  return Kind::other;
}

using blocking::exec;
using blocking::query;

template <class Work>
void transact(Database& db, Work work) {
  blocking::transaction(db, std::move(work));
}

bool ping(Database& db) { return core::run_blocking(db.ping()); }

// Runs every task at once on this thread, until all have ended.
void run_together(std::vector<core::Task<void>> tasks) {
  core::Loop loop;
  std::size_t left = tasks.size();
  for (auto& task : tasks) {
    core::spawn(loop, std::move(task), [&](core::Outcome<void> outcome) {
      if (outcome.error) ADD_FAILURE() << core::describe(outcome.error);
      loop.update([&] { --left; });
    });
  }
  loop.run_until([&] { return left == 0; });
}

std::int64_t count_rows(Database& db, const std::string& table) {
  return query(db, "SELECT COUNT(*) FROM " + table).rows.at(0).integer(0);
}

// Runs every case against both engines: SQLite on a fresh file, PostgreSQL on
// the database named by EVENTBOOK_TEST_PG_URL. The PostgreSQL database is
// shared, so tables and schemas are named after the test and the process and
// dropped before and after.
class DatabaseTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    const std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    // Short enough to keep names under PostgreSQL's 63 characters.
    for (char c : test_name) {
      if (std::isalnum(static_cast<unsigned char>(c)) && suffix_.size() < 32) {
        suffix_ += static_cast<char>(std::tolower(c));
      }
    }
    suffix_ += postgres() ? "_pg" : "_sl";
    suffix_ += "_" + std::to_string(::getpid());

    if (GetParam() == Engine::postgres) {
      url_ = pg_url();
      if (url_.empty()) {
        GTEST_SKIP() << kPgUrlVariable
                     << " is not set: PostgreSQL not tested. Run `scripts/postgres start` and set "
                        "it to the output of `scripts/postgres url eventbook_test`.";
      }
    } else {
      folder_ = std::filesystem::temp_directory_path() / ("eventbook-db-test-" + suffix_);
      std::filesystem::remove_all(folder_);
      url_ = "sqlite:" + (folder_ / "test.db").string();
    }
    db_ = Database::open(url_);
    ASSERT_EQ(db_->engine(), GetParam());
  }

  void TearDown() override {
    if (db_) {
      // Newest first: a later table may reference an earlier one.
      for (auto name = tables_.rbegin(); name != tables_.rend(); ++name) {
        exec(*db_, "DROP TABLE IF EXISTS " + *name);
      }
      for (const auto& name : schemas_) exec(*db_, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
    db_.reset();
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
  }

  bool postgres() const { return GetParam() == Engine::postgres; }

  // A table name of this test alone, free to create.
  std::string table(const std::string& base) {
    std::string name = base + "_" + suffix_;
    exec(*db_, "DROP TABLE IF EXISTS " + name);
    tables_.push_back(name);
    return name;
  }

  // A URL whose unqualified tables (schema_migrations included) belong to
  // this test alone.
  std::string isolated_url() {
    if (!postgres()) return url_;
    const std::string schema = "s_" + suffix_;
    exec(*db_, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    exec(*db_, "CREATE SCHEMA " + schema);
    schemas_.push_back(schema);
    return with_query(url_, "options=-csearch_path%3D" + schema);
  }

  std::string url_;
  std::unique_ptr<Database> db_;

 private:
  std::string suffix_;
  std::filesystem::path folder_;
  std::vector<std::string> tables_;
  std::vector<std::string> schemas_;
};

TEST_P(DatabaseTest, ParamsOfEachTypeRoundTrip) {
  const auto t = table("vals");
  exec(*db_, "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT, z TEXT)");

  // Numbered out of order in the text.
  const std::string insert = "INSERT INTO " + t + " (id, i, d, s, z) VALUES ($5, $3, $1, $4, $2)";
  exec(*db_, insert, {2.5, nullptr, std::int64_t{42}, std::string("it's \"quoted\", ünïcödé"), std::int64_t{1}});
  exec(*db_, insert, {-0.1, std::string("x"), std::int64_t{INT64_MIN}, std::string(""), std::int64_t{2}});
  exec(*db_, insert, {1e300, nullptr, std::int64_t{INT64_MAX}, nullptr, std::int64_t{3}});

  const auto result = exec(*db_, "SELECT i, d, s, z FROM " + t + " ORDER BY id");
  ASSERT_EQ(result.rows.size(), 3u);
  const Row& first = result.rows[0];
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first.integer(0), 42);
  EXPECT_DOUBLE_EQ(first.real(1), 2.5);
  EXPECT_EQ(first.text(2), "it's \"quoted\", ünïcödé");
  EXPECT_TRUE(first.is_null(3));
  EXPECT_EQ(first.opt_text(3), std::nullopt);

  const Row& second = result.rows[1];
  EXPECT_EQ(second.integer(0), INT64_MIN);
  EXPECT_EQ(second.real(1), -0.1);  // exact round trip
  EXPECT_EQ(second.text(2), "");
  EXPECT_FALSE(second.is_null(2));
  EXPECT_EQ(second.text(3), "x");

  const Row& third = result.rows[2];
  EXPECT_EQ(third.integer(0), INT64_MAX);
  EXPECT_EQ(third.real(1), 1e300);
  EXPECT_TRUE(third.is_null(2));

  // A parameter used twice, and one that comes before $1 in the text.
  const auto found =
      exec(*db_, "SELECT id FROM " + t + " WHERE i >= $2 AND i <= $2 AND id = $1", {std::int64_t{1}, std::int64_t{42}});
  ASSERT_EQ(found.rows.size(), 1u);
  EXPECT_EQ(found.rows[0].integer(0), 1);
  EXPECT_TRUE(exec(*db_, "SELECT id FROM " + t + " WHERE s = $1", {nullptr}).empty());
}

TEST_P(DatabaseTest, WrongParameterCountIsAnError) {
  const auto t = table("pc");
  exec(*db_, "CREATE TABLE " + t + " (a BIGINT, b BIGINT)");
  const std::string insert = "INSERT INTO " + t + " (a, b) VALUES ($1, $2)";
  EXPECT_EQ(failure_kind([&] { exec(*db_, insert, {std::int64_t{1}}); }), Kind::other);
  EXPECT_EQ(failure_kind([&] {
              exec(*db_, insert, {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}});
            }),
            Kind::other);
  // A gap in the numbering.
  EXPECT_EQ(
      failure_kind([&] {
        exec(*db_, "INSERT INTO " + t + " (a, b) VALUES ($1, $3)", {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}});
      }),
      Kind::other);
  exec(*db_, insert, {std::int64_t{1}, std::int64_t{2}});
  EXPECT_EQ(count_rows(*db_, t), 1);
}

TEST_P(DatabaseTest, ConstraintViolationsHaveTheirKind) {
  const auto parent = table("parent");
  const auto child = table("child");
  const auto t = table("people");
  exec(*db_, "CREATE TABLE " + parent + " (id INTEGER PRIMARY KEY)");
  exec(*db_, "CREATE TABLE " + child + " (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES " + parent +
                 " (id))");
  exec(*db_, "CREATE TABLE " + t + " (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, age BIGINT CHECK (age >= 0))");
  const std::string insert = "INSERT INTO " + t + " (id, email, age) VALUES ($1, $2, $3)";
  exec(*db_, insert, {std::string("u1"), std::string("a@example.com"), std::int64_t{30}});

  EXPECT_EQ(failure_kind([&] {
              exec(*db_, insert, {std::string("u1"), std::string("b@example.com"), std::int64_t{1}});
            }),
            Kind::unique_violation);
  EXPECT_EQ(failure_kind([&] {
              exec(*db_, insert, {std::string("u2"), std::string("a@example.com"), std::int64_t{1}});
            }),
            Kind::unique_violation);
  EXPECT_EQ(failure_kind([&] { exec(*db_, insert, {std::string("u3"), nullptr, std::int64_t{1}}); }), Kind::constraint);
  EXPECT_EQ(failure_kind([&] {
              exec(*db_, insert, {std::string("u4"), std::string("d@example.com"), std::int64_t{-1}});
            }),
            Kind::constraint);
  EXPECT_EQ(failure_kind([&] { exec(*db_, "INSERT INTO " + child + " (id, parent_id) VALUES (1, 99)"); }),
            Kind::constraint);
  EXPECT_EQ(failure_kind([&] { exec(*db_, "SELEKT 1"); }), Kind::other);
  EXPECT_EQ(count_rows(*db_, t), 1);
}

TEST_P(DatabaseTest, ExceptionInWorkRollsBack) {
  const auto t = table("rb");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY)");
  EXPECT_THROW(transact(*db_,
                        [&](Session& s) {
                          s.exec("INSERT INTO " + t + " (id) VALUES ($1)", {std::int64_t{1}});
                          EXPECT_EQ(s.exec("SELECT COUNT(*) FROM " + t).rows.at(0).integer(0), 1);
                          throw std::runtime_error("boom");
                        }),
               std::runtime_error);
  EXPECT_EQ(count_rows(*db_, t), 0);

  // The connections are fine afterwards, and the same statement works.
  transact(*db_, [&](Session& s) { s.exec("INSERT INTO " + t + " (id) VALUES ($1)", {std::int64_t{1}}); });
  EXPECT_EQ(count_rows(*db_, t), 1);
}

TEST_P(DatabaseTest, FailedStatementLosesTheTransaction) {
  const auto t = table("doom");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY)");
  exec(*db_, "INSERT INTO " + t + " (id) VALUES (1)");
  const std::string insert = "INSERT INTO " + t + " (id) VALUES ($1)";

  bool later_statement_failed = false;
  const Kind kind = failure_kind([&] {
    transact(*db_, [&](Session& s) {
      s.exec(insert, {std::int64_t{2}});
      EXPECT_THROW(s.exec(insert, {std::int64_t{1}}), DbError);
      try {
        s.exec(insert, {std::int64_t{3}});
      } catch (const DbError& e) {
        later_statement_failed = e.kind() == Kind::unique_violation;
      }
    });
  });
  EXPECT_EQ(kind, Kind::unique_violation);
  EXPECT_TRUE(later_statement_failed);
  EXPECT_EQ(count_rows(*db_, t), 1);

  // ON CONFLICT DO NOTHING is the way to tolerate a duplicate.
  transact(*db_, [&](Session& s) {
    EXPECT_EQ(s.exec(insert + " ON CONFLICT DO NOTHING", {std::int64_t{1}}).affected, 0);
    EXPECT_EQ(s.exec(insert + " ON CONFLICT DO NOTHING", {std::int64_t{2}}).affected, 1);
  });
  EXPECT_EQ(count_rows(*db_, t), 2);
}

TEST_P(DatabaseTest, RetryKindRestartsTheWork) {
  const auto t = table("retry");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY)");
  int attempts = 0;
  transact(*db_, [&](Session& s) {
    ++attempts;
    s.exec("INSERT INTO " + t + " (id) VALUES (1)");
    if (attempts == 1) throw DbError(Kind::retry, "simulated serialization failure");
  });
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(count_rows(*db_, t), 1);

  // Other kinds are not retried.
  attempts = 0;
  EXPECT_EQ(failure_kind([&] {
              transact(*db_, [&](Session&) {
                ++attempts;
                throw DbError(Kind::constraint, "no");
              });
            }),
            Kind::constraint);
  EXPECT_EQ(attempts, 1);
}

TEST_P(DatabaseTest, RetriesAreBounded) {
  int attempts = 0;
  EXPECT_EQ(failure_kind([&] {
              transact(*db_, [&](Session&) {
                ++attempts;
                throw DbError(Kind::retry, "always busy");
              });
            }),
            Kind::retry);
  EXPECT_GE(attempts, 3);
  EXPECT_LE(attempts, 20);
}

TEST_P(DatabaseTest, MigrateAppliesEachVersionOnceAcrossProcesses) {
  const std::string url = isolated_url();
  // Given out of order: version 2 needs version 1's table. Version 2 also
  // fails if it ever runs twice.
  const std::vector<Migration> migrations = {
      {2, "seed",
       "INSERT INTO items (id, name) VALUES (1, 'a');\nINSERT INTO items (id, name) VALUES (2, "
       "'b');"},
      {1, "create items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
  };

  constexpr int kInstances = 4;
  std::vector<std::unique_ptr<Database>> instances;
  for (int n = 0; n < kInstances; ++n) instances.push_back(Database::open(url));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& instance : instances) {
    threads.emplace_back([&, database = instance.get()] {
      try {
        database->migrate(migrations);
      } catch (const DbError& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  Database& db = *instances.front();
  const auto versions = exec(db, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_EQ(versions.rows.size(), 2u);
  EXPECT_EQ(versions.rows[0].integer(0), 1);
  EXPECT_EQ(versions.rows[0].text(1), "create items");
  EXPECT_EQ(versions.rows[0].text(2).size(), std::string("2024-01-01T00:00:00Z").size());
  EXPECT_EQ(versions.rows[1].integer(0), 2);
  EXPECT_EQ(count_rows(db, "items"), 2);

  // Idempotent, and a new version alone is applied later.
  instances.back()->migrate(migrations);
  auto more = migrations;
  more.push_back({3, "third", "INSERT INTO items (id, name) VALUES (3, 'c')"});
  instances.back()->migrate(more);
  db.migrate(more);
  EXPECT_EQ(count_rows(db, "items"), 3);
  EXPECT_EQ(count_rows(db, "schema_migrations"), 3);

  // A failing migration leaves no trace and stops the run.
  more.push_back({4, "broken", "INSERT INTO items (id, name) VALUES (4, 'd'); INSERT INTO nowhere VALUES (1)"});
  more.push_back({5, "after broken", "INSERT INTO items (id, name) VALUES (5, 'e')"});
  EXPECT_THROW(db.migrate(more), DbError);
  EXPECT_EQ(count_rows(db, "items"), 3);
  EXPECT_EQ(count_rows(db, "schema_migrations"), 3);
}

TEST_P(DatabaseTest, ConcurrentIncrementsAreNotLost) {
  const auto t = table("counter");
  exec(*db_, "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
  exec(*db_, "INSERT INTO " + t + " (id, n) VALUES (1, 0)");

  constexpr int kThreads = 8;
  constexpr int kTransactions = 200;
  const std::string increment = "UPDATE " + t + " SET n = n + 1 WHERE id = $1";
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([&] {
      for (int i = 0; i < kTransactions; ++i) {
        try {
          transact(*db_, [&](Session& s) {
            if (s.exec(increment, {std::int64_t{1}}).affected != 1) {
              throw std::logic_error("the counter row is missing");
            }
          });
        } catch (const std::exception& e) {
          if (errors++ == 0) ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(exec(*db_, "SELECT n FROM " + t).rows.at(0).integer(0), kThreads * kTransactions);
}

// Concurrent transactions that fail (a duplicate key, an exception of the
// work) lose only their own effects, however the engine groups commits.
TEST_P(DatabaseTest, ConcurrentFailuresStayWithTheirOwnTransaction) {
  const auto t = table("mixed");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, note TEXT NOT NULL)");
  exec(*db_, "INSERT INTO " + t + " (id, note) VALUES (0, 'taken')");
  constexpr int kThreads = 8;
  constexpr int kEach = 60;
  std::atomic<int> committed{0}, duplicates{0}, thrown{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([&, n] {
      for (int i = 0; i < kEach; ++i) {
        std::int64_t id = n * kEach + i + 1;
        try {
          transact(*db_, [&](Session& s) {
            s.exec("INSERT INTO " + t + " (id, note) VALUES ($1, 'first')", {id});
            if (i % 5 == 1) s.exec("INSERT INTO " + t + " (id, note) VALUES (0, 'clash')");
            if (i % 5 == 2) throw std::runtime_error("the work gives up");
            s.exec("UPDATE " + t + " SET note = 'second' WHERE id = $1", {id});
          });
          ++committed;
        } catch (const DbError& e) {
          EXPECT_EQ(e.kind(), DbError::Kind::unique_violation);
          ++duplicates;
        } catch (const std::runtime_error&) {
          ++thrown;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(committed.load(), kThreads * kEach * 3 / 5);
  EXPECT_EQ(duplicates.load(), kThreads * kEach / 5);
  EXPECT_EQ(thrown.load(), kThreads * kEach / 5);
  EXPECT_EQ(count_rows(*db_, t), 1 + committed.load());
  EXPECT_EQ(exec(*db_, "SELECT COUNT(*) FROM " + t + " WHERE note = 'second'").rows.at(0).integer(0), committed.load());
}

struct Outcomes {
  int committed = 0, duplicates = 0, thrown = 0, visible = 0, other_errors = 0;
  std::vector<int> left_behind;  // failed works whose row is there anyway
};

// Inserts row i, which clashes for one in three and gives up for another.
core::Task<void> insert_or_fail(Database& db, const std::string& t, int i, Outcomes& outcomes) {
  std::exception_ptr error;
  try {
    co_await db.transaction([&](Session& s) {
      s.exec("INSERT INTO " + t + " (id, note) VALUES ($1, 'first')", {std::int64_t{i}});
      if (i % 3 == 1) s.exec("INSERT INTO " + t + " (id, note) VALUES (0, 'clash')");
      if (i % 3 == 2) throw std::runtime_error("the work gives up");
    });
  } catch (...) {
    error = std::current_exception();
  }
  // Once the transaction has ended, its row is there or it is not.
  Params id{std::int64_t{i}};
  auto rows = co_await db.query("SELECT 1 FROM " + t + " WHERE id = $1", id);
  bool found = !rows.empty();
  if (!error) {
    ++outcomes.committed;
    outcomes.visible += found ? 1 : 0;
    co_return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const DbError& e) {
    ++(e.kind() == Kind::unique_violation ? outcomes.duplicates : outcomes.other_errors);
  } catch (const std::runtime_error&) {
    ++outcomes.thrown;
  }
  if (found) outcomes.left_behind.push_back(i);
}

TEST_P(DatabaseTest, TransactionsInFlightTogetherEachLearnTheirOwnOutcomeOnceCommitted) {
  const auto t = table("together");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, note TEXT NOT NULL)");
  exec(*db_, "INSERT INTO " + t + " (id, note) VALUES (0, 'taken')");
  constexpr int kJobs = 300;
  Outcomes outcomes;
  std::vector<core::Task<void>> tasks;
  for (int i = 1; i <= kJobs; ++i) tasks.push_back(insert_or_fail(*db_, t, i, outcomes));
  run_together(std::move(tasks));
  EXPECT_EQ(outcomes.committed, kJobs / 3);
  EXPECT_EQ(outcomes.visible, outcomes.committed);
  EXPECT_EQ(outcomes.duplicates, kJobs / 3);
  EXPECT_EQ(outcomes.thrown, kJobs / 3);
  EXPECT_EQ(outcomes.other_errors, 0);
  EXPECT_TRUE(outcomes.left_behind.empty()) << "failed works left rows, the first " << outcomes.left_behind.front();
  EXPECT_EQ(count_rows(*db_, t), 1 + outcomes.committed);
}

core::Task<void> note_transaction(Database& db, std::set<std::string>& transactions) {
  transactions.insert(
      co_await db.transaction([](Session& s) { return s.exec("SELECT txid_current()::text").rows.at(0).text(0); }));
}

TEST_P(DatabaseTest, TransactionsInFlightTogetherShareCommits) {
  if (!postgres()) GTEST_SKIP() << "needs PostgreSQL's transaction ids";
  constexpr int kJobs = 400;
  std::set<std::string> transactions;
  std::vector<core::Task<void>> tasks;
  for (int i = 0; i < kJobs; ++i) {
    tasks.push_back(note_transaction(*db_, transactions));
  }
  run_together(std::move(tasks));
  // Queued far faster than one commit takes: the committers carry many per
  // transaction.
  EXPECT_LT(transactions.size(), static_cast<std::size_t>(kJobs / 4)) << transactions.size() << " transactions";
}

TEST_P(DatabaseTest, WaitingOnTheCommitterFromItsOwnThreadIsRefused) {
  const auto t = table("selfwait");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT)");
  std::string refusal;
  transact(*db_, [&](Session& s) {
    s.exec("INSERT INTO " + t + " (id) VALUES (1)");
    try {
      exec(*db_, "INSERT INTO " + t + " (id) VALUES (2)");
      refusal = "written";
    } catch (const std::logic_error& error) {
      refusal = error.what();
    }
  });
  EXPECT_NE(refusal.find("would wait for itself"), std::string::npos) << refusal;
  EXPECT_EQ(count_rows(*db_, t), 1);
}

// Resumes a coroutine on whichever thread completed what it awaited, as the
// HTTP server does with a request's coroutine.
class InlineExecutor final : public core::Executor {
 public:
  void post(std::function<void()> work) override { work(); }
  void post_after(std::chrono::milliseconds, std::function<void()> work) override { work(); }
};

core::Task<std::vector<std::thread::id>> insert_twice(Database& db, std::string table) {
  std::vector<std::thread::id> threads;
  co_await db.transaction([&](Session& s) { s.exec("INSERT INTO " + table + " (id) VALUES (1)"); });
  threads.push_back(std::this_thread::get_id());
  co_await db.transaction([&](Session& s) { s.exec("INSERT INTO " + table + " (id) VALUES (2)"); });
  threads.push_back(std::this_thread::get_id());
  co_return threads;
}

TEST_P(DatabaseTest, ACoroutineResumedOnTheCommitterStartsItsNextTransaction) {
  const auto t = table("resumed");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT)");
  InlineExecutor inline_executor;
  std::promise<core::Outcome<std::vector<std::thread::id>>> ended;
  core::spawn(inline_executor, insert_twice(*db_, t),
              [&](core::Outcome<std::vector<std::thread::id>> outcome) { ended.set_value(std::move(outcome)); });
  auto outcome = ended.get_future().get();
  ASSERT_FALSE(outcome.error) << core::describe(outcome.error);
  ASSERT_EQ(outcome.value->size(), 2u);
  EXPECT_NE(outcome.value->front(), std::this_thread::get_id()) << "continued on a committer, not here";
  EXPECT_EQ(count_rows(*db_, t), 2);
}

// SQLite gathers a commit's WAL writes (see sqlite_wal_vfs.cpp): a commit far
// larger than what is gathered at once, with a page cache so small that the
// transaction spills pages to the WAL and reads them back before committing,
// must read and reopen exactly as written.
TEST_P(DatabaseTest, LargeCommitsReadBackAndReopenIntact) {
  if (postgres()) GTEST_SKIP() << "SQLite only";
  const auto t = table("large");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, body TEXT NOT NULL)");
  exec(*db_, "PRAGMA cache_size = 8");  // runs on the writer connection
  constexpr std::int64_t kRows = 4000;
  const std::string body(1000, 'x');
  std::int64_t seen_inside = 0;
  transact(*db_, [&](Session& s) {
    for (std::int64_t id = 1; id <= kRows; ++id) {
      s.exec("INSERT INTO " + t + " (id, body) VALUES ($1, $2)", {id, body + std::to_string(id)});
    }
    seen_inside = s.exec("SELECT SUM(id) FROM " + t + " WHERE body LIKE 'x%'").rows.at(0).integer(0);
  });
  const std::int64_t expected = kRows * (kRows + 1) / 2;
  EXPECT_EQ(seen_inside, expected);
  exec(*db_, "UPDATE " + t + " SET body = 'changed' WHERE id % 7 = 0");
  db_.reset();
  db_ = Database::open(url_);
  EXPECT_EQ(count_rows(*db_, t), kRows);
  EXPECT_EQ(exec(*db_, "SELECT SUM(id) FROM " + t).rows.at(0).integer(0), expected);
  EXPECT_EQ(exec(*db_, "SELECT COUNT(*) FROM " + t + " WHERE body = 'changed'").rows.at(0).integer(0), kRows / 7);
  EXPECT_EQ(exec(*db_, "SELECT body FROM " + t + " WHERE id = 3999").rows.at(0).text(0), body + "3999");
  EXPECT_EQ(exec(*db_, "PRAGMA integrity_check").rows.at(0).text(0), "ok");
}

TEST_P(DatabaseTest, ConditionalDecrementNeverOversells) {
  const auto seats = table("seats");
  const auto bookings = table("bookings");
  exec(*db_, "CREATE TABLE " + seats + " (id TEXT PRIMARY KEY, seats_left BIGINT NOT NULL)");
  exec(*db_, "CREATE TABLE " + bookings + " (id BIGINT PRIMARY KEY, event_id TEXT NOT NULL, seats BIGINT NOT NULL)");
  constexpr std::int64_t kCapacity = 100;
  exec(*db_, "INSERT INTO " + seats + " (id, seats_left) VALUES ($1, $2)", {std::string("ev1"), kCapacity});

  const std::string reserve =
      "UPDATE " + seats + " SET seats_left = seats_left - $1 WHERE id = $2 AND seats_left >= $1";
  const std::string record = "INSERT INTO " + bookings + " (id, event_id, seats) VALUES ($1, $2, $3)";
  constexpr int kThreads = 8;
  constexpr int kAttempts = 30;  // 8 * 30 * 2 seats on average: far more than the capacity
  std::atomic<std::int64_t> granted{0};
  std::atomic<int> refused{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([&, n] {
      for (int i = 0; i < kAttempts; ++i) {
        const std::int64_t wanted = 1 + (n + i) % 3;
        const std::int64_t booking_id = n * 1000 + i;
        bool got = false;
        try {
          transact(*db_, [&](Session& s) {
            got = s.exec(reserve, {wanted, std::string("ev1")}).affected == 1;
            if (got) s.exec(record, {booking_id, std::string("ev1"), wanted});
          });
        } catch (const std::exception& e) {
          if (errors++ == 0) ADD_FAILURE() << e.what();
          continue;
        }
        if (got) {
          granted += wanted;
        } else {
          ++refused;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);

  const std::int64_t left =
      exec(*db_, "SELECT seats_left FROM " + seats + " WHERE id = $1", {std::string("ev1")}).rows.at(0).integer(0);
  const auto booked = exec(*db_, "SELECT COALESCE(SUM(seats), 0) FROM " + bookings);
  EXPECT_GE(left, 0);
  EXPECT_LT(left, 3);  // demand exceeded supply: only leftovers too small to grant remain
  EXPECT_EQ(booked.rows.at(0).integer(0), granted.load());
  EXPECT_EQ(left + granted.load(), kCapacity);
  EXPECT_GT(refused.load(), 0);
}

TEST_P(DatabaseTest, AffectedCounts) {
  const auto t = table("aff");
  EXPECT_EQ(exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, grp TEXT NOT NULL)").affected, 0);
  EXPECT_EQ(exec(*db_, "INSERT INTO " + t + " (id, grp) VALUES (1, 'a')").affected, 1);
  EXPECT_EQ(exec(*db_, "INSERT INTO " + t + " (id, grp) VALUES (2, 'a'), (3, 'b'), (4, 'b')").affected, 3);
  EXPECT_EQ(exec(*db_, "UPDATE " + t + " SET grp = 'c' WHERE grp = $1", {std::string("b")}).affected, 2);
  EXPECT_EQ(exec(*db_, "UPDATE " + t + " SET grp = 'c' WHERE grp = $1", {std::string("zzz")}).affected, 0);
  // A statement that changes nothing reports 0, not the count of the last write.
  EXPECT_EQ(exec(*db_, "SELECT id FROM " + t).affected, 0);
  const auto other = table("aff2");
  EXPECT_EQ(exec(*db_, "CREATE TABLE " + other + " (id BIGINT)").affected, 0);
  EXPECT_EQ(exec(*db_, "INSERT INTO " + t + " (id, grp) VALUES (1, 'x') ON CONFLICT DO NOTHING").affected, 0);
  EXPECT_EQ(exec(*db_, "DELETE FROM " + t + " WHERE id > $1", {std::int64_t{1}}).affected, 3);
  EXPECT_EQ(exec(*db_, "DELETE FROM " + t).affected, 1);
}

TEST_P(DatabaseTest, Returning) {
  const auto t = table("ret");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, name TEXT NOT NULL, qty BIGINT NOT NULL)");
  const auto inserted = exec(*db_, "INSERT INTO " + t + " (id, name, qty) VALUES ($1, $2, $3) RETURNING id, name",
                             {std::int64_t{7}, std::string("seven"), std::int64_t{5}});
  ASSERT_EQ(inserted.rows.size(), 1u);
  EXPECT_EQ(inserted.rows[0].integer(0), 7);
  EXPECT_EQ(inserted.rows[0].text(1), "seven");
  EXPECT_EQ(inserted.affected, 1);

  exec(*db_, "INSERT INTO " + t + " (id, name, qty) VALUES (8, 'eight', 1)");
  const auto updated =
      exec(*db_, "UPDATE " + t + " SET qty = qty - $1 WHERE qty >= $1 RETURNING id, qty", {std::int64_t{2}});
  ASSERT_EQ(updated.rows.size(), 1u);
  EXPECT_EQ(updated.rows[0].integer(0), 7);
  EXPECT_EQ(updated.rows[0].integer(1), 3);
  EXPECT_EQ(updated.affected, 1);

  const auto conflicted =
      exec(*db_, "INSERT INTO " + t + " (id, name, qty) VALUES (7, 'again', 0) ON CONFLICT DO NOTHING RETURNING id");
  EXPECT_TRUE(conflicted.empty());

  const auto deleted = exec(*db_, "DELETE FROM " + t + " RETURNING id");
  std::set<std::int64_t> ids;
  for (const auto& row : deleted.rows) ids.insert(row.integer(0));
  EXPECT_EQ(ids, (std::set<std::int64_t>{7, 8}));
}

TEST_P(DatabaseTest, SeveralStatementsInOneExec) {
  const auto t = table("multi");
  exec(*db_, "CREATE TABLE " + t +
                 " (id BIGINT PRIMARY KEY);\n"
                 "INSERT INTO " +
                 t +
                 " (id) VALUES (1);\n"
                 "-- a comment between statements\n"
                 "INSERT INTO " +
                 t + " (id) VALUES (2);\n");
  EXPECT_EQ(count_rows(*db_, t), 2);
  EXPECT_EQ(failure_kind([&] {
              exec(*db_, "INSERT INTO " + t + " (id) VALUES ($1); INSERT INTO " + t + " (id) VALUES (9)",
                   {std::int64_t{3}});
            }),
            Kind::other);
  EXPECT_EQ(count_rows(*db_, t), 2);
}

TEST_P(DatabaseTest, StatementCacheSurvivesSchemaChange) {
  const auto t = table("shape");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, a TEXT)");
  exec(*db_, "INSERT INTO " + t + " (id, a) VALUES (1, 'x')");
  const std::string select = "SELECT * FROM " + t + " WHERE id = $1";
  EXPECT_EQ(exec(*db_, select, {std::int64_t{1}}).rows.at(0).size(), 2u);
  exec(*db_, "ALTER TABLE " + t + " ADD COLUMN b TEXT");
  EXPECT_EQ(exec(*db_, select, {std::int64_t{1}}).rows.at(0).size(), 3u);
  transact(*db_, [&](Session& s) { EXPECT_EQ(s.exec(select, {std::int64_t{1}}).rows.at(0).size(), 3u); });
}

TEST_P(DatabaseTest, StatementTimeout) {
  Options options;
  options.statement_timeout_ms = 200;
  auto db = Database::open(url_, options);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(failure_kind([&] {
              exec(*db,
                   "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
                   "SELECT COUNT(*) FROM c");
            }),
            Kind::other);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  EXPECT_TRUE(ping(*db));
}

// A migration that rewrites a large table runs as long as it takes; the
// statements after it have their timeout again.
TEST_P(DatabaseTest, AMigrationRunsPastTheStatementTimeout) {
  Options options;
  options.statement_timeout_ms = 20;
  const auto url = isolated_url();  // a schema_migrations of its own
  auto db = Database::open(url, options);
  const auto t = table("rewritten");
  const std::string slow =
      "WITH RECURSIVE c (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT COUNT(*) FROM c";
  ASSERT_EQ(failure_kind([&] { exec(*db, slow); }), Kind::other);  // slower than the timeout
  db->migrate({{1, "slow", "CREATE TABLE " + t + " AS " + slow}});
  EXPECT_EQ(exec(*db, "SELECT * FROM " + t).rows.at(0).integer(0), 3000000);
  EXPECT_EQ(failure_kind([&] { exec(*db, slow); }), Kind::other);
  EXPECT_EQ(failure_kind([&] { transact(*db, [&](Session& s) { s.exec(slow); }); }), Kind::other);

  // A second process waits for the first's slow migration, however long.
  auto second = Database::open(url, options);
  const auto u = table("rewritten_too");
  const std::vector<Migration> migrations = {{2, "slow too", "CREATE TABLE " + u + " AS " + slow}};
  std::thread first([&] { db->migrate(migrations); });
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_NO_THROW(second->migrate(migrations));
  first.join();
  EXPECT_EQ(exec(*second, "SELECT * FROM " + u).rows.at(0).integer(0), 3000000);
}

// Two transactions update two rows in opposite order. PostgreSQL detects the
// deadlock and aborts one (40P01), which must be retried; SQLite lets one
// wait for the other at BEGIN IMMEDIATE. Either way both complete.
TEST_P(DatabaseTest, CrossingLocksBothComplete) {
  const auto t = table("pair");
  exec(*db_, "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
  exec(*db_, "INSERT INTO " + t + " (id, n) VALUES (1, 0), (2, 0)");
  const std::string bump = "UPDATE " + t + " SET n = n + 1 WHERE id = $1";
  // Two committers on PostgreSQL, so that the two transactions run at once.
  auto db = Database::open(url_, {.committers = 2});

  std::mutex mutex;
  std::condition_variable both_started;
  int first_updates = 0;
  std::atomic<int> attempts{0};
  auto worker = [&](std::int64_t mine, std::int64_t theirs) {
    bool first_attempt = true;
    transact(*db, [&](Session& s) {
      ++attempts;
      s.exec(bump, {mine});
      if (first_attempt) {
        first_attempt = false;
        std::unique_lock lock(mutex);
        ++first_updates;
        both_started.notify_all();
        both_started.wait_for(lock, 2s, [&] { return first_updates >= 2; });
      }
      s.exec(bump, {theirs});
    });
  };
  std::thread a(worker, 1, 2);
  {
    // The second is queued once the first holds its row: each committer takes one.
    std::unique_lock lock(mutex);
    both_started.wait_for(lock, 10s, [&] { return first_updates >= 1; });
  }
  std::thread b(worker, 2, 1);
  a.join();
  b.join();

  const auto rows = query(*db_, "SELECT n FROM " + t + " ORDER BY id");
  EXPECT_EQ(rows.rows.at(0).integer(0), 2);
  EXPECT_EQ(rows.rows.at(1).integer(0), 2);
  if (postgres()) {
    EXPECT_GE(attempts.load(), 3) << "the deadlock victim was not retried";
  }
}

TEST_P(DatabaseTest, BusyDatabaseIsRetryKind) {
  if (postgres()) GTEST_SKIP() << "SQLite only: PostgreSQL writers wait for row locks instead";
  Options options;
  options.busy_timeout_ms = 10;
  auto other = Database::open(url_, options);
  const auto t = table("busy");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT)");

  std::mutex mutex;
  std::condition_variable changed;
  bool holding = false;
  bool release = false;
  std::thread holder([&] {
    transact(*db_, [&](Session& s) {
      s.exec("INSERT INTO " + t + " (id) VALUES (1)");
      std::unique_lock lock(mutex);
      holding = true;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
    });
  });
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return holding; });
  }
  EXPECT_EQ(failure_kind([&] { exec(*other, "INSERT INTO " + t + " (id) VALUES (2)"); }), Kind::retry);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  holder.join();
  exec(*other, "INSERT INTO " + t + " (id) VALUES (2)");
  EXPECT_EQ(count_rows(*db_, t), 2);
}

TEST_P(DatabaseTest, DroppedConnectionIsReplaced) {
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only: SQLite has no server to lose";
  const std::string application = "eventbook_drop_" + std::to_string(::getpid());
  auto db = Database::open(with_query(url_, "application_name=" + application));
  Options one;
  one.pool_size = 1;
  auto single = Database::open(with_query(url_, "application_name=" + application), one);
  EXPECT_EQ(exec(*db, "SELECT 1").rows.at(0).integer(0), 1);
  EXPECT_TRUE(ping(*single));

  const auto killed =
      exec(*db_, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", {application});
  EXPECT_EQ(killed.rows.size(), 2u);
  // pg_terminate_backend only signals: wait until both backends have left.
  EXPECT_TRUE(testing::eventually(
      [&] {
        return exec(*db_, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1", {application})
                   .rows.at(0)
                   .integer(0) == 0;
      },
      std::chrono::seconds(10), "the terminated backends are gone"));
  // A backend leaves pg_stat_activity just before its process exits and
  // closes the socket; nothing the test can query marks the close itself,
  // so a short margin for it.
  std::this_thread::sleep_for(100ms);

  EXPECT_EQ(exec(*db, "SELECT 2").rows.at(0).integer(0), 2);
  EXPECT_TRUE(ping(*single));
  transact(*db, [](Session& s) { EXPECT_EQ(s.exec("SELECT 3").rows.at(0).integer(0), 3); });
}

TEST_P(DatabaseTest, UnreachableDatabaseIsUnavailable) {
  if (postgres()) {
    Options options;
    options.pool_size = 2;
    auto db = Database::open("postgresql://eventbook:eventbook@127.0.0.1:1/nothing", options);
    EXPECT_FALSE(ping(*db));
    EXPECT_EQ(failure_kind([&] { exec(*db, "SELECT 1"); }), Kind::unavailable);
    EXPECT_EQ(failure_kind([&] { transact(*db, [](Session&) {}); }), Kind::unavailable);
  } else {
    EXPECT_EQ(failure_kind([] { Database::open("/proc/eventbook-nowhere/x.db"); }), Kind::unavailable);
  }
  EXPECT_TRUE(ping(*db_));
}

TEST_P(DatabaseTest, ReadsRunWhileAWriteTransactionIsOpen) {
  const auto t = table("readers");
  exec(*db_, "CREATE TABLE " + t + " (id BIGINT)");
  exec(*db_, "INSERT INTO " + t + " (id) VALUES (1)");
  transact(*db_, [&](Session& s) {
    s.exec("INSERT INTO " + t + " (id) VALUES (2)");
    // Another connection sees the committed state, without waiting.
    EXPECT_EQ(count_rows(*db_, t), 1);
  });
  EXPECT_EQ(count_rows(*db_, t), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const ::testing::TestParamInfo<Engine>& info) {
                           return info.param == Engine::sqlite ? "sqlite" : "postgres";
                         });

TEST(SqliteOpenTest, UrlFormsAndSettings) {
  const auto folder = std::filesystem::temp_directory_path() / ("eventbook-db-open-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  for (const std::string prefix : {"", "sqlite:", "sqlite://"}) {
    const auto file = folder / ("nested" + std::to_string(prefix.size())) / "deeper" / "x.db";
    auto db = Database::open(prefix + file.string());
    EXPECT_EQ(db->engine(), Engine::sqlite);
    EXPECT_TRUE(std::filesystem::exists(file)) << prefix;
    EXPECT_EQ(exec(*db, "PRAGMA journal_mode").rows.at(0).text(0), "wal");
    EXPECT_EQ(exec(*db, "PRAGMA synchronous").rows.at(0).integer(0), 2);  // FULL
    EXPECT_EQ(exec(*db, "PRAGMA foreign_keys").rows.at(0).integer(0), 1);
    transact(*db, [](Session& s) { EXPECT_EQ(s.exec("PRAGMA foreign_keys").rows.at(0).integer(0), 1); });
  }
  std::filesystem::remove_all(folder);
}

TEST(DatabaseOpenTest, RejectsBadOptionsAndUrls) {
  Options options;
  options.pool_size = 0;
  EXPECT_THROW(Database::open("postgresql://127.0.0.1/x", options), DbError);
  EXPECT_THROW(Database::open("postgresql://127.0.0.1/x?nonsense=1"), DbError);
}

}  // namespace
}  // namespace eventbook::db
