#include "eventbook/core/files.hpp"
#include "eventbook/core/id.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace eventbook::core {
namespace {

namespace fs = std::filesystem;

fs::perms mode(const fs::path& path) { return fs::status(path).permissions(); }

class PrivateDirectory : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(root); }
  fs::path root = fs::temp_directory_path() / ("eventbook-files-" + new_id());
};

TEST_F(PrivateDirectory, ANewDirectoryIsTheOwnersAlone) {
  const auto dir = root / "data" / "nested";
  make_private_directory(dir);
  ASSERT_TRUE(fs::is_directory(dir));
  EXPECT_EQ(mode(dir) & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  EXPECT_EQ(mode(dir) & fs::perms::owner_all, fs::perms::owner_all);
}

TEST_F(PrivateDirectory, AnExistingSharedDirectoryAndItsFilesAreClosed) {
  const auto dir = root / "data";
  fs::create_directories(dir / "keys");
  std::ofstream(dir / "users.db") << "x";
  std::ofstream(dir / "keys" / "signing.key") << "x";
  fs::permissions(dir, fs::perms(0755));
  fs::permissions(dir / "keys", fs::perms(0755));
  fs::permissions(dir / "users.db", fs::perms(0644));
  fs::permissions(dir / "keys" / "signing.key", fs::perms(0640));

  make_private_directory(dir);

  EXPECT_EQ(mode(dir), fs::perms(0700));
  EXPECT_EQ(mode(dir / "keys"), fs::perms(0700));
  EXPECT_EQ(mode(dir / "users.db"), fs::perms(0600));
  EXPECT_EQ(mode(dir / "keys" / "signing.key"), fs::perms(0600));
}

TEST_F(PrivateDirectory, ALinkOutOfTheDirectoryIsNotFollowed) {
  const auto dir = root / "data";
  const auto outside = root / "outside.txt";
  fs::create_directories(dir);
  std::ofstream(outside) << "x";
  fs::permissions(outside, fs::perms(0644));
  fs::create_symlink(outside, dir / "link");

  make_private_directory(dir);

  EXPECT_EQ(mode(outside), fs::perms(0644));
}

}  // namespace
}  // namespace eventbook::core
