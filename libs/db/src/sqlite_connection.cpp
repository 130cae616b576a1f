#include "sqlite_connection.hpp"
#include "sqlite_wal_vfs.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <system_error>
#include <variant>

#include "drivers.hpp"
#include "pooled_database.hpp"
#include "text_format.hpp"

namespace eventbook::db::detail {
namespace {

constexpr std::size_t kMaxCachedStatements = 256;
// How many virtual machine steps pass between two looks at the clock.
constexpr int kProgressInterval = 1000;
constexpr int kMaxParameter = 65535;

DbError::Kind kind_of(int code) {
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_ROWID) {
        return DbError::Kind::unique_violation;
      }
      return DbError::Kind::constraint;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbError::Kind::retry;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return DbError::Kind::unavailable;
    default:
      return DbError::Kind::other;
  }
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

// Maps each $n of the statement to SQLite's own parameter index.
std::vector<int> parameter_slots(sqlite3_stmt* statement, std::string_view sql) {
  std::vector<int> slots;
  const int count = sqlite3_bind_parameter_count(statement);
  for (int index = 1; index <= count; ++index) {
    const char* name = sqlite3_bind_parameter_name(statement, index);
    int number = 0;
    bool valid = name != nullptr && name[0] == '$';
    if (valid) {
      const std::string_view digits(name + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
      valid = ec == std::errc{} && end == digits.data() + digits.size() && number >= 1 && number <= kMaxParameter;
    }
    if (!valid) {
      throw DbError(DbError::Kind::other, "parameters are written $1, $2, ...; got '" + std::string(name ? name : "?") +
                                              "' in: " + excerpt(sql));
    }
    if (slots.size() < static_cast<std::size_t>(number)) slots.resize(number, 0);
    slots[number - 1] = index;
  }
  for (std::size_t n = 0; n < slots.size(); ++n) {
    if (slots[n] == 0) {
      throw DbError(DbError::Kind::other, "parameter $" + std::to_string(n + 1) + " is not used in: " + excerpt(sql));
    }
  }
  return slots;
}

std::optional<std::string> cell(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
      return std::nullopt;
    case SQLITE_INTEGER:
      return format_number(static_cast<std::int64_t>(sqlite3_column_int64(statement, column)));
    case SQLITE_FLOAT:
      return format_number(sqlite3_column_double(statement, column));
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      const int size = sqlite3_column_bytes(statement, column);
      return text ? std::string(text, size) : std::string();
    }
  }
}

// A cached statement goes back to its clean state after every use: left
// unreset it would hold a read snapshot open.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

class DeadlineScope {
 public:
  DeadlineScope(std::chrono::steady_clock::time_point& deadline, std::chrono::milliseconds timeout)
      : deadline_(deadline) {
    if (timeout.count() > 0) deadline_ = std::chrono::steady_clock::now() + timeout;
  }
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;
  ~DeadlineScope() { deadline_ = std::chrono::steady_clock::time_point::max(); }

 private:
  std::chrono::steady_clock::time_point& deadline_;
};

std::string sqlite_path(const std::string& url) {
  for (std::string_view prefix : {"sqlite://", "sqlite:"}) {
    if (url.starts_with(prefix)) return url.substr(prefix.size());
  }
  return url;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, const Options& options, bool writer)
    : statement_timeout_(options.statement_timeout_ms) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int code = sqlite3_open_v2(path.c_str(), &raw, flags, gathering_wal_vfs());
  db_.reset(raw);
  if (code != SQLITE_OK) {
    throw DbError(DbError::Kind::unavailable,
                  "cannot open SQLite database " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(code)));
  }
  sqlite3_extended_result_codes(db_.get(), 1);
  sqlite3_busy_timeout(db_.get(), options.busy_timeout_ms);
  sqlite3_progress_handler(db_.get(), kProgressInterval, &SqliteConnection::on_progress, this);

  const Result mode = exec_script("PRAGMA journal_mode = WAL");
  if (mode.rows.empty() || mode.rows.front().opt_text(0) != "wal") {
    throw DbError(DbError::Kind::unavailable, "cannot switch SQLite database " + path + " to WAL");
  }
  // FULL: a commit is on disk before COMMIT returns.
  // temp_store MEMORY keeps the savepoint journal of a group commit in
  // memory instead of writing every page it touches to a temporary file.
  exec_script("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY");
  // The writer checkpoints (copies the WAL back into the database) when the
  // WAL passes 10,000 pages instead of SQLite's 1,000: a page changed many
  // times in between is copied once (embedded booking flood: ~18% less CPU
  // per booking). The WAL file grows to about 40 MB per database. Its page
  // cache holds 16 MiB.
  if (writer) exec_script("PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 10000");
}

SqliteConnection::~SqliteConnection() = default;

Result SqliteConnection::exec(std::string_view sql, const Params& params) {
  DeadlineScope deadline(deadline_, timeout_lifted_ ? std::chrono::milliseconds(0) : statement_timeout_);
  Prepared* prepared = prepare_cached(sql);
  if (prepared == nullptr) {
    if (!params.empty()) {
      throw DbError(DbError::Kind::other, "parameters cannot be used with several statements: " + excerpt(sql));
    }
    return exec_script(sql);
  }
  if (params.size() != prepared->slots.size()) {
    throw DbError(DbError::Kind::other, "statement takes " + std::to_string(prepared->slots.size()) + " parameters, " +
                                            std::to_string(params.size()) + " given: " + excerpt(sql));
  }

  sqlite3_stmt* statement = prepared->statement.get();
  ResetOnExit reset(statement);
  for (std::size_t n = 0; n < params.size(); ++n) {
    const int index = prepared->slots[n];
    const int code = std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            return sqlite3_bind_null(statement, index);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return sqlite3_bind_int64(statement, index, value);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(statement, index, value);
          } else {
            // SQLITE_STATIC: params outlive the statement's use here.
            return sqlite3_bind_text64(statement, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
          }
        },
        params[n]);
    if (code != SQLITE_OK) fail(code, sql);
  }
  return run(statement, sql);
}

