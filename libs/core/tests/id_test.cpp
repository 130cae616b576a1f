#include "eventbook/core/id.hpp"

#include <gtest/gtest.h>

#include <set>

namespace eventbook::core {
namespace {

TEST(NewId, IsAVersion7UuidThatSortsInCreationOrder) {
  std::string previous = new_id();
  std::set<std::string> seen{previous};
  for (int i = 0; i < 20000; ++i) {
    std::string id = new_id();
    ASSERT_TRUE(looks_like_id(id)) << id;
    ASSERT_EQ(id[14], '7');
    ASSERT_LT(previous, id);
    ASSERT_TRUE(seen.insert(id).second);
    previous = id;
  }
}

TEST(LooksLikeId, RejectsOtherText) {
  EXPECT_FALSE(looks_like_id(""));
  EXPECT_FALSE(looks_like_id("123"));
  EXPECT_FALSE(looks_like_id("0190a3c2-0000-7000-8000-00000000000g"));
  EXPECT_FALSE(looks_like_id("0190a3c2x0000-7000-8000-000000000000"));
  EXPECT_TRUE(looks_like_id("0190a3c2-0000-7000-8000-000000000000"));
}

}  // namespace
}  // namespace eventbook::core
