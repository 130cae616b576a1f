#pragma once

#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "connection.hpp"

namespace eventbook::db::detail {

struct SqliteCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// One connection to a SQLite file in WAL mode, with its prepared statements
// cached by SQL text.
class SqliteConnection final : public Connection {
 public:
  // writer: the connection that runs a database's group commits. It keeps a
  // larger page cache: it is the only writer, so its cache stays valid from
  // one batch to the next.
  SqliteConnection(const std::string& path, const Options& options, bool writer = false);
  ~SqliteConnection() override;

  Result exec(std::string_view sql, const Params& params) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  bool alive() noexcept override { return true; }
  bool reusable() noexcept override;
  void lift_statement_timeout() override { timeout_lifted_ = true; }

 private:
  struct Prepared {
    SqliteStatement statement;
    std::vector<int> slots;  // slots[n - 1]: SQLite's index of parameter $n
  };
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  using Cache = std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>>;

  Prepared* prepare_cached(std::string_view sql);
  Result exec_script(std::string_view sql);
  Result run(sqlite3_stmt* statement, std::string_view sql);
  [[noreturn]] void fail(int code, std::string_view sql) const;
  static int on_progress(void* self) noexcept;

  SqliteHandle db_;
  Cache cache_;
  const std::chrono::milliseconds statement_timeout_;
  bool timeout_lifted_ = false;  // until the transaction ends
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
};

}  // namespace eventbook::db::detail
