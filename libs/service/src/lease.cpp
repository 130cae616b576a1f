#include "eventbook/service/lease.hpp"

namespace eventbook::service {

namespace {

constexpr const char* kTakeLease =
    "INSERT INTO leases (name, owner, until) VALUES ($1, $2, $4) ON CONFLICT (name) DO UPDATE "
    "SET owner = excluded.owner, until = excluded.until WHERE leases.owner = excluded.owner OR leases.until < $3";

}  // namespace

core::Task<bool> take_lease(db::Database& database, std::string name, std::string owner, std::int64_t now,
                            std::int64_t until) {
  db::Params params{std::move(name), std::move(owner), now, until};
  auto result = co_await database.write(kTakeLease, std::move(params));
  co_return result.affected == 1;
}

}  // namespace eventbook::service
