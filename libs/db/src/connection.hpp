#pragma once

#include <string_view>

#include "eventbook/db/database.hpp"

namespace eventbook::db::detail {

// One open connection of either engine. Used by one thread at a time: the
// pool hands it out exclusively.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Result exec(std::string_view sql, const Params& params) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  // Ends an open transaction, if any. Never throws: a connection that cannot
  // roll back reports itself not reusable.
  virtual void rollback() noexcept = 0;

  // Lets the statements of the open transaction run as long as they take
  // (a migration rewriting a large table); the next transaction has the
  // timeout again.
  virtual void lift_statement_timeout() = 0;

  // Checked when the pool hands the connection out: false for a connection
  // the server has closed meanwhile.
  virtual bool alive() noexcept = 0;
  // Checked when the connection comes back: false if it is broken or still
  // inside a transaction.
  virtual bool reusable() noexcept = 0;
};

}  // namespace eventbook::db::detail
