#pragma once

#include "eventbook/core/task.hpp"
#include "eventbook/db/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace eventbook::service {

// The leases table, for a service whose replicas share work that one of
// them must do at a time.
std::vector<db::Migration> lease_migrations();

// Takes (or renews) the lease `name` for `owner` until `until` (UTC ms):
// true when nobody held it, it had run out by `now`, or `owner` held it;
// false while another holder's lease runs. One statement.
core::Task<bool> take_lease(db::Database& database, std::string name, std::string owner, std::int64_t now,
                            std::int64_t until);

}  // namespace eventbook::service
