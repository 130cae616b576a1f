#include "postgres_connection.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <variant>
#include <vector>

#include "drivers.hpp"
#include "pooled_database.hpp"
#include "text_format.hpp"

namespace eventbook::db::detail {
namespace {

// Beyond this many distinct statements a connection stops preparing new ones
// and sends them unnamed, parsed each time.
constexpr std::size_t kMaxPrepared = 256;

DbError::Kind kind_of(std::string_view state) {
  if (state == "23505") return DbError::Kind::unique_violation;
  if (state.starts_with("23")) return DbError::Kind::constraint;
  if (state == "40001" || state == "40P01") return DbError::Kind::retry;
  // A protocol violation is a mistake of the caller (a wrong parameter
  // count), not a network problem.
  if (state == "08P01") return DbError::Kind::other;
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03") {
    return DbError::Kind::unavailable;
  }
  return DbError::Kind::other;
}

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

bool changes_rows(std::string_view command) {
  for (std::string_view verb : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (command.starts_with(verb)) return true;
  }
  return false;
}

Result to_result(const PGresult* result) {
  Result out;
  const int rows = PQntuples(result);
  const int columns = PQnfields(result);
  out.rows.reserve(rows);
  for (int row = 0; row < rows; ++row) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(columns);
    for (int column = 0; column < columns; ++column) {
      if (PQgetisnull(result, row, column)) {
        cells.emplace_back();
      } else {
        cells.emplace_back(std::string(PQgetvalue(result, row, column), PQgetlength(result, row, column)));
      }
    }
    out.rows.emplace_back(std::move(cells));
  }
  // PQcmdTuples also counts the rows of a SELECT; affected is for writes only.
  if (changes_rows(PQcmdStatus(const_cast<PGresult*>(result)))) {
    const std::string_view count = PQcmdTuples(const_cast<PGresult*>(result));
    std::from_chars(count.data(), count.data() + count.size(), out.affected);
  }
  return out;
}

bool is_stale_plan(const PGresult* result) {
  if (result == nullptr || PQresultStatus(result) != PGRES_FATAL_ERROR) return false;
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  return state != nullptr && std::string_view(state) == "0A000" && message != nullptr &&
         std::strstr(message, "cached plan") != nullptr;
}

}  // namespace

PostgresConnection::PostgresConnection(const std::string& url, const Options& options) {
  // Entries before dbname are defaults the URL may override.
  const char* const keys[] = {"connect_timeout",  "keepalives_idle", "keepalives_interval",
                              "keepalives_count", "dbname",          nullptr};
  const char* const values[] = {"5", "30", "10", "3", url.c_str(), nullptr};
  connection_.reset(PQconnectdbParams(keys, values, 1));
  if (!connection_) throw DbError(DbError::Kind::unavailable, "cannot allocate a PostgreSQL connection");
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    throw DbError(DbError::Kind::unavailable,
                  "cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(connection_.get())));
  }
  const std::string setup =
      "SET statement_timeout = " + std::to_string(options.statement_timeout_ms) + "; SET client_min_messages = warning";
  check(PgResultHandle(PQexec(connection_.get(), setup.c_str())), setup);
}

Result PostgresConnection::exec(std::string_view sql, const Params& params) {
  PGconn* connection = connection_.get();
  if (params.empty()) {
    // The simple protocol, which also runs several statements at once.
    const std::string text(sql);
    return to_result(check(PgResultHandle(PQexec(connection, text.c_str())), sql).get());
  }

  const int count = static_cast<int>(params.size());
  std::vector<std::string> rendered(params.size());
  std::vector<const char*> values(params.size());
  for (std::size_t n = 0; n < params.size(); ++n) {
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            values[n] = nullptr;
          } else if constexpr (std::is_same_v<T, std::string>) {
            if (value.find('\0') != std::string::npos) {
              throw DbError(DbError::Kind::other, "parameter $" + std::to_string(n + 1) + " holds a NUL character");
            }
            values[n] = value.c_str();
          } else {
            rendered[n] = format_number(value);
            values[n] = rendered[n].c_str();
          }
        },
        params[n]);
  }

  if (const std::string* name = prepared_name(sql, count)) {
    PgResultHandle result(PQexecPrepared(connection, name->c_str(), count, values.data(), nullptr, nullptr, 0));
    if (is_stale_plan(result.get())) {
      // The table changed shape since the statement was prepared. Prepare it
      // anew on the next attempt.
      prepared_.erase(prepared_.find(sql));
      throw DbError(DbError::Kind::retry, "prepared statement outdated by a schema change: " + excerpt(sql));
    }
    return to_result(check(std::move(result), sql).get());
  }
  const std::string text(sql);
  return to_result(
      check(PgResultHandle(PQexecParams(connection, text.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0)),
            sql)
          .get());
}

