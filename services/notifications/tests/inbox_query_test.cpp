#include "notifications/domain/inbox_query.hpp"

#include <gtest/gtest.h>

namespace eventbook::notifications {
namespace {

TEST(ReadUnreadOnly, IsTrueOrFalseAndAllWithoutIt) {
  std::vector<core::FieldError> errors;
  EXPECT_TRUE(read_unread_only(std::string("true"), errors));
  EXPECT_FALSE(read_unread_only(std::string("false"), errors));
  EXPECT_FALSE(read_unread_only(std::nullopt, errors));
  EXPECT_TRUE(errors.empty());
  for (const char* bad : {"", "1", "yes", "TRUE"}) {
    std::vector<core::FieldError> found;
    EXPECT_FALSE(read_unread_only(std::string(bad), found)) << bad;
    ASSERT_EQ(found.size(), 1u) << bad;
    EXPECT_EQ(found[0].field, "unread");
    EXPECT_EQ(found[0].message, "must be true or false");
  }
}

}  // namespace
}  // namespace eventbook::notifications