SqliteConnection::Prepared* SqliteConnection::prepare_cached(std::string_view sql) {
  if (auto found = cache_.find(sql); found != cache_.end()) return &found->second;

  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int code =
      sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  SqliteStatement statement(raw);
  if (code != SQLITE_OK) fail(code, sql);
  if (!statement) throw DbError(DbError::Kind::other, "empty statement: '" + excerpt(sql) + "'");
  if (!is_blank(std::string_view(tail, sql.data() + sql.size() - tail))) return nullptr;

  Prepared prepared{std::move(statement), parameter_slots(raw, sql)};
  // Services use a fixed set of statements; this only bounds a runaway caller.
  if (cache_.size() >= kMaxCachedStatements) cache_.clear();
  return &cache_.emplace(std::string(sql), std::move(prepared)).first->second;
}

Result SqliteConnection::exec_script(std::string_view sql) {
  Result last;
  const char* next = sql.data();
  const char* const end = sql.data() + sql.size();
  while (next < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int code = sqlite3_prepare_v2(db_.get(), next, static_cast<int>(end - next), &raw, &tail);
    SqliteStatement statement(raw);
    if (code != SQLITE_OK) fail(code, sql);
    if (tail == nullptr || tail <= next) break;
    next = tail;
    if (!statement) continue;  // only blanks or a comment
    if (sqlite3_bind_parameter_count(raw) > 0) {
      throw DbError(DbError::Kind::other, "parameters cannot be used with several statements: " + excerpt(sql));
    }
    last = run(raw, sql);
  }
  return last;
}

Result SqliteConnection::run(sqlite3_stmt* statement, std::string_view sql) {
  Result result;
  const auto changes_before = sqlite3_total_changes64(db_.get());
  for (;;) {
    const int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) fail(code, sql);
    // Counted after the step: a statement outdated by a schema change is
    // prepared again inside sqlite3_step, possibly with other columns.
    const int columns = sqlite3_column_count(statement);
    std::vector<std::optional<std::string>> cells;
    cells.reserve(columns);
    for (int column = 0; column < columns; ++column) cells.push_back(cell(statement, column));
    result.rows.emplace_back(std::move(cells));
  }
  // sqlite3_changes keeps the count of the last INSERT/UPDATE/DELETE, even
  // after other statements; only trust it if this statement changed rows.
  if (sqlite3_total_changes64(db_.get()) != changes_before) {
    result.affected = sqlite3_changes64(db_.get());
  }
  return result;
}

void SqliteConnection::begin() {
  // IMMEDIATE takes the write lock now: two transactions never both hold a
  // read lock and then wait on each other to upgrade it.
  exec("BEGIN IMMEDIATE", {});
}

void SqliteConnection::commit() {
  exec("COMMIT", {});
  timeout_lifted_ = false;
}

void SqliteConnection::rollback() noexcept {
  timeout_lifted_ = false;
  if (sqlite3_get_autocommit(db_.get()) != 0) return;  // some errors end the transaction
  // A failure leaves the transaction open, which reusable() reports.
  sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

bool SqliteConnection::reusable() noexcept { return sqlite3_get_autocommit(db_.get()) != 0; }

void SqliteConnection::fail(int code, std::string_view sql) const {
  if ((code & 0xff) == SQLITE_INTERRUPT) {
    throw DbError(DbError::Kind::other, "statement timeout (" + std::to_string(statement_timeout_.count()) +
                                            " ms) exceeded: " + excerpt(sql));
  }
  throw DbError(kind_of(code),
                std::string(sqlite3_errmsg(db_.get())) + " (" + sqlite3_errstr(code) + ") in: " + excerpt(sql));
}

int SqliteConnection::on_progress(void* self) noexcept {
  const auto* connection = static_cast<const SqliteConnection*>(self);
  return std::chrono::steady_clock::now() > connection->deadline_ ? 1 : 0;
}

std::unique_ptr<Database> open_sqlite(const std::string& url, const Options& options) {
  // Without memory statistics SQLite's allocator takes no process-wide lock;
  // many threads share it. Only possible before SQLite's first use.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;
  const std::string path = sqlite_path(url);
  if (path.empty()) throw DbError(DbError::Kind::other, "empty SQLite database path");
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
      throw DbError(DbError::Kind::unavailable, "cannot create folder " + folder.string() + ": " + error.message());
    }
  }
  const auto acquire_timeout =
      std::chrono::milliseconds(std::max(1000, options.busy_timeout_ms + options.statement_timeout_ms));
  // SQLite writers take turns: one committer, and each turn carries many.
  auto database = std::make_unique<PooledDatabase>(
      Engine::sqlite, std::filesystem::path(path).stem().string(), static_cast<std::size_t>(options.pool_size),
      acquire_timeout, [path, options] { return std::make_unique<SqliteConnection>(path, options); },
      PooledDatabase::GroupCommit{
          .factory = [path, options] { return std::make_unique<SqliteConnection>(path, options, /*writer=*/true); },
          .committers = 1});
  database->warm_up();
  return database;
}

}  // namespace eventbook::db::detail
