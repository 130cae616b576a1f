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
  for (const char* bad :
       {"", "plain", "@example.com", "john@", "john@example", "john@@example.com", "john doe@example.com",
        ".john@example.com", "john..doe@example.com", "john@-example.com", "john@example..com", "john@exa mple.com"}) {
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

TEST(NeedsCurrentPassword, ForANewPasswordOrAnotherEmailAddress) {
  EXPECT_FALSE(needs_current_password("ada@example.com", std::nullopt, false));
  EXPECT_TRUE(needs_current_password("ada@example.com", std::nullopt, true));
  EXPECT_TRUE(needs_current_password("ada@example.com", std::string("ada@example.org"), false));
  // The same address in other letters is no change.
  EXPECT_FALSE(needs_current_password("ada@example.com", std::string("Ada@Example.COM"), false));
  EXPECT_TRUE(needs_current_password("ada@example.com", std::string("Ada@Example.COM"), true));
}

TEST(RegistrationConflict, NamesWhatIsTakenAndTheAddressFirst) {
  auto username = registration_conflict(true, false);
  EXPECT_EQ(username.status(), 409);
  EXPECT_EQ(username.code(), "already-registered");
  EXPECT_EQ(username.detail(), "An account with this username already exists.");
  ASSERT_EQ(username.fields().size(), 1u);
  EXPECT_EQ(username.fields()[0].field, "username");
  EXPECT_EQ(username.fields()[0].message, "is already taken");

  auto email = registration_conflict(false, true);
  EXPECT_EQ(email.detail(), "An account with this e-mail address already exists.");
  ASSERT_EQ(email.fields().size(), 1u);
  EXPECT_EQ(email.fields()[0].field, "email");
  EXPECT_EQ(email.fields()[0].message, "is already registered");

  auto both = registration_conflict(true, true);
  EXPECT_EQ(both.detail(), "An account with this e-mail address already exists.");
  ASSERT_EQ(both.fields().size(), 2u);
  EXPECT_EQ(both.fields()[0].field, "username");
  EXPECT_EQ(both.fields()[1].field, "email");
}

}  // namespace
}  // namespace eventbook::users
