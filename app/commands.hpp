#pragma once

#include "eventbook/core/config.hpp"

#include <string>

namespace eventbook::app {

std::string usage(const std::string& command);
int run_dev(const core::Args& args);
int run_service(const std::string& name, const core::Args& args);
int run_admin(const core::Args& args);

}  // namespace eventbook::app
