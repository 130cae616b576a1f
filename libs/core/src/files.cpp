#include "eventbook/core/files.hpp"

namespace eventbook::core {

void make_private_directory(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  constexpr auto kShared = fs::perms::group_all | fs::perms::others_all;
  fs::create_directories(dir);
  fs::permissions(dir, kShared, fs::perm_options::remove);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_symlink()) continue;  // chmod would follow it out of the directory
    fs::permissions(entry.path(), kShared, fs::perm_options::remove);
  }
}

}  // namespace eventbook::core
