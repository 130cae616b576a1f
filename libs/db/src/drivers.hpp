#pragma once

#include <memory>
#include <string>

#include "eventbook/db/database.hpp"

namespace eventbook::db::detail {

std::unique_ptr<Database> open_sqlite(const std::string& path, const Options& options);
std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options);

}  // namespace eventbook::db::detail