const std::string* PostgresConnection::prepared_name(std::string_view sql, int parameter_count) {
  if (auto found = prepared_.find(sql); found != prepared_.end()) return &found->second;
  if (prepared_.size() >= kMaxPrepared) return nullptr;
  std::string name = "eventbook_" + std::to_string(++next_statement_);
  std::string text(sql);
  check(PgResultHandle(PQprepare(connection_.get(), name.c_str(), text.c_str(), parameter_count, nullptr)), sql);
  return &prepared_.emplace(std::move(text), std::move(name)).first->second;
}

void PostgresConnection::begin() { exec("BEGIN", {}); }

void PostgresConnection::commit() {
  auto result = check(PgResultHandle(PQexec(connection_.get(), "COMMIT")), "COMMIT");
  // The server answers ROLLBACK to COMMIT when the transaction had failed.
  if (std::string_view(PQcmdStatus(result.get())) != "COMMIT") {
    throw DbError(DbError::Kind::other, "the transaction was rolled back by the server");
  }
}

void PostgresConnection::rollback() noexcept {
  PGconn* connection = connection_.get();
  if (PQstatus(connection) != CONNECTION_OK || PQtransactionStatus(connection) == PQTRANS_IDLE) {
    return;
  }
  // A failure leaves the connection outside the idle state: reusable() then
  // refuses it.
  PgResultHandle(PQexec(connection, "ROLLBACK"));
}

bool PostgresConnection::alive() noexcept {
  // Reads whatever the server sent meanwhile, so that a connection it has
  // closed (restart, terminated backend) shows as bad before it is used. The
  // first read may only drain the server's farewell message; the second then
  // sees the closed socket.
  for (int read = 0; read < 2; ++read) {
    if (PQconsumeInput(connection_.get()) != 1) return false;
  }
  return PQstatus(connection_.get()) == CONNECTION_OK;
}

bool PostgresConnection::reusable() noexcept {
  return PQstatus(connection_.get()) == CONNECTION_OK && PQtransactionStatus(connection_.get()) == PQTRANS_IDLE;
}

PgResultHandle PostgresConnection::check(PgResultHandle result, std::string_view sql) {
  if (result) {
    const auto status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  }
  fail(result.get(), sql);
}

void PostgresConnection::fail(const PGresult* result, std::string_view sql) {
  const bool lost = PQstatus(connection_.get()) != CONNECTION_OK;
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? trimmed(PQresultErrorMessage(result)) : std::string();
  if (message.empty()) message = trimmed(PQerrorMessage(connection_.get()));
  if (message.empty() && result) message = PQresStatus(PQresultStatus(result));
  if (result && PQresultStatus(result) == PGRES_EMPTY_QUERY) message = "empty statement";

  DbError::Kind kind = DbError::Kind::other;
  if (lost) {
    kind = DbError::Kind::unavailable;
  } else if (state != nullptr) {
    kind = kind_of(state);
  }
  if (state != nullptr) message += " [" + std::string(state) + "]";
  throw DbError(kind, message + " in: " + excerpt(sql));
}

std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (parsed == nullptr) {
    const std::string reason = error ? trimmed(error) : "out of memory";
    PQfreemem(error);
    throw DbError(DbError::Kind::other, "invalid PostgreSQL URL: " + reason);
  }
  PQconninfoFree(parsed);

  const auto acquire_timeout = std::chrono::milliseconds(std::max(1000, 2 * options.statement_timeout_ms));
  auto connect = [url, options] { return std::make_unique<PostgresConnection>(url, options); };
  // Transactions are grouped, many to a commit: one round trip for BEGIN
  // and one for COMMIT (with its WAL flush) per batch instead of per work.
  auto database = std::make_unique<PooledDatabase>(
      Engine::postgres, "pg", static_cast<std::size_t>(options.pool_size), acquire_timeout, connect,
      PooledDatabase::GroupCommit{.factory = connect, .committers = options.committers});
  return database;
}

}  // namespace eventbook::db::detail
