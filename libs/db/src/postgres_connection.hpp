#pragma once

#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "connection.hpp"

namespace eventbook::db::detail {

struct PgConnCloser {
  void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};
struct PgResultClearer {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PgConnHandle = std::unique_ptr<PGconn, PgConnCloser>;
using PgResultHandle = std::unique_ptr<PGresult, PgResultClearer>;

// One libpq connection. Statements with parameters are prepared once per
// connection (named by a counter) and then only executed.
class PostgresConnection final : public Connection {
 public:
  PostgresConnection(const std::string& url, const Options& options);

  Result exec(std::string_view sql, const Params& params) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  bool alive() noexcept override;
  bool reusable() noexcept override;
  // SET LOCAL: until the transaction ends.
  void lift_statement_timeout() override { exec("SET LOCAL statement_timeout = 0", {}); }

 private:
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  using Cache = std::unordered_map<std::string, std::string, TextHash, std::equal_to<>>;

  const std::string* prepared_name(std::string_view sql, int parameter_count);
  PgResultHandle check(PgResultHandle result, std::string_view sql);
  [[noreturn]] void fail(const PGresult* result, std::string_view sql);

  PgConnHandle connection_;
  Cache prepared_;  // SQL text -> server-side statement name
  unsigned long next_statement_ = 0;
};

}  // namespace eventbook::db::detail
