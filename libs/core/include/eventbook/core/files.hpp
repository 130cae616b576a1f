#pragma once

#include <filesystem>

namespace eventbook::core {

// Creates dir (and its parents) if missing, and makes it and everything in it
// private to the user the process runs as: group and others lose every
// permission (a data directory holds password hashes, e-mail addresses and
// signing keys). Throws std::filesystem::filesystem_error.
void make_private_directory(const std::filesystem::path& dir);

}  // namespace eventbook::core
