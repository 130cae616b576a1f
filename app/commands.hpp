#pragma once

#include "eventbook/core/config.hpp"

#include <ostream>
#include <string>

namespace eventbook::app {

std::string usage(const std::string& command);
int run_dev(const core::Args& args);
int run_service(const std::string& name, const core::Args& args);
int run_admin(const core::Args& args);
int run_demo_data(const core::Args& args);
// Registers demo people and fills in events and bookings through the API at `url`.
void load_demo_data(const std::string& url, std::ostream& out);
// Prints every route the services register (SERVICE METHOD PATTERN, or --json).
int run_routes(const core::Args& args);

}  // namespace eventbook::app
