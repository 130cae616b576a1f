#include "users/domain/validation.hpp"

#include <gtest/gtest.h>

namespace eventbook::users {
namespace {

TEST(CheckUsername, AcceptsThreeToThirtyTwoOfTheAllowedCharacters) {
  EXPECT_EQ(check_username("johndoe"), std::nullopt);
  EXPECT_EQ(check_username("a_b.c-9"), std::nullopt);
  EXPECT_EQ(check_username(std::string(32, 'x')), std::nullopt);
  EXPECT_NE(check_username("ab"), std::nullopt);
  EXPECT_NE(check_username(std::string(33, 'x')), std::nullopt);
  EXPECT_NE(check_username("john doe"), std::nullopt);
  EXPECT_NE(check_username("john@doe"), std::nullopt);
  EXPECT_NE(check_username("jöhn"), std::nullopt);
}

TEST(CheckEmail, FollowsTheAddressSyntax) {
  EXPECT_EQ(check_email("johndoe@example.com"), std::nullopt);
  EXPECT_EQ(check_email("first.last+tag@sub.example.co.uk"), std::nullopt);
  for (const char* bad : {"", "plain", "@example.com", "john@", "john@example", "john@@example.com",
                          "john doe@example.com", ".john@example.com", "john..doe@example.com",
                          "john@-example.com", "john@example..com", "john@exa mple.com"}) {
    EXPECT_NE(check_email(bad), std::nullopt) << bad;
  }
  EXPECT_NE(check_email(std::string(65, 'a') + "@example.com"), std::nullopt);
}

TEST(CheckPassword, NeedsEightToTenTwentyFourBytes) {
  EXPECT_NE(check_password(""), std::nullopt);
  EXPECT_NE(check_password("1234567"), std::nullopt);
  EXPECT_EQ(check_password("12345678"), std::nullopt);
  EXPECT_EQ(check_password(std::string(1024, 'p')), std::nullopt);
  EXPECT_NE(check_password(std::string(1025, 'p')), std::nullopt);
}

TEST(Roles, AreTheThreeKnownOnes) {
  EXPECT_TRUE(is_role("attendee"));
  EXPECT_TRUE(is_role("organizer"));
  EXPECT_TRUE(is_role("admin"));
  EXPECT_FALSE(is_role("root"));
  EXPECT_FALSE(is_role("Admin"));
  EXPECT_EQ(fold_case("John@Example.COM"), "john@example.com");
}

}  // namespace
}  // namespace eventbook::users
