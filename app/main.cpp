#include "commands.hpp"

#include "eventbook/core/config.hpp"
#include "eventbook/core/log.hpp"

#include <sys/stat.h>

#include <iostream>

int main(int argc, char** argv) {
  using namespace eventbook;
  try {
    core::Args args(argc, argv);
    const auto& positional = args.positional();
    std::string command = positional.empty() ? "" : positional.front();
    if (command.empty() || command == "help") {
      std::cout << app::usage(positional.size() > 1 ? positional[1] : "");
      return command.empty() && !args.flag("help") ? 2 : 0;
    }
    if (args.flag("help")) {
      std::cout << app::usage(command);
      return 0;
    }
    core::log::init(core::log::parse_level(args.get_or("log-level", "info")));
    // Whatever this process creates (databases and their WAL, keys, dead
    // letters) is its user's alone.
    ::umask(077);
    if (command == "dev") return app::run_dev(args);
    if (command == "admin") return app::run_admin(args);
    if (command == "demo-data") return app::run_demo_data(args);
    if (command == "routes") return app::run_routes(args);
    if (command == "users" || command == "events" || command == "bookings" || command == "notifications" ||
        command == "queue" || command == "gateway") {
      return app::run_service(command, args);
    }
    std::cerr << "eventbook: unknown command '" << command << "' (see eventbook --help)\n";
    return 2;
  } catch (const core::ConfigError& error) {
    std::cerr << "eventbook: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "eventbook: " << error.what() << "\n";
    return 1;
  }
}
