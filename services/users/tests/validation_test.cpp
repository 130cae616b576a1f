#include "users/domain/validation.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <string>
#include <vector>

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

// The fields a reader refused, or nothing when it took the body.
template <class Read>
std::vector<std::string> bad_fields(const std::string& json, Read read) {
  try {
    read(boost::json::parse(json).as_object());
  } catch (const core::ApiError& error) {
    std::vector<std::string> names;
    for (const auto& field : error.fields()) names.push_back(field.field);
    return names;
  }
  return {};
}

TEST(ReadRegistration, TakesTheThreeFieldsAndNamesEveryBadOne) {
  auto wanted = read_registration(
      boost::json::parse(R"({"username":"johndoe","email":"johndoe@example.com","password":"securepassword"})")
          .as_object());
  EXPECT_EQ(wanted.username, "johndoe");
  EXPECT_EQ(wanted.email, "johndoe@example.com");
  EXPECT_EQ(wanted.password, "securepassword");
  EXPECT_EQ(bad_fields(R"({})", read_registration), (std::vector<std::string>{"username", "email", "password"}));
  EXPECT_EQ(bad_fields(R"({"username":"jo","email":"x","password":"short","role":"admin"})", read_registration),
            (std::vector<std::string>{"role", "username", "email", "password"}));
  EXPECT_EQ(bad_fields(R"({"username":"johndoe","email":"johndoe@example.com","password":"secure\u0007password"})",
                       read_registration),
            (std::vector<std::string>{"password"}));
}

TEST(ReadSignIn, TakesThePasswordAsItIs) {
  auto wanted =
      read_sign_in(boost::json::parse(R"({"email":"johndoe@example.com","password":"old\u0007one"})").as_object());
  EXPECT_EQ(wanted.password, "old\x07one");
  EXPECT_EQ(bad_fields(R"({"email":null})", read_sign_in), (std::vector<std::string>{"email", "password"}));
}

TEST(ReadProfileChange, NeedsTheCurrentPasswordForANewPasswordOrAddress) {
  auto read = [](const boost::json::object& body) { return read_profile_change(body, "ada@example.com"); };
  EXPECT_EQ(bad_fields(R"({"username":"ada.l"})", read), std::vector<std::string>{});
  EXPECT_EQ(bad_fields(R"({"email":"Ada@Example.COM"})", read), std::vector<std::string>{});
  EXPECT_EQ(bad_fields(R"({"email":"ada@example.org"})", read), (std::vector<std::string>{"currentPassword"}));
  EXPECT_EQ(bad_fields(R"({"password":"another-password"})", read), (std::vector<std::string>{"currentPassword"}));
  EXPECT_EQ(bad_fields(R"({"role":null})", read), (std::vector<std::string>{"role"}));
  auto change =
      read(boost::json::parse(R"({"password":"another-password","currentPassword":"securepassword"})").as_object());
  EXPECT_TRUE(change.sensitive);
  EXPECT_EQ(change.current_password, "securepassword");
  EXPECT_FALSE(read(boost::json::parse(R"({"username":"ada.l"})").as_object()).sensitive);
}

}  // namespace
}  // namespace eventbook::users
