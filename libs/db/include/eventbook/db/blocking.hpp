#pragma once

#include "eventbook/core/loop.hpp"
#include "eventbook/db/database.hpp"

#include <string_view>
#include <utility>

// The database's calls waited for on this thread, for code with nothing else
// in flight: tests setting up data, the command line, a blocking driver's own
// thread (a bus delivery). A request never uses these: it awaits.
namespace eventbook::db::blocking {

// One statement in a transaction of its own.
inline Result exec(Database& database, std::string_view sql, const Params& params = {}) {
  return core::run_blocking(database.write(sql, params));
}

// One read statement.
inline Result query(Database& database, std::string_view sql, const Params& params = {}) {
  return core::run_blocking(database.query(sql, params));
}

template <class Work>
auto transaction(Database& database, Work work) {
  return core::run_blocking(database.transaction(std::move(work)));
}

}  // namespace eventbook::db::blocking
