#pragma once

#include <memory>
#include <string>

#include "eventbook/db/database.hpp"

namespace eventbook::db::detail {

std::unique_ptr<Database> open_sqlite(const std::string& path, const Options& options);
std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options);

// Lets the statements of the session's transaction run without the
// statement timeout (a migration rewriting a large table): the session must
// be one a Database of this library handed to a work.
void lift_statement_timeout(Session& session);

}  // namespace eventbook::db::detail
