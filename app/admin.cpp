#include "commands.hpp"

#include "eventbook/core/loop.hpp"

#include "users/users_service.hpp"

#include <filesystem>
#include <iostream>

namespace eventbook::app {

int run_admin(const core::Args& args) {
  args.allow_only({"database-url", "data-dir", "log-level", "help"});
  const auto& positional = args.positional();
  if (positional.size() != 4 || positional[1] != "grant-role") {
    std::cerr << usage("admin");
    return 2;
  }
  const std::string& email = positional[2];
  const std::string& role = positional[3];
  std::filesystem::path dir = args.get_or("data-dir", "data");
  auto database = db::Database::open(args.get_or("database-url", (dir / "users.db").string()));
  database->migrate(users::migrations());
  try {
    if (!core::run_blocking(users::grant_role(*database, email, role))) {
      std::cerr << "eventbook: no account with e-mail " << email << "\n";
      return 1;
    }
  } catch (const std::invalid_argument& error) {
    std::cerr << "eventbook: " << error.what() << "\n";
    return 2;
  }
  std::cout << "Granted role " << role << " to " << email << ".\n";
  return 0;
}

}  // namespace eventbook::app
