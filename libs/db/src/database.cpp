#include "eventbook/db/database.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include "drivers.hpp"
#include "eventbook/core/loop.hpp"

namespace eventbook::db {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";
constexpr std::string_view kSelectVersions = "SELECT version FROM schema_migrations";
constexpr std::string_view kSelectVersion = "SELECT 1 FROM schema_migrations WHERE version = $1";
constexpr std::string_view kInsertVersion =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
// Held until the end of the transaction; the key is the same for every
// service, which is harmless as each service has its own database.
constexpr std::string_view kLockMigrations = "SELECT pg_advisory_xact_lock(7305512146911311461)";

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return std::string(text, size);
}

// Serializes migrating processes. SQLite needs nothing: BEGIN IMMEDIATE
// already admits one writer at a time. A migration takes as long as it
// takes (one may rewrite a large table), and so may waiting for another
// process's: neither has the statement timeout.
void lock_migrations(Database& database, Session& session) {
  detail::lift_statement_timeout(session);
  if (database.engine() == Engine::postgres) session.exec(kLockMigrations);
}

bool is_postgres_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& url, const Options& options) {
  if (options.pool_size < 1) {
    throw DbError(DbError::Kind::other, "pool_size must be at least 1");
  }
  if (is_postgres_url(url)) return detail::open_postgres(url, options);
  return detail::open_sqlite(url, options);
}

core::Task<Result> Database::query(std::string_view sql, Params params) {
  co_return co_await read([&](Session& session) { return session.exec(sql, params); });
}

core::Task<Result> Database::write(std::string_view sql, Params params) {
  co_return co_await transaction([&](Session& session) { return session.exec(sql, params); });
}

void Database::migrate(const std::vector<Migration>& migrations) {
  std::vector<const Migration*> ordered;
  ordered.reserve(migrations.size());
  for (const auto& migration : migrations) {
    if (!migration.engine || *migration.engine == engine()) ordered.push_back(&migration);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration* a, const Migration* b) { return a->version < b->version; });
  const auto duplicate = std::adjacent_find(
      ordered.begin(), ordered.end(), [](const Migration* a, const Migration* b) { return a->version == b->version; });
  if (duplicate != ordered.end()) {
    throw DbError(DbError::Kind::other, "two migrations have version " + std::to_string((*duplicate)->version));
  }

  std::set<std::int64_t> applied;
  core::run_blocking(transaction([&](Session& session) {
    lock_migrations(*this, session);
    session.exec(kCreateMigrationsTable);
    applied.clear();
    for (const auto& row : session.exec(kSelectVersions).rows) applied.insert(row.integer(0));
  }));

  for (const Migration* migration : ordered) {
    if (applied.contains(migration->version)) continue;
    core::run_blocking(transaction([&](Session& session) {
      lock_migrations(*this, session);
      // Another process may have applied it while this one waited.
      if (!session.exec(kSelectVersion, {std::int64_t{migration->version}}).empty()) return;
      session.exec(migration->sql);
      session.exec(kInsertVersion, {std::int64_t{migration->version}, migration->name, utc_now()});
    }));
  }
}

}  // namespace eventbook::db
